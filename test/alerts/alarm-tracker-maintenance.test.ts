import { describe, expect, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import type { MetricSummary } from '../../source/metrics/summary.js';
import { BASE_YAML, configFrom, healthy, HOUR, MINUTE, T0, unavailable } from './fixtures.js';

// T0 is Thursday 2026-01-01 00:00 UTC.
const WINDOWS = `maintenance:
  - name: weekly train deploy
    match: { api: page-api }
    every: "TH 00:10-00:40"
  - name: extended deploy
    match: { team: mwi }
    start: 2026-01-01T00:30:00Z
    duration: 30m
`;
const tracker = (yaml = WINDOWS): AlarmTracker => new AlarmTracker({ config: configFrom(`${BASE_YAML}${yaml}`), now: T0, user: 'alice' });
const only = (api: string, s: MetricSummary): Record<string, MetricSummary> => ({ [api]: s });
const kinds = (events: { kind: string }[]): string[] => events.map((e) => e.kind);
const ALARM = 'page-api/LowAvailability';

describe('AlarmTracker maintenance windows', () => {
  it('announces nothing for an alarm that fires inside a window, and marks it with the window', () => {
    const b = tracker('maintenance:\n  - { name: weekly train deploy, match: { api: page-api }, every: "TH 00:10-00:40" }\n');
    expect(b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5)))).toEqual([]);
    expect(b.alarm(ALARM)).toMatchObject({ state: 'firing', maintenance: { name: 'weekly train deploy', until: T0 + 40 * MINUTE } });
    expect(b.isSilenced(b.alarm(ALARM)!, T0 + 15 * MINUTE)).toBe(true);
  });

  it('announces an alarm that outlives its window when the window ends', () => {
    const b = tracker('maintenance:\n  - { name: weekly train deploy, match: { api: page-api }, every: "TH 00:10-00:40" }\n');
    b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5)));
    expect(b.evaluate(T0 + 39 * MINUTE, only('page-api', unavailable(0.5)))).toEqual([]);
    const events = b.evaluate(T0 + 40 * MINUTE, only('page-api', unavailable(0.5)));
    expect(kinds(events)).toEqual(['firing']);
    expect(events[0]!.alarm.maintenance).toBeUndefined();
  });

  it('names the window that ends last when windows overlap, and holds until the last one ends', () => {
    const b = tracker();
    b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5)));
    expect(b.alarm(ALARM)!.maintenance).toEqual({ name: 'weekly train deploy', until: T0 + HOUR });
    expect(b.evaluate(T0 + 45 * MINUTE, only('page-api', unavailable(0.5)))).toEqual([]);
    expect(b.alarm(ALARM)!.maintenance).toEqual({ name: 'extended deploy', until: T0 + HOUR });
    expect(kinds(b.evaluate(T0 + HOUR, only('page-api', unavailable(0.5))))).toEqual(['firing']);
  });

  it('starts the SLA clocks of an alarm that fired inside a window when the window ends', () => {
    const b = tracker('maintenance:\n  - { name: weekly train deploy, match: { api: page-api }, every: "TH 00:10-00:40" }\n');
    b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5)));
    const during = b.sla(b.alarm(ALARM)!, T0 + 30 * MINUTE);
    expect([during.triage, during.breached]).toEqual([undefined, false]);
    b.evaluate(T0 + 40 * MINUTE, only('page-api', unavailable(0.5)));
    const after = b.sla(b.alarm(ALARM)!, T0 + 41 * MINUTE);
    expect(after.triage?.dueAt).toBe(T0 + 45 * MINUTE);
  });

  it('does not escalate an alarm while its clocks are held by maintenance', () => {
    const b = tracker('maintenance:\n  - { name: long deploy, match: { api: page-api }, start: "2026-01-01T00:00:00Z", duration: 2h }\n');
    for (let m = 0; m <= 90; m += 15) b.evaluate(T0 + m * MINUTE, only('page-api', unavailable(0.5)));
    expect(b.alarm(ALARM)!.escalationLevel).toBe(0);
  });

  it('sends the resolution of an alarm put under maintenance after receivers were told it fired', () => {
    const b = tracker('maintenance:\n  - { name: weekly train deploy, match: { api: page-api }, every: "TH 00:10-00:40" }\n');
    expect(kinds(b.evaluate(T0 + 5 * MINUTE, only('page-api', unavailable(0.5))))).toEqual(['firing']);
    expect(b.evaluate(T0 + 12 * MINUTE, only('page-api', unavailable(0.5)))).toEqual([]);
    expect(kinds(b.evaluate(T0 + 20 * MINUTE, only('page-api', healthy())))).toEqual(['resolved']);
  });

  it('announces nothing about an alarm that fired and resolved inside a window', () => {
    const b = tracker('maintenance:\n  - { name: weekly train deploy, match: { api: page-api }, every: "TH 00:10-00:40" }\n');
    b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5)));
    expect(b.evaluate(T0 + 20 * MINUTE, only('page-api', healthy()))).toEqual([]);
    expect(b.evaluate(T0 + 45 * MINUTE, only('page-api', healthy()))).toEqual([]);
  });

  it('leaves alarms of other APIs and teams alone', () => {
    const b = tracker('maintenance:\n  - { name: weekly train deploy, match: { api: page-api }, every: "TH 00:10-00:40" }\n');
    expect(kinds(b.evaluate(T0 + 15 * MINUTE, only('orphan-api', unavailable(0.5))))).toEqual(['firing']);
  });

  it('marks the firing in the event log with its window and logs each window\'s start and end once', () => {
    const b = tracker('maintenance:\n  - { name: weekly train deploy, match: { api: page-api }, every: "TH 00:10-00:40" }\n');
    b.evaluate(T0, only('page-api', healthy()));
    b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5)));
    b.evaluate(T0 + 16 * MINUTE, only('page-api', unavailable(0.5)));
    b.evaluate(T0 + 41 * MINUTE, only('page-api', unavailable(0.5)));
    const log = b.takeLog();
    expect(log.filter((e) => e.kind.startsWith('maintenance')).map((e) => [e.kind, e.at])).toEqual([
      ['maintenance_started', '2026-01-01T00:15:00.000Z'],
      ['maintenance_ended', '2026-01-01T00:40:00.000Z'],
    ]);
    expect(log.find((e) => e.kind === 'firing')?.maintenance).toBe('weekly train deploy');
  });

  it('keeps samples taken inside a window out of the SLO counters', () => {
    const yaml = `slo: { objective: 99%, minSamples: 5 }
maintenance:
  - { name: outage drill, match: { api: page-api }, start: "2026-01-01T00:00:00Z", duration: 70m }
`;
    const b = tracker(yaml);
    const sample = (at: number, outcome: ProbeSample['outcome']): ProbeSample => ({ apiId: 'page-api', at, outcome, status: outcome === 'ok' ? 200 : 503, totalMs: 10 });
    for (let s = 0; s < 840; s++) b.recordSample(sample(T0 + s * 5_000, 'http_5xx'));
    for (let s = 0; s < 12; s++) b.recordSample(sample(T0 + 70 * MINUTE + s * 5_000, 'ok'));
    b.evaluate(T0 + 71 * MINUTE, only('page-api', healthy()));
    expect(b.alarms().filter((a) => a.rule.startsWith('SLOBurn'))).toEqual([]);
    expect(b.ruleStatus('page-api').find((r) => r.rule === 'SLOBurn1h5m')?.status).toBe('ok');
  });
});
