import type { Dispatcher } from 'undici';
import type { ApiConfig, Config } from '../config/types.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { RecentError } from '../metrics/summary.js';
import type { ExternalFigures, SourceFigures } from './external-figures.js';
import { PrometheusApi } from './prometheus-api.js';
import type { MetricName } from '../core/rules.js';

export interface PrometheusFiguresOptions {
  config: Pick<Config, 'apis' | 'sources' | 'defaults'>;
  clock: Clock;
  dispatcher: Dispatcher;
  /** Per request; defaults to each API's probe timeout. */
  timeoutMs?: number;
  /** Longer answers are not read (`shared.maxAnswerBytes`). */
  maxAnswerBytes?: number | undefined;
}

const HISTORY = 120;
const RECENT_ERRORS = 10;
/**
 * Prometheus answers latency in seconds; the dashboard, the rules and their thresholds work in ms. The sparkline
 * follows the p95 first: the chart's max is then over the same series as the p95 beside it, never below it.
 */
const SPARKLINE_METRICS: MetricName[] = ['latency_p95', 'latency_p99', 'latency_p50'];

/**
 * A figure counts while no more than two readings after it are overdue (the next may be in flight for its whole
 * timeout); older, it is shown as stale and drives neither rules nor health.
 */
export function staleAfterMs(intervalMs: number, timeoutMs: number): number {
  return 2 * intervalMs + timeoutMs;
}

interface ApiState {
  api: ApiConfig;
  source: string;
  prometheus: PrometheusApi;
  intervalMs: number;
  staleAfterMs: number;
  /** Each metric's latest answer and when it came; a metric whose query last said "no data" has none. */
  values: Partial<Record<MetricName, { value: number; at: number }>>;
  history: { at: number; value: number }[];
  readings: number[];
  errors: RecentError[];
  currentError?: RecentError | undefined;
  timer?: TimerHandle | undefined;
}

/**
 * Reads the figures of APIs that name a `source` from Prometheus: every source interval (default: the API's
 * interval) one instant query per configured metric, and at start-up one range query that back-fills the
 * sparkline. A failure is a value on that API (shown as its last error), never an exception.
 */
