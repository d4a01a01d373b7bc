import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { ApiConfig, TlsSettings } from '../config/types.js';
import { classifyError, classifyProbeResponse } from './classify.js';
import { checkAssertions, hasAssertions, needsJson } from './assertions.js';
import { blockedReason } from './blocked.js';
import { parseRetryAfter } from '../core/retry-after.js';
import type { Certificate, Outcome, ProbeSample } from '../core/probe-sample.js';
import { ProbeExchange } from './probe-exchange.js';
import { Deadlines } from './deadlines.js';
import { readPeerCertificate } from './peer-certificate.js';
import { checkCertificate } from './certificate-check.js';

export interface ProberOptions {
  userAgent: string;
  maxBodyBytes: number;
  /** Connections kept per origin; the scheduler limits requests per host to the same number. */
  connectionsPerOrigin: number;
  /** Longest idle time a warm connection is kept: longer than the probe interval, so probes measure warm paths. */
  keepAliveMs: number;
  /** The source address every probe connection is bound to (a vantage on a machine with several addresses). */
  localAddress?: string | undefined;
  now?: () => number;
}

interface SocketTiming {
  connectMs?: number;
  tlsMs?: number;
  certificate?: Certificate | undefined;
  claimed: boolean;
}

/** What every probe of one API sends, worked out once: parsing its URL per probe showed in profiles. */
interface Target {
  /** An expectation reads the body: it is kept, not only counted. */
  keepBody: boolean;
  /** Header, JSON or schema expectations to check on an answer that passed the status check. */
  assertions: boolean;
  origin: string;
  path: string;
  headers: Record<string, string>;
  agent: Agent;
  /** Origin and TLS settings: connections to it share one last known certificate. */
  connectionKey: string;
  /** https: only these connections bring a certificate. */
  secure: boolean;
}

/**
 * Sends one HTTP request per probe over a shared keep-alive dispatcher and times it from the moment the
 * request is written to the socket (undici's sendHeaders), so time spent queued is not counted as latency.
 */
export class HttpProber {
  /** One dispatcher per distinct TLS setting (private CA, insecure); the first is the default. */
  private readonly agents = new Map<string, Agent>();
  private readonly certificates = new Map<string, Certificate>();
  private readonly sockets = new WeakMap<Socket, SocketTiming>();
  private readonly targets = new Map<string, Target>();
  private readonly now: () => number;
  /** Every probe in flight, with its deadline. */
  private readonly deadlines = new Deadlines<ProbeExchange>((exchange, timeoutMs) => exchange.timeOut(timeoutMs));
  private closing = false;
  /**
   * The exchange whose request undici is writing right now. undici starts a request's handler and then
   * publishes its sendHeaders in one synchronous step, so this links the two without async context
   * tracking (which would tax every promise in the process).
   */
  private writing: ProbeExchange | undefined;
  private readonly onWriting = (exchange: ProbeExchange): void => {
    this.writing = exchange;
  };
  private readonly onSendHeaders = (message: unknown): void => {
    const exchange = this.writing;
    if (!exchange) return;
    this.writing = undefined;
    exchange.writtenAt = performance.now();
    exchange.socket = (message as { socket: Socket }).socket;
  };

  constructor(private readonly options: ProberOptions) {
    this.now = options.now ?? Date.now;
    this.agents.set(tlsKey(undefined), this.createAgent(undefined));
    diagnostics.subscribe('undici:client:sendHeaders', this.onSendHeaders);
  }

