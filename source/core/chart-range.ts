/** The API detail's chart ranges, on keys 1…6: the live probes until one is chosen. */
export const CHART_RANGES = ['15m', '1h', '6h', '24h', '7d', '30d'] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const CHART_RANGE_MS: Record<ChartRange, number> = { '15m': 15 * MINUTE, '1h': HOUR, '6h': 6 * HOUR, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };

/** The widest the detail draws a range's chart: a source that picks its own step needs no finer one. */
export const CHART_MAX_COLUMNS = 120;

/** One stored bucket of an API's history as the chart draws it. */
export interface ChartPoint {
  /** The bucket's start (epoch ms). */
  at: number;
  /** The bucket's p95 latency of ok probes (of every probe, from Prometheus); NaN when every probe in it failed. */
  p95: number;
  probes: number;
  failures: number;
}

/** What the time axis marks: an alarm of the API firing or resolving, a maintenance window, the prober offline. */
export interface ChartMark {
  kind: 'firing' | 'resolved' | 'maintenance' | 'offline';
  from: number;
  /** The end of a spell (maintenance, offline); a transition is an instant. */
  to?: number | undefined;
}

/** A range of one API's stored history, read for the detail's chart. */
export interface ChartSeries {
  apiId: string;
  range: ChartRange;
  /** The range's end (when it was read) and the width of its buckets: minute rows up to 24h, hour rows beyond. */
  to: number;
  stepMs: number;
  points: ChartPoint[];
  /** Over the whole range, from the merged histograms; undefined without an ok probe. */
  latency: { min?: number | undefined; p95?: number | undefined; max?: number | undefined };
  /** Alarm transitions, maintenance and offline spells in the range, oldest first. */
  marks: ChartMark[];
  /** Why there is nothing to draw (history off, no history.db yet, a fault reading it). */
  unavailable?: string | undefined;
  /** Where the points come from when not the stored history (--remote: "Prometheus, 6h steps"). */
  source?: string | undefined;
}
