import type { ApiConfig } from '../config/types.js';
import type { ProbeSample } from '../core/probe-sample.js';
import { isLoopback } from '../probe/user-agent.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { MinHeap } from './min-heap.js';

export interface SchedulerOptions {
  apis: ApiConfig[];
  clock: Clock;
  /** Undefined when the probe was cut short by stopping: that says nothing about the API. */
  probe: (api: ApiConfig) => Promise<ProbeSample | undefined>;
  onSample: (sample: ProbeSample) => void;
  /** Probes in flight at once, fleet-wide. */
  concurrency: number;
  /** Probes in flight at once to one non-loopback host: polite by default. */
  perHostConcurrency: number;
  /** 0..1; spreads first probes over one interval so the fleet does not start in lock step. */
  random?: () => number;
  /** Called as each probe starts, with how late it is against its schedule. */
  onStart?: (api: ApiConfig, lagMs: number) => void;
}

interface Due {
  api: ApiConfig;
  dueAt: number;
}

/**
 * Runs every API's probe on its own interval. Due times are fixed from the first (jittered) start, so a slow
 * probe never drifts the schedule; a probe still running when its next turn comes skips that turn.
 */
export class ProbeScheduler {
  private readonly heap = new MinHeap<ApiConfig>();
  private readonly waiting: Due[] = [];
  private readonly inFlight = new Set<string>();
  /** Ids in `waiting`: an API waits at most once, so a saturated fleet neither piles up turns nor runs one API twice. */
  private readonly queued = new Set<string>();
  private readonly perHost = new Map<string, number>();
  private readonly backoffUntil = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private timer: TimerHandle | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = true;
  /** Each API's host for the per-host limit (undefined on loopback), parsed once rather than per launch. */
  private readonly hosts: Map<string, string | undefined>;

  constructor(private readonly options: SchedulerOptions) {
    this.hosts = new Map(options.apis.map((api) => [api.id, hostOf(api)]));
  }

  start(): void {
    this.stopped = false;
    const random = this.options.random ?? Math.random;
    const now = this.options.clock.now();
    for (const api of this.options.apis) {
      if (api.url === undefined) continue;
      this.heap.push(now + Math.floor(random() * api.intervalMs), api);
    }
    this.arm();
  }

  /** Stops scheduling and waits for the probes in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all([...this.running]);
  }

  private arm(): void {
    const next = this.heap.peekKey();
    if (this.stopped || next === undefined || next >= this.timerAt) return;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = this.options.clock.setTimeout(() => this.tick(), Math.max(0, next - this.options.clock.now()));
  }

  private tick(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.options.clock.now();
    while ((this.heap.peekKey() ?? Number.POSITIVE_INFINITY) <= now) {
      const key = this.heap.peekKey()!;
      const api = this.heap.pop()!;
      const due = { api, dueAt: key };
      this.heap.push(this.nextDue(api, key, now), api);
      if (this.inFlight.has(api.id) || this.queued.has(api.id) || now < (this.backoffUntil.get(api.id) ?? 0)) continue;
      this.queued.add(api.id);
      this.waiting.push(due);
    }
    this.drain();
    this.arm();
  }

  private nextDue(api: ApiConfig, dueAt: number, now: number): number {
    let next = dueAt + api.intervalMs;
    if (next <= now) next += Math.ceil((now - next + 1) / api.intervalMs) * api.intervalMs;
    return next;
  }

  private drain(): void {
    for (let i = 0; i < this.waiting.length && this.inFlight.size < this.options.concurrency; ) {
      const due = this.waiting[i]!;
      const host = this.hosts.get(due.api.id);
      if (host !== undefined && (this.perHost.get(host) ?? 0) >= this.options.perHostConcurrency) {
        i++;
        continue;
      }
      // shift() for the usual head of the queue: splice would allocate an array per launch.
      if (i === 0) this.waiting.shift();
      else this.waiting.splice(i, 1);
      this.queued.delete(due.api.id);
      this.launch(due, host);
    }
  }

  private launch(due: Due, host: string | undefined): void {
    const { api } = due;
    this.inFlight.add(api.id);
    if (host !== undefined) this.perHost.set(host, (this.perHost.get(host) ?? 0) + 1);
    this.options.onStart?.(api, this.options.clock.now() - due.dueAt);
    const run = this.options
      .probe(api)
      .then((sample) => {
        if (!sample) return;
        if (sample.retryAfterMs !== undefined) this.backoffUntil.set(api.id, this.options.clock.now() + sample.retryAfterMs);
        this.options.onSample(sample);
      })
      .finally(() => {
        this.inFlight.delete(api.id);
        if (host !== undefined) this.perHost.set(host, (this.perHost.get(host) ?? 1) - 1);
        this.running.delete(run);
        if (!this.stopped) this.drain();
      });
    this.running.add(run);
  }
}

/** The per-host limit applies only off loopback: our own test fleets may be probed as hard as we like. */
function hostOf(api: ApiConfig): string | undefined {
  if (api.url === undefined || isLoopback(api.url)) return undefined;
  return new URL(api.url).host;
}
