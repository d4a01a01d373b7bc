import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './loopback-server.js';
import { requireBinary } from './system-binaries.js';
import { tempDir } from './temp-dir.js';

export interface IrcServer {
  port: number;
  /** Kills the server (SIGKILL: connections drop as in a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same port, with the same config. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A real ngircd on loopback, on a free port, from a generated config; no DNS, ident or PAM lookups. */
export async function startIrcServer(fixedPort?: number): Promise<IrcServer> {
  requireBinary('ngircd');
  const dir = tempDir();
  const port = fixedPort ?? (await freePort());
  const conf = join(dir.path, 'ngircd.conf');
  writeFileSync(
    conf,
    [
      '[Global]',
      'Name = irc.api-health.test',
      'Info = api-health test server',
      'Listen = 127.0.0.1',
      `Ports = ${port}`,
      'MotdPhrase = "api-health test server"',
      '[Limits]',
      'MaxConnectionsIP = 0',
      '[Options]',
      'PAM = no',
      'DNS = no',
      'Ident = no',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let log = '';
  const start = async () => {
    log = '';
    child = spawn('ngircd', ['-n', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      if (await accepts(port)) return;
      await sleep(50);
    }
    throw new Error(`ngircd did not listen on 127.0.0.1:${port}:\n${log}`);
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    port,
    kill,
    restart: start,
    async stop() {
      await kill();
      dir.remove();
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Heard {
  /** Who sent it, by nick. */
  from: string;
  channel: string;
  text: string;
  /** The whole line as the server relayed it. */
  raw: string;
  at: number;
}

/** A second client in the channel, on a plain socket, that keeps every PRIVMSG and JOIN it sees. */
export class IrcReader {
  readonly heard: Heard[] = [];
  readonly joins: string[] = [];
  private socket: Socket | undefined;

  async join(port: number, channel: string, nick = 'reader'): Promise<void> {
    const socket = connect(port, '127.0.0.1');
    this.socket = socket;
    let buffer = '';
    let resolveJoined!: () => void;
    const joined = new Promise<void>((resolve) => (resolveJoined = resolve));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\r\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [, prefix = '', command = '', rest = ''] = /^(?::(\S+) )?(\S+) ?(.*)$/.exec(line) ?? [];
        const from = prefix.split('!')[0]!;
        if (command === 'PING') socket.write(`PONG ${rest}\r\n`);
        else if (command === '001') socket.write(`JOIN ${channel}\r\n`);
        else if (command === 'JOIN') {
          if (from === nick) resolveJoined();
          else this.joins.push(from);
        } else if (command === 'PRIVMSG') {
          const [, target = '', text = ''] = /^(\S+) :(.*)$/.exec(rest) ?? [];
          this.heard.push({ from, channel: target, text, raw: line, at: Date.now() });
        }
      }
    });
    socket.write(`NICK ${nick}\r\nUSER ${nick} 0 * :test reader\r\n`);
    await joined;
  }

  close(): void {
    this.socket?.destroy();
  }
}
