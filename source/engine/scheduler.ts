import type { ApiConfig } from '../config/types.js';
import type { ProbeSample, Throttle } from '../core/probe-sample.js';
import { formatDuration } from '../core/duration.js';
import { isLoopback } from '../probe/user-agent.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { SkipReason } from '../core/probe-load.js';
import { backoffFor } from './backoff.js';
import { MinHeap } from './min-heap.js';
import { TurnTally } from './turn-tally.js';

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

/** A probe starting this share of its interval after its due time is late: its samples are no longer evenly spaced. */
const LATE_FRACTION = 0.25;

interface Due {
  api: ApiConfig;
  dueAt: number;
}

/**
 * Runs every API's probe on its own interval. Due times are fixed from the first (jittered) start, so a slow
 * probe never drifts the schedule; a probe still running when its next turn comes skips that turn.
 *
 * A 429 backs its API off (Retry-After, capped by `backoffFor`); each turn skipped meanwhile is reported as a
 * "throttled" sample, so the windows and rules see an API that is not serving us rather than silence.
 *
 * Turns skipped, and probes started late, are counted in `turns` with what held them back: a fleet that
 * outgrows its limits must say so, not quietly probe half as often.
 */
export class ProbeScheduler {
  private readonly heap = new MinHeap<ApiConfig>();
  private readonly waiting: Due[] = [];
  /** Ids in `waiting`: an API waits at most once, so a saturated fleet neither piles up turns nor runs one API twice. */
  private readonly queued = new Set<string>();
  private readonly perHost = new Map<string, number>();
  /** Waiting APIs passed over because their host was at its limit (the others wait for a global slot). */
  private readonly hostBlocked = new Set<string>();
  /** APIs whose probe in flight started late, and what it waited for: the cause of the turns it then overlaps. */
  private readonly lateRuns = new Map<string, SkipReason>();
  readonly turns: TurnTally;
  /** APIs backing us off: the episode as the samples report it, and when the next probe may go. */
  private readonly throttles = new Map<string, { throttle: Throttle; until: number }>();
  /** Each API's probe in flight. */
  private readonly running = new Map<string, Promise<void>>();
  private timer: TimerHandle | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = true;
  /** Each API's host for the per-host limit (undefined on loopback), parsed once rather than per launch. */
  private readonly hosts: Map<string, string | undefined>;

  constructor(private readonly options: SchedulerOptions) {
    this.hosts = new Map(options.apis.map((api) => [api.id, hostOf(api)]));
    this.turns = new TurnTally(options.clock.now());
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
    await Promise.all([...this.running.values()]);
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
      const backingOff = this.throttles.get(api.id);
      if (backingOff && now < backingOff.until) {
        this.options.onSample(throttledTurn(api, key, backingOff.throttle));
        continue;
      }
      this.turns.due(now);
      if (this.running.has(api.id)) {
        this.turns.skipped(now, this.lateRuns.get(api.id) ?? 'overrun');
        continue;
      }
      if (this.queued.has(api.id)) {
        this.turns.skipped(now, this.hostBlocked.has(api.id) ? 'per_host' : 'concurrency');
        continue;
      }
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
    for (let i = 0; i < this.waiting.length && this.running.size < this.options.concurrency; ) {
      const due = this.waiting[i]!;
      const host = this.hosts.get(due.api.id);
      if (host !== undefined && (this.perHost.get(host) ?? 0) >= this.options.perHostConcurrency) {
        this.hostBlocked.add(due.api.id);
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
    if (host !== undefined) this.perHost.set(host, (this.perHost.get(host) ?? 0) + 1);
    const now = this.options.clock.now();
    const waitedFor: SkipReason = this.hostBlocked.delete(api.id) ? 'per_host' : 'concurrency';
    if (now - due.dueAt >= api.intervalMs * LATE_FRACTION) {
      this.turns.late(now, waitedFor);
      this.lateRuns.set(api.id, waitedFor);
    }
    this.options.onStart?.(api, now - due.dueAt);
    // then(ok, failed) rather than then().finally(): finally adds promises and closures to every probe.
    const run: Promise<void> = this.options.probe(api).then(
      (sample) => {
        try {
          if (sample) this.options.onSample(this.noteThrottle(api, sample));
        } finally {
          this.release(api, host);
        }
      },
      (error: unknown) => {
        this.release(api, host);
        throw error;
      },
    );
    this.running.set(api.id, run);
  }

  /** The probe of `api` has ended: its slots are free for the next waiting one. */
  private release(api: ApiConfig, host: string | undefined): void {
    this.running.delete(api.id);
    this.lateRuns.delete(api.id);
    if (host !== undefined) this.perHost.set(host, (this.perHost.get(host) ?? 1) - 1);
    if (!this.stopped) this.drain();
  }

  /** A 429 starts (or extends) the API's back-off episode; any other answer ends it. */
  private noteThrottle(api: ApiConfig, sample: ProbeSample): ProbeSample {
    if (sample.retryAfterMs === undefined) {
      this.throttles.delete(api.id);
      return sample;
    }
    const throttle: Throttle = {
      since: this.throttles.get(api.id)?.throttle.since ?? sample.at,
      retryAfterMs: sample.retryAfterMs,
      backoffMs: backoffFor(sample.retryAfterMs, api.intervalMs),
      ...(sample.outcome === 'blocked' ? { blocked: true } : {}),
    };
    this.throttles.set(api.id, { throttle, until: this.options.clock.now() + throttle.backoffMs });
    return { ...sample, throttle };
  }
}

function throttledTurn(api: ApiConfig, dueAt: number, throttle: Throttle): ProbeSample {
  const asked = throttle.retryAfterMs > throttle.backoffMs ? ` (Retry-After asked ${formatDuration(throttle.retryAfterMs)})` : '';
  return { apiId: api.id, at: dueAt, outcome: 'throttled', message: `HTTP 429: backing off ${formatDuration(throttle.backoffMs)}${asked}`, throttle };
}

/** The per-host limit applies only off loopback: our own test fleets may be probed as hard as we like. */
function hostOf(api: ApiConfig): string | undefined {
  if (api.url === undefined || isLoopback(api.url)) return undefined;
  return new URL(api.url).host;
}
