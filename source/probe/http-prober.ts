import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { Agent, buildConnector, request } from 'undici';
import type { ApiConfig } from '../config/types.js';
import { classifyError, classifyResponse, parseRetryAfter } from './classify.js';
import type { ProbeSample } from './outcome.js';

export interface ProberOptions {
  userAgent: string;
  maxBodyBytes: number;
  /** Connections kept per origin; the scheduler limits requests per host to the same number. */
  connectionsPerOrigin: number;
  /** Longest idle time a warm connection is kept: longer than the probe interval, so probes measure warm paths. */
  keepAliveMs: number;
  now?: () => number;
}

interface Timing {
  writtenAt?: number;
  socket?: Socket;
}

interface SocketTiming {
  connectMs?: number;
  tlsMs?: number;
  claimed: boolean;
}

/**
 * Sends one HTTP request per probe over a shared keep-alive dispatcher and times it from the moment the
 * request is written to the socket (undici's sendHeaders), so time spent queued is not counted as latency.
 */
export class HttpProber {
  private readonly agent: Agent;
  private readonly context = new AsyncLocalStorage<Timing>();
  private readonly requests = new WeakMap<object, Timing>();
  private readonly sockets = new WeakMap<Socket, SocketTiming>();
  private readonly now: () => number;
  private readonly inFlight = new Set<AbortController>();
  private closing = false;
  private readonly onCreate = (message: unknown): void => {
    const timing = this.context.getStore();
    if (timing) this.requests.set((message as { request: object }).request, timing);
  };
  private readonly onSendHeaders = (message: unknown): void => {
    const { request: req, socket } = message as { request: object; socket: Socket };
    const timing = this.requests.get(req);
    if (timing) {
      timing.writtenAt = performance.now();
      timing.socket = socket;
    }
  };

  constructor(private readonly options: ProberOptions) {
    this.now = options.now ?? Date.now;
    const connector = buildConnector({});
    this.agent = new Agent({
      pipelining: 1,
      connections: options.connectionsPerOrigin,
      keepAliveTimeout: options.keepAliveMs,
      keepAliveMaxTimeout: Math.max(options.keepAliveMs, 600_000),
      connect: (connectOptions, callback) => {
        const started = performance.now();
        const socket = (connector as unknown as (o: typeof connectOptions, cb: typeof callback) => Socket)(connectOptions, callback);
        const timing: SocketTiming = { claimed: false };
        this.sockets.set(socket, timing);
        socket.once('connect', () => {
          timing.connectMs = performance.now() - started;
        });
        socket.once('secureConnect', () => {
          timing.tlsMs = performance.now() - started - (timing.connectMs ?? 0);
        });
      },
    });
    diagnostics.subscribe('undici:request:create', this.onCreate);
    diagnostics.subscribe('undici:client:sendHeaders', this.onSendHeaders);
  }

  async probe(api: ApiConfig): Promise<ProbeSample> {
    const at = this.now();
    const url = api.url!;
    const timing: Timing = {};
    // One deadline for headers and body together (undici's own timeouts are per phase and per chunk, so a
    // trickling body would outlive them). A plain timer cleared on completion: AbortSignal.timeout keeps a
    // timer and a weak reference alive for the full timeout after every probe, thousands at a time.
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), api.timeoutMs);
    const { signal } = controller;
    this.inFlight.add(controller);
    const started = performance.now();
    try {
      const response = await this.context.run(timing, () =>
        request(url, {
          dispatcher: this.agent,
          method: api.method as 'GET',
          headers: { 'user-agent': this.options.userAgent, 'accept-encoding': 'gzip', ...api.headers },
          body: api.body,
          signal,
          headersTimeout: api.timeoutMs,
          bodyTimeout: api.timeoutMs,
        }),
      );
      const ttfbAt = performance.now();
      const keepBody = api.expect.bodyContains !== undefined;
      const chunks: Buffer[] = [];
      let bytes = 0;
      let tooLarge = false;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > this.options.maxBodyBytes) {
          tooLarge = true;
          response.body.destroy();
          break;
        }
        if (keepBody) chunks.push(chunk);
      }
      const endAt = performance.now();
      const writtenAt = timing.writtenAt ?? started;
      const phases = this.claimConnection(timing.socket);
      const base: ProbeSample = {
        apiId: api.id,
        at,
        outcome: 'ok',
        status: response.statusCode,
        ttfbMs: ttfbAt - writtenAt,
        totalMs: endAt - writtenAt,
        bytes,
        ...phases,
      };
      if (tooLarge) return { ...base, outcome: 'body_too_large', message: `body larger than ${this.options.maxBodyBytes} bytes` };
      const body = keepBody ? decodeBody(Buffer.concat(chunks), response.headers['content-encoding'], this.options.maxBodyBytes) : undefined;
      if (body === TOO_LARGE) return { ...base, outcome: 'body_too_large', message: `body larger than ${this.options.maxBodyBytes} bytes once decompressed` };
      const verdict = classifyResponse(response.statusCode, api.expect, body);
      const retryAfterMs = response.statusCode === 429 ? parseRetryAfter(response.headers['retry-after'], this.now()) ?? 60_000 : undefined;
      return { ...base, outcome: verdict.outcome, message: verdict.message, retryAfterMs };
    } catch (error) {
      const { outcome, message } = this.closing
        ? { outcome: 'error' as const, message: 'stopped before the answer came' }
        : signal.aborted ? { outcome: 'timeout' as const, message: `timed out after ${api.timeoutMs}ms` } : classifyError(error);
      return { apiId: api.id, at, outcome, message, ...this.claimConnection(timing.socket) };
    } finally {
      clearTimeout(deadline);
      this.inFlight.delete(controller);
    }
  }

  /** Connection phases belong to the first request sent on a new socket, and to no later one. */
  private claimConnection(socket: Socket | undefined): { connectMs?: number; tlsMs?: number } {
    const timing = socket ? this.sockets.get(socket) : undefined;
    if (!timing || timing.claimed) return {};
    timing.claimed = true;
    return { connectMs: timing.connectMs, tlsMs: timing.tlsMs };
  }

  /** True once `abortAll` ran: samples finished after that were cut short and say nothing about the API. */
  get stopping(): boolean {
    return this.closing;
  }

  /** Ends every probe in flight at once: stopping must not wait for a hanging endpoint's timeout. */
  abortAll(): void {
    this.closing = true;
    for (const controller of this.inFlight) controller.abort();
  }

  async close(): Promise<void> {
    this.abortAll();
    diagnostics.unsubscribe('undici:request:create', this.onCreate);
    diagnostics.unsubscribe('undici:client:sendHeaders', this.onSendHeaders);
    await this.agent.close();
  }
}

const TOO_LARGE = Symbol('too large');

/** Only bodies we search are decompressed, and never past the cap: a small gzip can inflate enormously. */
function decodeBody(raw: Buffer, encoding: string | string[] | undefined, maxBytes: number): string | typeof TOO_LARGE {
  if (encoding !== 'gzip' && encoding !== 'x-gzip') return raw.toString('utf8');
  try {
    return gunzipSync(raw, { maxOutputLength: maxBytes }).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return TOO_LARGE;
    return raw.toString('utf8');
  }
}
