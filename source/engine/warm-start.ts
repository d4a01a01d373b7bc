import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { COARSE_SPAN_MS, FINE_SPAN_MS } from '../alerts/slo-counters.js';
import { histogramPercentile } from '../metrics/latency-histogram.js';
import { bucketStart, countedTurns, emptyRollup, mergeRollup, type CountSeries, type Rollup, type RollupRow } from '../metrics/rollup.js';
import type { StoredFigures } from '../metrics/summary.js';
import { COARSE_STEP_MS, FINE_STEP_MS, HISTORY_FILE, HistoryDb, type HistoryNote } from '../persistence/history-db.js';
import type { DeliveryRecord } from '../core/delivery-record.js';

/**
 * The stored counts the SLO burn-rate windows need, an API at a time: minute rows for the windows up to 6 h,
 * hour rows for the 3-day one, each with one bucket to spare. Nothing when there is no history yet; a file
 * that cannot be read is the writer's to report, so it is skipped here without a word (and so is the rest of
 * one that fails midway: the windows then fill as they would have without it).
 */
export function* sloHistory(dir: string, now: number): Generator<CountSeries> {
  if (!existsSync(join(dir, HISTORY_FILE))) return;
  let db: HistoryDb | undefined;
  try {
    db = HistoryDb.open(dir, now, { readonly: true, busyTimeoutMs: 1_000 });
    yield* db.countSeries(FINE_STEP_MS, now - FINE_SPAN_MS - FINE_STEP_MS, now + 1);
    yield* db.countSeries(COARSE_STEP_MS, now - COARSE_SPAN_MS - COARSE_STEP_MS, now + 1);
  } catch {
    return;
  } finally {
    db?.close();
  }
}

/** One API's stored past as the dashboard opens: sparkline points and the figures over the rules' window. */
export interface WarmApi {
  points: { at: number; ms: number }[];
  stored: StoredFigures | undefined;
}

/**
 * Per API, what the minute rows of the last `sparklineMs` say: a point per minute (the minute's p95 at its
 * middle; NaN for a minute of failures alone) and, when rows reach into the rules' window, its figures. Empty
 * when there is no history or it cannot be read (the writer reports that).
 */
export function recentHistory(dir: string, now: number, spans: { sparklineMs: number; windowMs: number }): Map<string, WarmApi> {
  const warm = new Map<string, WarmApi>();
  if (!existsSync(join(dir, HISTORY_FILE))) return warm;
  let db: HistoryDb | undefined;
  let rows: RollupRow[];
  try {
    db = HistoryDb.open(dir, now, { readonly: true, busyTimeoutMs: 1_000 });
    rows = db.rows(FINE_STEP_MS, bucketStart(now - Math.max(spans.sparklineMs, spans.windowMs), FINE_STEP_MS), now + 1);
  } catch {
    return warm;
  } finally {
    db?.close();
  }
  const inWindow = new Map<string, Rollup>();
  for (const row of rows) {
    let api = warm.get(row.apiId);
    if (!api) warm.set(row.apiId, (api = { points: [], stored: undefined }));
    const { rollup } = row;
    if (rollup.probes > 0 && row.start + FINE_STEP_MS > now - spans.sparklineMs) {
      api.points.push({ at: Math.min(now, row.start + FINE_STEP_MS / 2), ms: histogramPercentile(rollup.latency, 95) ?? Number.NaN });
    }
    if (row.start + FINE_STEP_MS > now - spans.windowMs) inWindow.set(row.apiId, mergeRollup(inWindow.get(row.apiId) ?? emptyRollup(), rollup));
  }
  for (const [apiId, rollup] of inWindow) {
    const counted = countedTurns(rollup);
    if (counted === 0) continue;
    warm.get(apiId)!.stored = {
      probes: rollup.probes,
      latency: { p50: histogramPercentile(rollup.latency, 50), p95: histogramPercentile(rollup.latency, 95) },
      errorRate5xx: rollup.probes === 0 ? undefined : rollup.http5xx / rollup.probes,
      availability: rollup.ok / counted,
    };
  }
  return warm;
}

/**
 * The deliveries history.db noted since `from`, as the notifier reported them (a note per alarm a message
 * carried, joined back into one record), oldest first: the alarm detail's timeline after a restart.
 */
export function storedDeliveries(dir: string, from: number, now: number): DeliveryRecord[] {
  if (!existsSync(join(dir, HISTORY_FILE))) return [];
  let db: HistoryDb | undefined;
  let notes: HistoryNote[];
  try {
    db = HistoryDb.open(dir, now, { readonly: true, busyTimeoutMs: 1_000 });
    notes = db.notes(from, now + 1);
  } catch {
    return [];
  } finally {
    db?.close();
  }
  const records = new Map<string, DeliveryRecord>();
  for (const note of notes) {
    if (note.kind !== 'delivery' || note.alarmId === undefined) continue;
    const d = note.detail;
    const key = `${String(d.messageId)}\u0000${String(d.attempt)}\u0000${String(d.record)}\u0000${note.at}`;
    let record = records.get(key);
    if (!record) {
      record = {
        record: d.record as DeliveryRecord['record'],
        at: note.at,
        messageId: String(d.messageId),
        channel: String(d.channel),
        channelType: String(d.channelType),
        events: [],
        attempt: Number(d.attempt),
        reason: String(d.reason ?? ''),
        ...(typeof d.status === 'number' ? { status: d.status } : {}),
      };
      records.set(key, record);
    }
    record.events.push({ kind: d.event as DeliveryRecord['events'][number]['kind'], alarmId: note.alarmId, route: '' });
  }
  return [...records.values()];
}
