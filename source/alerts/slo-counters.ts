import type { ProbeSample } from '../core/probe-sample.js';
import type { CountSeries } from '../metrics/rollup.js';
import { BucketRing, type Counts } from './bucket-ring.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/**
 * Minute buckets answer the windows up to 6h, hour buckets the 3d window; one spare bucket each because
 * a window overlaps one more bucket than it spans. About 5 KB per API, whatever the run time.
 */
export const FINE_SPAN_MS = 6 * HOUR;
export const FINE_BUCKETS = FINE_SPAN_MS / MINUTE + 1;
export const COARSE_SPAN_MS = 72 * HOUR;
export const COARSE_BUCKETS = COARSE_SPAN_MS / HOUR + 1;

interface ApiCounters {
  fine: BucketRing;
  coarse: BucketRing;
}

/** Per-API good/total probe counts for the long SLO windows the 5-minute metric window cannot answer. */
export class SloCounters {
  private readonly apis = new Map<string, ApiCounters>();

  /** Only the APIs named here are counted: the others have no SLO. */
  constructor(apiIds: Iterable<string>) {
    for (const id of apiIds) this.apis.set(id, { fine: new BucketRing(FINE_BUCKETS, MINUTE), coarse: new BucketRing(COARSE_BUCKETS, HOUR) });
  }

  record(sample: ProbeSample): void {
    const counters = this.apis.get(sample.apiId);
    // A policy block (or a turn skipped for one) is the client's fault: it spends none of the API's budget.
    if (!counters || sample.outcome === 'blocked' || (sample.outcome === 'throttled' && sample.throttle?.blocked)) return;
    const ok = sample.outcome === 'ok';
    counters.fine.add(sample.at, ok);
    counters.coarse.add(sample.at, ok);
  }

  /**
   * Counts from the stored history, so the long windows go on across a restart: minute rows fill the minute
   * buckets, hour rows the hour buckets (each ring from rows of its own width, so nothing is counted twice).
   * Call before the first sample of this run, or its minutes would be counted twice.
   */
  restore(series: CountSeries): void {
    const counters = this.apis.get(series.apiId);
    if (!counters) return;
    const ring = series.stepMs === MINUTE ? counters.fine : series.stepMs === HOUR ? counters.coarse : undefined;
    if (!ring) return;
    for (let i = 0; i < series.starts.length; i++) ring.addCounts(series.starts[i]!, series.ok[i]!, series.counted[i]!);
  }

  counts(apiId: string, windowMs: number, now: number): Counts {
    const counters = this.apis.get(apiId);
    if (!counters) return { good: 0, total: 0 };
    return windowMs <= FINE_SPAN_MS ? counters.fine.sum(now, windowMs) : counters.coarse.sum(now, windowMs);
  }
}