  private createAgent(tls: TlsSettings | undefined): Agent {
    const insecure = tls?.insecure ?? false;
    const connector = buildConnector({ ...(tls?.ca ? { ca: tls.ca } : {}), ...(insecure ? { rejectUnauthorized: false } : {}) });
    return new Agent({
      pipelining: 1,
      connections: this.options.connectionsPerOrigin,
      keepAliveTimeout: this.options.keepAliveMs,
      keepAliveMaxTimeout: Math.max(this.options.keepAliveMs, 600_000),
      connect: (connectOptions, callback) => {
        const started = performance.now();
        // undici's connector takes the source address from the options of each connection, not from its own.
        const options = this.options.localAddress === undefined ? connectOptions : { ...connectOptions, localAddress: this.options.localAddress };
        const socket = (connector as unknown as (o: typeof connectOptions, cb: typeof callback) => Socket)(options, callback);
        const timing: SocketTiming = { claimed: false };
        this.sockets.set(socket, timing);
        socket.once('connect', () => {
          timing.connectMs = performance.now() - started;
        });
        socket.once('secureConnect', () => {
          timing.tlsMs = performance.now() - started - (timing.connectMs ?? 0);
          // Read once per connection, as it opens: a reused connection keeps the figure it brought.
          timing.certificate = readPeerCertificate(socket as TLSSocket, insecure);
        });
      },
    });
  }

  async probe(api: ApiConfig): Promise<ProbeSample> {
    const at = this.now();
    const target = this.target(api);
    const exchange = new ProbeExchange(this.options.maxBodyBytes, target.keepBody, this.onWriting);
    // One deadline for headers and body together (undici's own timeouts are per phase and per chunk, so a
    // trickling body would outlive them).
    this.deadlines.add(exchange, api.timeoutMs);
    const started = performance.now();
    const { origin, path, headers } = target;
    target.agent.dispatch(
      { origin, path, method: api.method as Dispatcher.HttpMethod, headers, body: api.body, headersTimeout: api.timeoutMs, bodyTimeout: api.timeoutMs },
      exchange,
    );
    await exchange.done;
    // Taken once the body is in hand, as any client would time it (a raw undici loop ends at `await body.dump()`).
    const endAt = performance.now();
    this.deadlines.delete(exchange, api.timeoutMs);
    const certificate = this.certificateOf(target, exchange.socket);
    if (exchange.error !== undefined) {
      const { outcome, message } = this.closing
        ? { outcome: 'error' as const, message: 'stopped before the answer came' }
        : exchange.timedOut ? { outcome: 'timeout' as const, message: `timed out after ${api.timeoutMs}ms` } : classifyError(exchange.error);
      const sample: ProbeSample = { apiId: api.id, at, outcome, message, elapsedMs: endAt - started, certificate };
      this.claimConnectionInto(sample, exchange.socket);
      return sample;
    }
    const writtenAt = exchange.writtenAt ?? started;
    // One object per probe, its keys in one order: spreading a base sample into each outcome cost two copies a probe.
    const sample: ProbeSample = {
      apiId: api.id,
      at,
      outcome: 'ok',
      status: exchange.status,
      ttfbMs: exchange.ttfbAt - writtenAt,
      totalMs: endAt - writtenAt,
      bytes: exchange.bytes,
      certificate,
    };
    this.claimConnectionInto(sample, exchange.socket);
    try {
      return this.judge(sample, api, target, exchange, certificate);
    } catch (error) {
      // Whatever an answer does to the code that reads it is that answer's failure: the probe loop must go on.
      return failed(sample, 'error', `the answer could not be read: ${(error as Error).message}`);
    }
  }

