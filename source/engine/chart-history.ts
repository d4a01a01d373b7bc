import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_RANGE_MS, type ChartRange, type ChartSeries } from '../core/chart-range.js';
import { histogramPercentile, mergeHistogram, bucketValue, type LatencyHistogram } from '../metrics/latency-histogram.js';
import { COARSE_STEP_MS, FINE_STEP_MS, HISTORY_FILE, HistoryDb } from '../persistence/history-db.js';
import { bucketStart } from '../metrics/rollup.js';

/** Minute rows reach back 48 h at the defaults; the longer ranges read hour rows (at most 720 for 30 days). */
const FINE_UP_TO_MS = CHART_RANGE_MS['24h'];

/**
 * One API's stored history over a range ending `now`, for the detail's chart: a point per minute row up to
 * 24 h, per hour row beyond; min, p95 and max over the range from the merged histograms. Read-only, also
 * while another process writes.
 */
export function chartSeries(dir: string | undefined, apiId: string, range: ChartRange, now: number): ChartSeries {
  const spanMs = CHART_RANGE_MS[range];
  const stepMs = spanMs <= FINE_UP_TO_MS ? FINE_STEP_MS : COARSE_STEP_MS;
  const series: ChartSeries = { apiId, range, to: now, stepMs, points: [], latency: {} };
  if (dir === undefined) return { ...series, unavailable: 'no stored history (history: off)' };
  if (!existsSync(join(dir, HISTORY_FILE))) return { ...series, unavailable: 'no stored history yet' };
  let db: HistoryDb | undefined;
  try {
    db = HistoryDb.open(dir, now, { readonly: true, busyTimeoutMs: 1_000 });
    const rows = db.rows(stepMs, bucketStart(now - spanMs, stepMs), now + 1, [apiId]);
    const merged: LatencyHistogram = new Map();
    for (const { start, rollup } of rows) {
      if (rollup.probes === 0) continue;
      mergeHistogram(merged, rollup.latency);
      series.points.push({ at: start, p95: histogramPercentile(rollup.latency, 95) ?? Number.NaN, probes: rollup.probes, failures: rollup.probes - rollup.ok });
    }
    const buckets = [...merged.keys()];
    if (buckets.length > 0) {
      series.latency = { min: bucketValue(Math.min(...buckets)), p95: histogramPercentile(merged, 95), max: bucketValue(Math.max(...buckets)) };
    }
    return series;
  } catch (error) {
    return { ...series, unavailable: `history unreadable: ${(error as Error).message}` };
  } finally {
    db?.close();
  }
}
