import type { Dispatcher } from 'undici';
import type { Config } from '../config/types.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { queryVector, type VectorResult } from '../sources/prometheus-vector.js';
import { vantageQueries, vantageStates } from './vantage-queries.js';
import type { VantageStates } from '../state/vantage-view.js';

export interface VantageReadOptions {
  /** The config as written (its rules and urls), not the remote view of it. */
  config: Pick<Config, 'apis' | 'defaults'>;
  prometheus: string;
  headers?: Record<string, string> | undefined;
  dispatcher: Dispatcher;
  timeoutMs: number;
  maxAnswerBytes?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** What the vantages see now, read once from the team's Prometheus; a message when it did not answer. */
export async function readVantages(options: VantageReadOptions): Promise<{ ok: true; states: VantageStates } | { ok: false; message: string }> {
  const queries = vantageQueries(options.config);
  const client = {
    url: options.prometheus,
    headers: options.headers,
    dispatcher: options.dispatcher,
    timeoutMs: options.timeoutMs,
    maxAnswerBytes: options.maxAnswerBytes,
    signal: options.signal,
  };
  const none: VectorResult = { ok: true, samples: [] };
  const [seen, failing, p95] = await Promise.all([
    queryVector(client, queries.seen),
    queries.failing === undefined ? none : queryVector(client, queries.failing),
    queryVector(client, queries.p95),
  ]);
  for (const result of [seen, failing, p95]) if (!result.ok) return result;
  const samples = (r: VectorResult) => (r.ok ? r.samples : []);
  return { ok: true, states: vantageStates(options.config, samples(seen), samples(failing), samples(p95)) };
}

/** --remote: every `pollMs` the vantages' view of each API, into the store; a failed read keeps the last one. */
export class VantagePoller {
  private timer: TimerHandle | undefined;
  private running = false;
  private polling: Promise<void> | undefined;

  constructor(private readonly options: VantageReadOptions & { clock: Clock; pollMs: number; apply(states: VantageStates): void }) {}

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    await this.polling;
  }

  private schedule(delayMs: number): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.polling = readVantages(this.options)
        .then((read) => {
          if (read.ok) this.options.apply(read.states);
        })
        // A read never throws; should applying it ever, the next poll still comes.
        .catch(() => undefined)
        .finally(() => {
          if (this.running) this.schedule(this.options.pollMs);
        });
    }, delayMs);
  }
}
