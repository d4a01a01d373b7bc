import { describe, expect, it } from 'vitest';
import type { AlarmLogEntry } from '../../source/core/alarm-log-entry.js';
import { buildAlarmTimeline, buildApiTimeline, findEpisode, minuteFigures, type TimelineNote } from '../../source/alerts/incident-timeline.js';
import { addSample, emptyRollup, type RollupRow } from '../../source/metrics/rollup.js';

const T = Date.UTC(2026, 11, 6, 14);
const MIN = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const ID = 'page/HighLatency';

function entry(kind: AlarmLogEntry['kind'], at: number, extra: Partial<AlarmLogEntry> = {}): AlarmLogEntry {
  return { at: iso(at), kind, alarmId: ID, api: 'page', rule: 'HighLatency', severity: 'page', threshold: 800, summary: 'p95 1.2s above 800ms', ...extra };
}

/** Two episodes: an old one at T - 2h, and the one under review from T to T + 20 min. */
const LOG: AlarmLogEntry[] = [
  entry('pending', T - 120 * MIN),
  entry('firing', T - 118 * MIN),
  entry('resolved', T - 110 * MIN),
  entry('pending', T),
  entry('firing', T + 2 * MIN),
  { at: iso(T + 3 * MIN), kind: 'maintenance_started', maintenance: { id: 'm1', name: 'deploy', start: iso(T + 3 * MIN), end: iso(T + 30 * MIN) } },
  entry('acknowledged', T + 5 * MIN, { actor: 'alice', note: 'rolling back' }),
  entry('muted', T + 6 * MIN, { actor: 'alice', mute: { id: 'x', scope: { kind: 'alarm', alarmId: ID } as never, scopeText: 'this alarm', until: iso(T + 60 * MIN), reason: 'known' } }),
  entry('resolved', T + 20 * MIN),
];

const delivery = (at: number, event: string, record = 'delivered'): TimelineNote => ({ at, kind: 'delivery', alarmId: ID, detail: { record, channel: 'pager', event, attempt: 1, reason: 'HTTP 202' } });
const NOTES: TimelineNote[] = [
  delivery(T - 117 * MIN, 'firing'),
  delivery(T + 2 * MIN + 5_000, 'firing', 'attempt'),
  delivery(T + 2 * MIN + 6_000, 'firing'),
  { at: T + 8 * MIN, kind: 'offline', detail: { since: T + 8 * MIN } },
  { at: T + 9 * MIN, kind: 'online', detail: { since: T + 8 * MIN, until: T + 9 * MIN } },
  delivery(T + 20 * MIN + 3_000, 'resolved'),
];

function minute(at: number, ok: number, failed: number, ms: number): RollupRow {
  const rollup = emptyRollup();
  for (let i = 0; i < ok; i++) addSample(rollup, { apiId: 'page', at, outcome: 'ok', totalMs: ms });
  for (let i = 0; i < failed; i++) addSample(rollup, { apiId: 'page', at, outcome: 'timeout' });
  return { apiId: 'page', stepMs: MIN, start: at, rollup };
}

const ROWS = [minute(T - 3 * MIN, 6, 0, 100), minute(T - 2 * MIN, 6, 0, 1_200), minute(T, 4, 2, 1_300), minute(T + 25 * MIN, 6, 0, 90)];
const timeline = () => buildAlarmTimeline(ID, { entries: LOG, notes: NOTES, rows: ROWS, now: T + 60 * MIN })!;

describe('incident timeline', () => {
  it('takes the latest episode that fired, from its pending to its resolution', () => {
    expect(findEpisode(LOG, ID, T + 60 * MIN)).toEqual({ start: T, end: T + 20 * MIN });
  });

  it('runs an episode not yet resolved up to now', () => {
    expect(findEpisode(LOG.slice(0, 5), ID, T + 7 * MIN)).toEqual({ start: T, end: T + 7 * MIN });
  });

  it('has no episode for an alarm the log never saw', () => {
    expect(buildAlarmTimeline('other/Rule', { entries: LOG, notes: [], rows: [], now: T })).toBeUndefined();
  });

  it('sums the episode up: fired, acknowledged by whom with the note, resolved', () => {
    expect(timeline()).toMatchObject({ firingAt: T + 2 * MIN, acknowledged: { at: T + 5 * MIN, by: 'alice', note: 'rolling back' }, resolvedAt: T + 20 * MIN });
  });

  it('lists only this episode\'s deliveries, with their results', () => {
    expect(timeline().notifications).toEqual([
      { at: T + 2 * MIN + 6_000, channel: 'pager', event: 'firing', result: 'delivered, attempt 1: HTTP 202', attempt: 1 },
      { at: T + 20 * MIN + 3_000, channel: 'pager', event: 'resolved', result: 'delivered, attempt 1: HTTP 202', attempt: 1 },
    ]);
  });

  it('puts transitions, the ack with its note, the mute, maintenance and the offline spell in order', () => {
    expect(timeline().events.map((e) => [e.at - T, e.kind, e.text])).toEqual([
      [0, 'transition', 'pending: p95 1.2s above 800ms'],
      [2 * MIN, 'transition', 'firing: p95 1.2s above 800ms'],
      [2 * MIN + 6_000, 'delivery', 'notification firing to pager: delivered, attempt 1: HTTP 202'],
      [3 * MIN, 'maintenance', 'maintenance started: deploy'],
      [5 * MIN, 'ack', 'acknowledged by alice: "rolling back"'],
      [6 * MIN, 'mute', 'muted by alice (this alarm) until 2026-12-06T15:00:00.000Z: known'],
      [8 * MIN, 'offline', 'prober offline: network unreachable'],
      [9 * MIN, 'online', 'prober online again'],
      [20 * MIN, 'transition', 'resolved: p95 1.2s above 800ms'],
      [20 * MIN + 3_000, 'delivery', 'notification resolved to pager: delivered, attempt 1: HTTP 202'],
    ]);
  });

  it('finds the first minute whose p95 crossed the threshold, before the alarm went pending', () => {
    expect(timeline().firstBadMinute).toBe(T - 2 * MIN);
  });

  it('gives per-minute probes, error rate and p95 from 15 minutes before to 15 after', () => {
    expect(timeline().minutes.map((m) => [m.at - T, m.probes, m.errorRate])).toEqual([
      [-3 * MIN, 6, 0],
      [-2 * MIN, 6, 0],
      [0, 6, 2 / 6],
      [25 * MIN, 6, 0],
    ]);
  });

  it('covers a period of one API with every alarm of it', () => {
    const t = buildApiTimeline('page', T - 5 * MIN, T + 30 * MIN, { entries: LOG, notes: NOTES, rows: ROWS, now: T + 60 * MIN });
    expect(t.subject).toBe('api:page');
    expect(t.minutes.map((m) => m.at - T)).toEqual([-3 * MIN, -2 * MIN, 0, 25 * MIN]);
    expect(t.notifications).toHaveLength(2);
  });

  it('reads p95 per minute from the histogram within its error', () => {
    const [m] = minuteFigures([minute(T, 10, 0, 1_000)], T, T + MIN);
    expect(Math.abs(m!.p95Ms! - 1_000) / 1_000).toBeLessThan(0.05);
  });
});
