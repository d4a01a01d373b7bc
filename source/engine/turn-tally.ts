import { SKIP_REASONS, type ProbeLoad, type SkipReason, type TurnTotals } from '../core/probe-load.js';

const BUCKET_MS = 1_000;
/** The window the load is judged over: long enough that one slow second is not a warning, short enough to clear soon after a fix. */
export const LOAD_WINDOW_MS = 60_000;
const BUCKETS = LOAD_WINDOW_MS / BUCKET_MS;
/** Counted per bucket: due, then skipped and late by reason. */
const DUE = 0;
const SKIPPED = 1;
const LATE = SKIPPED + SKIP_REASONS.length;
const FIELDS = LATE + SKIP_REASONS.length;

/**
 * The scheduler's own bookkeeping of probe turns: totals since the start, and per-second buckets over the
 * last minute for the share skipped or late. Fixed size, whatever the fleet or the run time.
 */
export class TurnTally {
  private readonly counts = new Float64Array(BUCKETS * FIELDS);
  /** Which second each bucket holds now; a bucket from an older second is stale and reads as empty. */
  private readonly seconds = new Float64Array(BUCKETS).fill(Number.NEGATIVE_INFINITY);
  private readonly totals: TurnTotals = { due: 0, skipped: { concurrency: 0, per_host: 0, overrun: 0 }, late: 0 };

  constructor(private readonly startedAt: number) {}

  due(at: number): void {
    this.totals.due++;
    this.add(at, DUE);
  }

  skipped(at: number, reason: SkipReason): void {
    this.totals.skipped[reason]++;
    this.add(at, SKIPPED + SKIP_REASONS.indexOf(reason));
  }

  /** A probe that started late, and what it had waited for. */
  late(at: number, reason: SkipReason): void {
    this.totals.late++;
    this.add(at, LATE + SKIP_REASONS.indexOf(reason));
  }

  total(): TurnTotals {
    return { ...this.totals, skipped: { ...this.totals.skipped } };
  }

  /** The last minute's figures, the current second included. */
  recent(now: number): ProbeLoad {
    const second = Math.floor(now / BUCKET_MS);
    const sums = new Array<number>(FIELDS).fill(0);
    for (let b = 0; b < BUCKETS; b++) {
      const at = this.seconds[b]!;
      if (at <= second - BUCKETS || at > second) continue;
      for (let f = 0; f < FIELDS; f++) sums[f]! += this.counts[b * FIELDS + f]!;
    }
    const sumOf = (first: number): number => SKIP_REASONS.reduce((sum, _, i) => sum + sums[first + i]!, 0);
    const leading = (first: number): SkipReason | undefined => {
      const best = SKIP_REASONS.reduce((top, _, i) => (sums[first + i]! > sums[first + top]! ? i : top), 0);
      return sums[first + best]! > 0 ? SKIP_REASONS[best] : undefined;
    };
    return {
      windowMs: Math.min(LOAD_WINDOW_MS, Math.max(0, now - this.startedAt)),
      due: sums[DUE]!,
      skipped: sumOf(SKIPPED),
      late: sumOf(LATE),
      skippedBy: leading(SKIPPED),
      lateBy: leading(LATE),
    };
  }

  private add(at: number, field: number): void {
    const second = Math.floor(at / BUCKET_MS);
    const b = ((second % BUCKETS) + BUCKETS) % BUCKETS;
    if (this.seconds[b] !== second) {
      this.seconds[b] = second;
      this.counts.fill(0, b * FIELDS, (b + 1) * FIELDS);
    }
    this.counts[b * FIELDS + field]!++;
  }
}