export class PrometheusFigures implements ExternalFigures {
  private readonly states = new Map<string, ApiState>();
  private readonly running = new Set<Promise<void>>();
  private changed: (apiId: string) => void = () => {};
  /** For --remote's header: when any query last succeeded, and the last failure since. */
  private lastReadAt: number | undefined;
  private lastProblem: string | undefined;
  private stopped = true;
  /** Aborts the queries under way when the process stops, however slowly Prometheus answers. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: PrometheusFiguresOptions) {
    const { config } = options;
    for (const api of config.apis) {
      const source = api.source === undefined ? undefined : config.sources[api.source];
      if (!source) continue;
      const timeoutMs = options.timeoutMs ?? api.timeoutMs;
      const prometheus = new PrometheusApi({
        name: api.source!,
        url: source.url,
        headers: source.headers,
        dispatcher: options.dispatcher,
        timeoutMs,
        maxAnswerBytes: options.maxAnswerBytes,
        signal: this.stopping.signal,
      });
      const intervalMs = source.interval ?? api.intervalMs;
      this.states.set(api.id, {
        api,
        source: api.source!,
        prometheus,
        intervalMs,
        staleAfterMs: staleAfterMs(intervalMs, timeoutMs),
        values: {},
        history: [],
        readings: [],
        errors: [],
      });
    }
  }

  start(changed: (apiId: string) => void): void {
    this.changed = changed;
    this.stopped = false;
    for (const state of this.states.values()) this.track(this.backfill(state).then(() => this.poll(state)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    for (const state of this.states.values()) if (state.timer) this.options.clock.clearTimeout(state.timer);
    await Promise.all([...this.running]);
  }

  read(apiId: string, now: number): SourceFigures | undefined {
    const state = this.states.get(apiId);
    if (!state) return undefined;
    const since = now - this.options.config.defaults.windowMs;
    const values: SourceFigures['values'] = {};
    const sourced: SourceFigures['sourced'] = {};
    for (const metric of Object.keys(state.api.queries) as MetricName[]) {
      const answer = state.values[metric];
      if (!answer) sourced[metric] = { source: state.source };
      else if (now - answer.at > state.staleAfterMs) sourced[metric] = { source: state.source, at: answer.at, staleValue: answer.value };
      else {
        values[metric] = answer.value;
        sourced[metric] = { source: state.source, at: answer.at };
      }
    }
    return {
      values,
      sourced,
      samples: state.readings.filter((at) => at >= since).length,
      history: state.history.map((p) => p.value),
      historyAt: state.history.map((p) => p.at),
      lastSampleAt: state.readings.at(-1),
      currentError: state.currentError,
      recentErrors: state.errors.filter((e) => e.at >= since).reverse(),
    };
  }

  /** When Prometheus last answered a query, and what failed after that (undefined once one succeeds again). */
  status(): { readAt: number | undefined; problem: string | undefined } {
    return { readAt: this.lastReadAt, problem: this.lastProblem };
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async backfill(state: ApiState): Promise<void> {
    const metric = SPARKLINE_METRICS.find((m) => state.api.queries[m] !== undefined);
    if (metric === undefined) return;
    const end = this.options.clock.now();
    const start = end - this.options.config.defaults.windowMs;
    const step = Math.max(state.intervalMs, Math.ceil((end - start) / HISTORY));
    const result = await state.prometheus.range(state.api.queries[metric]!, start, end, step);
    if (this.stopped) return;
    if (!result.ok) {
      this.fail(state, end, result.outcome, result.message);
      return;
    }
    const points = result.points.filter((p) => Number.isFinite(p.value)).map((p) => ({ at: p.at, value: p.value * 1000 }));
    state.history = points.slice(-HISTORY);
    state.readings = points.map((p) => p.at);
    this.changed(state.api.id);
  }

  private async poll(state: ApiState): Promise<void> {
    if (this.stopped) return;
    const at = this.options.clock.now();
    const entries = Object.entries(state.api.queries) as [MetricName, string][];
    const results = await Promise.all(entries.map(async ([metric, query]) => ({ metric, result: await state.prometheus.instant(query) })));
    if (this.stopped) return;
    let failure: { outcome: RecentError['outcome']; message: string } | undefined;
    for (const { metric, result } of results) {
      if (result.ok) state.values[metric] = { value: metric.startsWith('latency') ? result.value * 1000 : result.value, at };
      else {
        if (result.noData) delete state.values[metric];
        failure ??= result;
      }
    }
    if (failure) this.fail(state, at, failure.outcome, failure.message);
    else state.currentError = undefined;
    if (results.some((r) => r.result.ok)) {
      this.lastReadAt = at;
      this.lastProblem = undefined;
    } else if (failure) this.lastProblem = failure.message;
    if (results.some((r) => r.result.ok)) this.recordReading(state, at);
    else this.pushHistory(state, at, Number.NaN);
    this.changed(state.api.id);
    state.timer = this.options.clock.setTimeout(() => this.track(this.poll(state)), state.intervalMs);
  }

  private recordReading(state: ApiState, at: number): void {
    state.readings.push(at);
    const since = at - this.options.config.defaults.windowMs;
    while (state.readings.length > 0 && state.readings[0]! < since) state.readings.shift();
    const metric = SPARKLINE_METRICS.find((m) => state.values[m]?.at === at);
    this.pushHistory(state, at, metric === undefined ? Number.NaN : state.values[metric]!.value);
  }

  /** NaN marks a reading that failed, as it marks a failed probe. */
  private pushHistory(state: ApiState, at: number, value: number): void {
    if (!SPARKLINE_METRICS.some((m) => state.api.queries[m] !== undefined)) return;
    state.history.push({ at, value });
    if (state.history.length > HISTORY) state.history.shift();
  }

  private fail(state: ApiState, at: number, outcome: RecentError['outcome'], message: string): void {
    const error = { at, outcome, message };
    state.currentError = error;
    state.errors.push(error);
    if (state.errors.length > RECENT_ERRORS) state.errors.shift();
  }
}
