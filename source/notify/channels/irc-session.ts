import { createRequire } from 'node:module';
import type { Client } from 'irc-framework';
import type { DeliveryResult } from '../message.js';
import { RecentProgress } from './recent-progress.js';

/** irc-framework costs every process that never posts to IRC several MB: it is required when a session first connects. */
const require = createRequire(import.meta.url);
const ircClient = (): Client => new (require('irc-framework') as typeof import('irc-framework')).Client();

export interface IrcSessionOptions {
  host: string;
  port: number;
  tls: boolean;
  nick: string;
  channels: readonly string[];
  /** SASL PLAIN when the server offers it, else (over TLS only) a NickServ IDENTIFY after registering. */
  login?: { account: string; password: string } | undefined;
}

/**
 * Flood limits: servers drop ("Excess Flood") or throttle a client that writes lines faster than a few in a
 * burst and then about one every two seconds. A send waits its turn instead.
 */
export const FLOOD_BURST = 4;
export const FLOOD_INTERVAL_MS = 2_000;

/** How many nick variants (nick_, nick__, ...) registration tries when the nick is taken. */
const NICK_ATTEMPTS = 5;

/** A DeliveryResult thrown out of the waits, so every way a send can end returns one. */
class Failure extends Error {
  constructor(readonly result: DeliveryResult) {
    super(result.reason);
  }
}

/**
 * One connection to an IRC server, kept open between messages: registered, logged in, in its channels. A
 * connection that drops reconnects by itself with growing waits (irc-framework's backoff); one that gave up
 * is opened again by the next send. Delivery is confirmed by a PING sent after the lines: the server answers
 * it only once it has read everything before it.
 */
export class IrcSession {
  private client: Client | undefined;
  /** Registered and in every channel. */
  private up = false;
  /** The client stopped reconnecting: the next send opens a new one. */
  private gaveUp = false;
  private waiters: { resolve: () => void; reject: (error: Failure) => void }[] = [];
  private lastFailure = '';
  /** Line times of the current flood window. */
  private sentAt: number[] = [];
  private pings = 0;
  private closed = false;
  /** Counts connections: a line written on this one is in its byte stream, delivered unless it closes. */
  private connection = 0;
  /** Per message still being retried: how many of its PRIVMSGs went out, and on which connection. */
  private readonly progress = new RecentProgress<{ written: number; connection: number }>();

  constructor(private readonly options: IrcSessionOptions) {}

  /**
   * Posts `lines` to every channel and waits for the server to confirm it read them. A retry of message `key`
   * on the same connection goes on after the lines its earlier attempt wrote: a message longer than the flood
   * limit lets through in one timeout is then posted over several attempts, each line once.
   */
  async post(lines: readonly string[], timeoutMs: number, key: string): Promise<DeliveryResult> {
    const deadline = Date.now() + timeoutMs;
    const sends = this.options.channels.flatMap((channel) => lines.map((line) => `PRIVMSG ${channel} :${line}`));
    try {
      await within(this.connected(), deadline, () => `not registered with ${this.where()} within the channel's timeout${this.lastFailure ? ` (${this.lastFailure})` : ''}`);
      const connection = this.connection;
      const kept = this.progress.get(key);
      const resumed = kept?.connection === connection ? kept.written : 0;
      for (let next = resumed; next < sends.length; next++) {
        await this.floodTurn(deadline, () => `${next} of ${sends.length} lines sent; the flood limit leaves no room for the rest before the channel's timeout (the retry goes on from there)`);
        // The client drops what is written while it is down: a line must not count as sent unless this connection took it.
        if (!this.up || this.connection !== connection) {
          throw new Failure({ ok: false, retryable: true, reason: `IRC: the connection to ${this.where()} dropped after ${next} of ${sends.length} lines; the retry starts over` });
        }
        this.client!.raw(sends[next]!);
        this.wrote(key, next + 1, connection);
      }
      await within(this.pong(), deadline, () => `${this.where()} did not confirm the lines within the channel's timeout`);
      this.progress.delete(key);
      const earlier = resumed > 0 ? ` (${resumed} of the ${sends.length} sent by an earlier attempt)` : '';
      return { ok: true, retryable: false, reason: `posted ${lines.length} line${lines.length === 1 ? '' : 's'} to ${this.options.channels.join(', ')}${earlier}` };
    } catch (error) {
      if (error instanceof Failure) return error.result;
      return { ok: false, retryable: true, reason: `IRC: ${(error as Error).message}` };
    }
  }

  private wrote(key: string, written: number, connection: number): void {
    this.progress.set(key, { written, connection });
  }

