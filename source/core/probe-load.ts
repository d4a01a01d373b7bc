/**
 * Why a due probe turn did not run. "concurrency": it waited for one of the fleet's `defaults.concurrency`
 * slots; "per_host": for its host's `defaults.perHostConcurrency`; "overrun": its own previous probe, started
 * on time, was still running (the API answers more slowly than its interval).
 */
export const SKIP_REASONS = ['concurrency', 'per_host', 'overrun'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** How well the scheduler keeps up over the last minute or so: what the header and `monitor` report. */
export interface ProbeLoad {
  /** The time the figures cover: a minute, or less just after the start. */
  windowMs: number;
  /** Turns that fell due (throttled turns are not due: nothing was to be sent). */
  due: number;
  skipped: number;
  /** Probes that started, but a quarter interval or more after their due time. */
  late: number;
  /** What held back most of the skipped turns, and most of the late ones; undefined when none were. */
  skippedBy: SkipReason | undefined;
  lateBy: SkipReason | undefined;
}

/** Turns since the start, for the /metrics counters. */
export interface TurnTotals {
  due: number;
  skipped: Record<SkipReason, number>;
  late: number;
}
