import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_RANGE_MS, type ChartMark, type ChartRange, type ChartSeries } from '../core/chart-range.js';
import { readEventLog } from '../persistence/event-log.js';
import { histogramPercentile, mergeHistogram, bucketValue, type LatencyHistogram } from '../metrics/latency-histogram.js';
import { COARSE_STEP_MS, FINE_STEP_MS, HISTORY_FILE, HistoryDb, type HistoryNote } from '../persistence/history-db.js';
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
  const series: ChartSeries = { apiId, range, to: now, stepMs, points: [], latency: {}, marks: [] };
  if (dir === undefined) return { ...series, unavailable: 'no stored history (history: off)' };
  if (!existsSync(join(dir, HISTORY_FILE))) return { ...series, unavailable: 'no stored history yet' };
  let db: HistoryDb | undefined;
  try {
    db = HistoryDb.open(dir, now, { readonly: true, busyTimeoutMs: 1_000 });
    const rows = db.apiRows(stepMs, apiId, bucketStart(now - spanMs, stepMs), now + 1);
    const merged: LatencyHistogram = new Map();
    for (const { start, rollup } of rows) {
      if (rollup.probes === 0) continue;
      mergeHistogram(merged, rollup.latency);
      series.points.push({ at: start, p95: histogramPercentile(rollup.latency, 95) ?? Number.NaN, probes: rollup.probes, failures: rollup.probes - rollup.ok });
    }
    series.marks = [...logMarks(dir, apiId, now - spanMs, now), ...offlineMarks(db.notes(now - spanMs, now + 1), now)].sort((a, b) => a.from - b.from);
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

/**
 * The API's alarm transitions and the maintenance windows of events.jsonl in [from, to]: a window's start and
 * end lines are one spell (one still open runs to `to`).
 */
function logMarks(dir: string, apiId: string, from: number, to: number): ChartMark[] {
  const marks: ChartMark[] = [];
  const open = new Map<string, number>();
  for (const entry of readEventLog(dir).entries) {
    const at = Date.parse(entry.at);
    if (entry.kind === 'maintenance_started' || entry.kind === 'maintenance_ended') {
      const window = typeof entry.maintenance === 'object' ? entry.maintenance : undefined;
      const key = window ? `${window.id}\u0000${window.start}` : entry.at;
      if (entry.kind === 'maintenance_started') open.set(key, at);
      else {
        const start = open.get(key) ?? (window ? Date.parse(window.start) : at);
        open.delete(key);
        if (at >= from && start <= to) marks.push({ kind: 'maintenance', from: Math.max(from, start), to: Math.min(to, at) });
      }
      continue;
    }
    if (entry.api !== apiId || at < from || at > to) continue;
    if (entry.kind === 'firing' || entry.kind === 'resolved') marks.push({ kind: entry.kind, from: at });
  }
  for (const start of open.values()) if (start <= to) marks.push({ kind: 'maintenance', from: Math.max(from, start), to });
  return marks;
}

/** The prober's offline spells from history.db's notes; one not yet over runs to `to`. */
function offlineMarks(notes: readonly HistoryNote[], to: number): ChartMark[] {
  const marks: ChartMark[] = [];
  let since: number | undefined;
  for (const note of notes) {
    if (note.kind === 'offline') since ??= note.at;
    else if (note.kind === 'online' && since !== undefined) {
      marks.push({ kind: 'offline', from: since, to: note.at });
      since = undefined;
    }
  }
  if (since !== undefined) marks.push({ kind: 'offline', from: since, to });
  return marks;
}
