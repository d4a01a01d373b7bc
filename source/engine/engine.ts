import type { ApiConfig, Config } from '../config/types.js';
import type { WarmApi } from './warm-start.js';
import { ApiWindow } from '../metrics/api-window.js';
import type { MetricSummary } from '../metrics/summary.js';
import type { ProbeSample } from '../core/probe-sample.js';
import type { ExternalFigures } from '../sources/external-figures.js';
import { mergeFigures } from '../sources/merge-figures.js';
import type { FleetActions } from '../state/fleet-state.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { ProbeScheduler } from './scheduler.js';

export interface EngineOptions {
  config: Config;
  /** Where fresh figures go; the engine keeps its own and never reads them back. */
  actions: Pick<FleetActions, 'applyMetrics'>;
  clock: Clock;
  probe: ConstructorParameters<typeof ProbeScheduler>[0]['probe'];
  /** How often batched results reach the store. */
  flushMs?: number;
  onStart?: ConstructorParameters<typeof ProbeScheduler>[0]['onStart'];
  random?: () => number;
  /** The rule side: sees every sample (for long SLO windows) and evaluates the fresh figures after each flush. */
  alarms?: AlarmEvaluator;
  /** Called with every probe result as it arrives (the Prometheus exporter counts them). */
  onSample?: (sample: ProbeSample) => void;
  /** Figures from outside our probes (Prometheus), merged into the summaries of the APIs they serve. */
  external?: ExternalFigures;
  /** Keep each API's sparkline points (default); a headless run draws none, and 2,000 APIs' 15 minutes of them are 32 MB. */
  sparklines?: boolean;
}

export interface AlarmEvaluator {
  recordSample(sample: ProbeSample): void;
  evaluate(now: number, metrics: Record<string, MetricSummary>): void;
}

const RATE_WINDOW_MS = 5_000;
/** Every window is re-read this often, so an API that stopped answering still ages out of its figures. */
const FULL_REFRESH_MS = 5_000;
/** Rules run on fresh figures once a second: their `for` durations are seconds to minutes long. */
const EVALUATE_EVERY_MS = 1_000;

/**
 * Wires probes to metric windows to the store. Samples are batched: the store changes a few times a second,
 * not once per probe, so a large fleet does not re-render the UI thousands of times.
 */
export class Engine {
  private readonly windows = new Map<string, ApiWindow>();
  /** Each API's latest summary, as last published. */
  private readonly summaries: Record<string, MetricSummary> = {};
  private readonly apis = new Map<string, ApiConfig>();
  private readonly dirty = new Set<string>();
  private readonly scheduler: ProbeScheduler;
  /** Probes completed per flush, for the probes-per-second figure. */
  private readonly recent: { at: number; count: number }[] = [];
  private sinceFlush = 0;
  private timer: TimerHandle | undefined;
  private totalProbes = 0;
  private readonly startedAt: number;
  private lastUpdate: number | undefined;
  private lastFullRefresh = 0;
  private lastEvaluation = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: EngineOptions) {
    const { config } = options;
    this.startedAt = options.clock.now();
    for (const api of config.apis) {
      this.windows.set(api.id, new ApiWindow(config.defaults.windowMs, api.intervalMs, options.sparklines === false ? false : config.defaults.sparklineMs));
      this.apis.set(api.id, api);
    }
    this.scheduler = new ProbeScheduler({
      apis: config.apis,
      clock: options.clock,
      probe: options.probe,
      onSample: (sample) => this.record(sample),
      concurrency: config.defaults.concurrency,
      perHostConcurrency: config.defaults.perHostConcurrency,
      onStart: options.onStart,
      random: options.random,
    });
  }

  /** The scheduler's counts of turns due, skipped and late, for /metrics. */
  get turns(): ProbeScheduler['turns'] {
    return this.scheduler.turns;
  }

  start(): void {
    this.scheduler.start();
    this.options.external?.start((apiId) => this.dirty.add(apiId));
    this.schedule();
  }

  /**
   * Warm start: stored points and figures into the windows, published at once so the first frame has them;
   * the rules are not run on them (fresh samples judge).
   */
  seed(warm: ReadonlyMap<string, WarmApi>): void {
    const now = this.options.clock.now();
    const updates: Record<string, MetricSummary> = {};
    for (const [id, api] of warm) {
      const window = this.windows.get(id);
      if (!window) continue;
      window.seed(api.points, api.stored);
      updates[id] = this.summarize(id, now);
    }
    if (Object.keys(updates).length === 0) return;
    Object.assign(this.summaries, updates);
    this.options.actions.applyMetrics(updates, { probesPerSecond: 0, totalProbes: 0, lastUpdate: undefined, startedAt: this.startedAt });
  }

  /** Stops probing, waits for probes in flight and flushes what they returned. */
  async stop(): Promise<void> {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all([this.scheduler.stop(), this.options.external?.stop()]);
    this.flush(true);
  }

  record(sample: ProbeSample): void {
    this.windows.get(sample.apiId)?.add(sample);
    this.options.alarms?.recordSample(sample);
    this.dirty.add(sample.apiId);
    // A throttled turn sent nothing: it is a figure for the window and the rules, not a probe to count.
    if (sample.outcome !== 'throttled') {
      this.totalProbes++;
      this.sinceFlush++;
    }
    this.options.onSample?.(sample);
  }

  /** Pushes fresh summaries to the store; `final` also runs the rules whatever the time since the last run. */
  flush(final = false): void {
    const now = this.options.clock.now();
    const full = now - this.lastFullRefresh >= FULL_REFRESH_MS;
    const ids = full ? [...this.windows.keys()] : [...this.dirty];
    if (full) this.lastFullRefresh = now;
    this.dirty.clear();
    const updates: Record<string, MetricSummary> = {};
    for (const id of ids) {
      // A window that neither gained nor lost a sample hands back its last summary: nothing to publish.
      const summary = this.summarize(id, now);
      if (summary !== this.summaries[id]) updates[id] = summary;
    }
    Object.assign(this.summaries, updates);
    if (ids.length > 0) this.lastUpdate = now;
    this.recent.push({ at: now, count: this.sinceFlush });
    this.sinceFlush = 0;
    while (this.recent.length > 0 && this.recent[0]!.at <= now - RATE_WINDOW_MS) this.recent.shift();
    const elapsed = Math.min(RATE_WINDOW_MS, Math.max(1, now - this.startedAt));
    const completed = this.recent.reduce((sum, r) => sum + r.count, 0);
    this.options.actions.applyMetrics(updates, {
      probesPerSecond: (completed * 1_000) / elapsed,
      totalProbes: this.totalProbes,
      lastUpdate: this.lastUpdate,
      startedAt: this.startedAt,
      load: this.scheduler.turns.recent(now),
    });
    if (final || now - this.lastEvaluation >= EVALUATE_EVERY_MS) {
      this.lastEvaluation = now;
      this.options.alarms?.evaluate(now, this.summaries);
    }
  }

  private summarize(id: string, now: number): MetricSummary {
    const window = this.windows.get(id)!;
    const figures = this.options.external?.read(id, now);
    if (!figures) return window.summarize(now);
    return mergeFigures(this.apis.get(id)!.url === undefined ? undefined : window.summarize(now), figures);
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.flush();
      this.schedule();
    }, this.options.flushMs ?? 250);
  }
}
