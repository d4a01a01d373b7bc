import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { chartSeries } from '../../source/engine/chart-history.js';
import { HistoryWriter } from '../../source/engine/history-writer.js';
import { RELATIVE_ERROR } from '../../source/metrics/latency-histogram.js';
import { appendEventLog } from '../../source/persistence/event-log.js';
import { HistoryDb } from '../../source/persistence/history-db.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('api-health-chart-history-');
const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 2);

/** Two days of a probe a minute for `a` at 100 ms, with one slow hour (900 ms) 3 hours before the end and a 503 every 40th. */
function twoDays(): ProbeSample[] {
  const end = T0 + 48 * HOUR;
  return Array.from({ length: 48 * 60 }, (_, i) => {
    const at = T0 + i * MIN + 1_000;
    if (i % 40 === 0) return { apiId: 'a', at, outcome: 'http_5xx' as const, status: 503 };
    const slow = at >= end - 3 * HOUR && at < end - 2 * HOUR;
    return { apiId: 'a', at, outcome: 'ok' as const, status: 200, totalMs: slow ? 900 : 100 };
  });
}

async function stored(dir: string): Promise<number> {
  const clock = new ManualClock(T0);
  const writer = new HistoryWriter({ dir, retention: { fineMs: 48 * HOUR, coarseMs: 400 * 24 * HOUR }, clock, warn: (text) => expect.fail(text) });
  writer.start();
  for (const sample of twoDays()) {
    if (sample.at > clock.now()) clock.advance(sample.at - clock.now());
    writer.record(sample);
  }
  await writer.stop();
  return clock.now();
}

describe('chartSeries: one API\'s stored range for the detail\'s chart', () => {
  it.each([
    ['1h', MIN, 60],
    ['6h', MIN, 360],
    ['24h', MIN, 1440],
    ['7d', HOUR, 48],
    ['30d', HOUR, 48],
  ] as const)('reads %s from rows of %i ms (%i of them here)', async (range, stepMs, count) => {
    const dir = tempDir();
    const now = await stored(dir);
    const series = chartSeries(dir, 'a', range, now);
    expect(series.stepMs).toBe(stepMs);
    expect(Math.abs(series.points.length - count)).toBeLessThanOrEqual(1);
    expect(series.unavailable).toBeUndefined();
  });

  it('gives min, p95 and max over the range from the merged histograms, within the stated error', async () => {
    const dir = tempDir();
    const now = await stored(dir);
    const sixHours = chartSeries(dir, 'a', '6h', now).latency;
    expect(Math.abs(sixHours.min! / 100 - 1)).toBeLessThanOrEqual(RELATIVE_ERROR);
    expect(Math.abs(sixHours.max! / 900 - 1)).toBeLessThanOrEqual(RELATIVE_ERROR);
    // One slow hour in six is more than 5 %: the p95 is the slow hour's.
    expect(Math.abs(sixHours.p95! / 900 - 1)).toBeLessThanOrEqual(RELATIVE_ERROR);
    expect(Math.abs(chartSeries(dir, 'a', '1h', now).latency.max! / 100 - 1)).toBeLessThanOrEqual(RELATIVE_ERROR);
  });

  it('counts the failed probes of each bucket', async () => {
    const dir = tempDir();
    const now = await stored(dir);
    const day = chartSeries(dir, 'a', '24h', now);
    expect(day.points.reduce((sum, p) => sum + p.failures, 0)).toBe(36);
  });

  it('says why there is nothing: history off, or no history.db yet', () => {
    expect(chartSeries(undefined, 'a', '1h', T0).unavailable).toBe('no stored history (history: off)');
    expect(chartSeries(tempDir(), 'a', '1h', T0).unavailable).toBe('no stored history yet');
  });
});

describe('chartSeries marks', () => {
  it('takes the API\'s firing and resolved lines and the maintenance windows from events.jsonl, and the offline spells from history.db', async () => {
    const dir = tempDir();
    const now = await stored(dir);
    const iso = (at: number): string => new Date(at).toISOString();
    const window = { id: 'deploy', name: 'Deploy', start: iso(now - 5 * HOUR), end: iso(now - 4 * HOUR) };
    appendEventLog(dir, [
      { at: iso(now - 5 * HOUR), kind: 'maintenance_started', maintenance: window },
      { at: iso(now - 4 * HOUR), kind: 'maintenance_ended', maintenance: window },
      { at: iso(now - 3 * HOUR + MIN), kind: 'firing', alarmId: 'a/HighLatency', api: 'a' },
      { at: iso(now - 3 * HOUR + 2 * MIN), kind: 'firing', alarmId: 'b/HighLatency', api: 'b' },
      { at: iso(now - 2 * HOUR), kind: 'resolved', alarmId: 'a/HighLatency', api: 'a' },
      { at: iso(now - 30 * HOUR), kind: 'firing', alarmId: 'a/High5xx', api: 'a' },
    ]);
    const db = HistoryDb.open(dir, now);
    db.write([], [
      { at: now - HOUR, kind: 'offline', detail: {} },
      { at: now - HOUR + 5 * MIN, kind: 'online', detail: {} },
    ]);
    db.close();
    expect(chartSeries(dir, 'a', '6h', now).marks).toEqual([
      { kind: 'maintenance', from: now - 5 * HOUR, to: now - 4 * HOUR },
      { kind: 'firing', from: now - 3 * HOUR + MIN },
      { kind: 'resolved', from: now - 2 * HOUR },
      { kind: 'offline', from: now - HOUR, to: now - HOUR + 5 * MIN },
    ]);
    // Outside the range: nothing of it.
    expect(chartSeries(dir, 'a', '15m', now).marks).toEqual([]);
  });
});