  /** The answer against the API's expectations: status, blocked pages, assertions, certificate. */
  private judge(sample: ProbeSample, api: ApiConfig, target: Target, exchange: ProbeExchange, certificate: ProbeSample['certificate']): ProbeSample {
    if (exchange.tooLarge) return failed(sample, 'body_too_large', `body larger than ${this.options.maxBodyBytes} bytes`);
    const raw = exchange.body;
    const body = raw && decodeBody(raw, exchange.headers['content-encoding'], this.options.maxBodyBytes);
    if (body === TOO_LARGE) return failed(sample, 'body_too_large', `body larger than ${this.options.maxBodyBytes} bytes once decompressed`);
    const verdict = classifyProbeResponse(exchange.status, api.expect, body);
    const retryAfterMs = exchange.status === 429 ? parseRetryAfter(exchange.headers['retry-after'], this.now()) ?? 60_000 : undefined;
    if (verdict.outcome === 'unexpected_status') {
      const blocked = blockedReason(exchange.status, exchange.headers, body);
      if (blocked !== undefined) return failed(sample, 'blocked', blocked, retryAfterMs);
    }
    if (verdict.outcome === 'ok' && target.assertions) {
      const failure = checkAssertions(api.expect, exchange.headers, body);
      if (failure !== undefined) return failed(sample, 'assertion', failure);
    }
    if (verdict.outcome === 'ok' && api.expect.certificate && certificate) {
      const failure = checkCertificate(certificate, api.expect.certificate.minValidityMs, this.now());
      if (failure !== undefined) return failed(sample, 'assertion', failure);
    }
    sample.outcome = verdict.outcome;
    sample.message = verdict.message;
    sample.retryAfterMs = retryAfterMs;
    return sample;
  }

  private target(api: ApiConfig): Target {
    let target = this.targets.get(api.id);
    if (!target) {
      const url = new URL(api.url!);
      const key = tlsKey(api.tls);
      let agent = this.agents.get(key);
      if (!agent) {
        agent = this.createAgent(api.tls);
        this.agents.set(key, agent);
      }
      target = {
        keepBody: api.expect.bodyContains !== undefined || needsJson(api.expect),
        assertions: hasAssertions(api.expect),
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        headers: { 'user-agent': this.options.userAgent, 'accept-encoding': 'gzip', ...api.headers },
        agent,
        connectionKey: `${key} ${url.origin}`,
        secure: url.protocol === 'https:',
      };
      this.targets.set(api.id, target);
    }
    return target;
  }

  /** The certificate the socket brought, remembered for the origin; the last known one when the socket brought none. */
  private certificateOf(target: Target, socket: Socket | undefined): Certificate | undefined {
    if (!target.secure) return undefined;
    const brought = socket ? this.sockets.get(socket)?.certificate : undefined;
    if (brought) this.certificates.set(target.connectionKey, brought);
    return brought ?? this.certificates.get(target.connectionKey);
  }

  /** Connection phases belong to the first request sent on a new socket, and to no later one. */
  private claimConnectionInto(sample: ProbeSample, socket: Socket | undefined): void {
    const timing = socket ? this.sockets.get(socket) : undefined;
    if (!timing || timing.claimed) return;
    timing.claimed = true;
    sample.connectMs = timing.connectMs;
    sample.tlsMs = timing.tlsMs;
  }

  /** True once `abortAll` ran: samples finished after that were cut short and say nothing about the API. */
  get stopping(): boolean {
    return this.closing;
  }

  /** Ends every probe in flight at once: stopping must not wait for a hanging endpoint's timeout. */
  abortAll(): void {
    this.closing = true;
    for (const exchange of this.deadlines.items()) exchange.abort(new Error('stopped'));
  }

  async close(): Promise<void> {
    this.abortAll();
    this.deadlines.clear();
    diagnostics.unsubscribe('undici:client:sendHeaders', this.onSendHeaders);
    // Every probe was aborted above: a graceful close would still wait for connections being opened to settle.
    await Promise.all([...this.agents.values()].map((agent) => agent.destroy()));
  }
}

/** The agent a TLS setting gets: APIs with the same CA file and verification share connections. */
function tlsKey(tls: TlsSettings | undefined): string {
  return tls ? `${tls.insecure ? 'insecure' : 'verify'}:${tls.caFile ?? ''}` : 'verify:';
}

const TOO_LARGE = Symbol('too large');

/** The sample of an answer that failed past the status line. */
function failed(sample: ProbeSample, outcome: Outcome, message: string, retryAfterMs?: number): ProbeSample {
  sample.outcome = outcome;
  sample.message = message;
  if (retryAfterMs !== undefined) sample.retryAfterMs = retryAfterMs;
  return sample;
}

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