  /** Quits the server and stops reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    this.fail(new Failure({ ok: false, retryable: true, reason: 'IRC: the channel is closed' }));
    if (!client) return;
    if (!client.connected) {
      client.removeAllListeners();
      client.quit();
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      client.quit('api-health stopping');
    });
    client.removeAllListeners();
  }

  private where(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /** Resolves once registered and in every channel: at once, after a reconnect under way, or on a new connection. */
  private connected(): Promise<void> {
    if (this.closed) return Promise.reject(new Failure({ ok: false, retryable: true, reason: 'IRC: the channel is closed' }));
    if (this.up) return Promise.resolve();
    const waiting = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    // Settled by its caller's deadline; a rejection nobody waits for any more must not end the process.
    waiting.catch(() => undefined);
    if (!this.client || this.gaveUp) this.open();
    return waiting;
  }

  private fail(failure: Failure): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(failure);
  }

  private open(): void {
    const { host, port, tls, nick, channels, login } = this.options;
    if (this.client) {
      this.client.removeAllListeners();
      this.client.quit();
    }
    const client = ircClient();
    this.client = client;
    this.connection++;
    this.gaveUp = false;
    this.up = false;
    let joined = new Set<string>();
    let nicks = 0;
    let loggedIn = false;
    const giveUp = (failure: Failure) => {
      this.gaveUp = true;
      this.up = false;
      client.removeAllListeners();
      client.quit();
      this.fail(failure);
    };
    client.on('loggedin', () => (loggedIn = true));
    client.on('registered', () => {
      this.lastFailure = '';
      // Without SASL, NickServ is whoever holds that nick: the password goes to it only over TLS, never in clear text.
      if (login && !loggedIn && tls) client.raw(`PRIVMSG NickServ :IDENTIFY ${login.account} ${login.password}`);
      joined = new Set();
      for (const channel of channels) client.join(channel);
    });
    client.on('join', (event: { nick: string; channel: string }) => {
      if (event.nick.toLowerCase() !== client.user.nick.toLowerCase()) return;
      joined.add(event.channel.toLowerCase());
      if (!channels.every((c) => joined.has(c.toLowerCase()))) return;
      this.up = true;
      for (const waiter of this.waiters.splice(0)) waiter.resolve();
    });
    client.on('nick in use', () => {
      nicks += 1;
      if (nicks < NICK_ATTEMPTS) client.changeNick(`${nick}${'_'.repeat(nicks)}`);
      else giveUp(new Failure({ ok: false, retryable: true, reason: `IRC: nick ${nick} and ${NICK_ATTEMPTS - 1} variants are in use on ${this.where()}` }));
    });
    client.on('irc error', (event: { error: string; channel?: string; reason?: string }) => {
      this.lastFailure = `${event.error}${event.channel ? ` ${event.channel}` : ''}${event.reason ? `: ${event.reason}` : ''}`;
      if (event.channel && channels.some((c) => c.toLowerCase() === event.channel!.toLowerCase())) {
        giveUp(new Failure({ ok: false, retryable: true, reason: `IRC: cannot post to ${event.channel} on ${this.where()}: ${this.lastFailure}` }));
      }
    });
    client.on('socket close', (error?: Error) => {
      this.up = false;
      this.connection++;
      this.lastFailure = error ? `connection closed: ${error.message}` : 'connection closed';
    });
    client.on('close', () => {
      this.gaveUp = true;
      this.fail(new Failure({ ok: false, retryable: true, reason: `IRC: ${this.where()}: ${this.lastFailure || 'connection closed'}` }));
    });
    client.connect({
      host,
      port,
      tls,
      nick,
      username: nick,
      gecos: 'api-health alarms',
      version: 'api-health',
      ...(login ? { account: login } : {}),
      auto_reconnect: true,
      auto_reconnect_max_wait: 300_000,
      auto_reconnect_max_retries: 10,
    });
  }

  /** Waits until one more line fits the flood window. */
  private async floodTurn(deadline: number, progress: () => string): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.sentAt = this.sentAt.filter((at) => now - at < FLOOD_INTERVAL_MS * FLOOD_BURST);
      const free = this.sentAt.length < FLOOD_BURST ? now : this.sentAt[0]! + FLOOD_INTERVAL_MS * FLOOD_BURST;
      if (free <= now) {
        this.sentAt.push(now);
        return;
      }
      if (free > deadline) throw new Failure({ ok: false, retryable: true, reason: `IRC: ${progress()}` });
      await new Promise((resolve) => setTimeout(resolve, free - now));
    }
  }

  private pong(): Promise<void> {
    const client = this.client!;
    const token = `api-health-${process.pid}-${++this.pings}`;
    return new Promise<void>((resolve, reject) => {
      const onPong = (event: { message?: string }) => {
        if (event.message !== token) return;
        client.off('pong', onPong);
        client.off('socket close', onClose);
        resolve();
      };
      const onClose = () => {
        client.off('pong', onPong);
        reject(new Error(`${this.where()} closed the connection before confirming the lines`));
      };
      client.on('pong', onPong);
      client.once('socket close', onClose);
      client.ping(token);
    });
  }
}

/** `promise`, or a retryable failure once `deadline` passes. */
async function within<T>(promise: Promise<T>, deadline: number, why: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Failure({ ok: false, retryable: true, reason: `IRC: ${why()}` })), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
