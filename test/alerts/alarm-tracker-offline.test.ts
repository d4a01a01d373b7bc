import { describe, expect, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import type { Outcome } from '../../source/core/probe-sample.js';
import type { MetricSummary } from '../../source/metrics/summary.js';
import { configFrom, healthy, MINUTE, T0, unavailable } from './fixtures.js';

// Four APIs on three hosts, and one on a fourth: four of five failing is the default 80%.
const YAML = `
rules:
  - name: Down
    metric: availability
    below: 99%
    for: 1m
    severity: page
apis:
  a:  { url: "http://127.0.0.1:1/a" }
  a2: { url: "http://127.0.0.1:1/a2" }
  b:  { url: "http://127.0.0.2:1/b" }
  c:  { url: "http://127.0.0.3:1/c" }
  d:  { url: "http://127.0.0.4:1/d" }
`;
const IDS = ['a', 'a2', 'b', 'c', 'd'];
const tracker = (): AlarmTracker => new AlarmTracker({ config: configFrom(YAML), now: T0, user: 'alice' });
const probe = (t: AlarmTracker, at: number, outcomes: Record<string, Outcome>): void => {
  for (const [apiId, outcome] of Object.entries(outcomes)) t.recordSample({ apiId, at, outcome });
};
const all = (outcome: Outcome): Record<string, Outcome> => Object.fromEntries(IDS.map((id) => [id, outcome]));
const figures = (s: MetricSummary, except: Record<string, MetricSummary> = {}): Record<string, MetricSummary> => ({ ...Object.fromEntries(IDS.map((id) => [id, s])), ...except });
const kinds = (events: { kind: string; alarm: { apiId: string } }[]): string[] => events.map((e) => `${e.kind} ${e.alarm.apiId}`);

/** Offline from T0: every API times out for two minutes, long past the rule's "for". */
function offlineSpell(): AlarmTracker {
  const t = tracker();
  for (const at of [T0, T0 + MINUTE, T0 + 2 * MINUTE]) {
    probe(t, at, all('timeout'));
    expect(t.evaluate(at, figures(unavailable(0)))).toEqual([]);
  }
  return t;
}

describe('AlarmTracker while the prober is offline', () => {
  it('goes offline and says so once', () => {
    const t = offlineSpell();
    expect(t.offline()).toEqual({ since: T0 });
    expect(t.takeConnectivityChange()).toEqual({ kind: 'offline', at: T0, spell: { since: T0 } });
    expect(t.takeConnectivityChange()).toBeUndefined();
  });

  it('holds back firings from network-class failures, yet the alarms fire in the tracker', () => {
    const t = offlineSpell();
    expect(t.alarms().map((a) => [a.apiId, a.state])).toEqual(IDS.map((id) => [id, 'firing']).sort());
  });

  it('still notifies an API answering with HTTP 5xx while offline', () => {
    const t = tracker();
    const events: string[] = [];
    for (const at of [T0, T0 + MINUTE]) {
      probe(t, at, { ...all('dns'), d: 'http_5xx' });
      events.push(...kinds(t.evaluate(at, figures(unavailable(0)))));
    }
    expect(t.offline()).toBeDefined();
    expect(events).toEqual(['firing d']);
  });

  it('notifies nothing when the network returns, though the windows still hold the failures', () => {
    const t = offlineSpell();
    const back = T0 + 3 * MINUTE;
    probe(t, back, all('ok'));
    expect(t.evaluate(back, figures(unavailable(0.5)))).toEqual([]);
    expect(t.evaluate(back + MINUTE, figures(unavailable(0.8)))).toEqual([]);
    expect(t.offline()).toBeUndefined();
    expect(t.takeConnectivityChange()).toMatchObject({ kind: 'online', at: back, spell: { since: T0, until: back } });
    expect(t.evaluate(back + 10 * MINUTE, figures(healthy()))).toEqual([]);
  });

  it('fires an API still failing after the network returned, through the rule\'s "for" from then', () => {
    const t = offlineSpell();
    const back = T0 + 3 * MINUTE;
    probe(t, back, { ...all('ok'), a: 'timeout' });
    expect(t.evaluate(back, figures(unavailable(0.5)))).toEqual([]);
    expect(t.alarm('a/Down')).toMatchObject({ state: 'pending', startedAt: back });
    probe(t, back + MINUTE, { a: 'timeout' });
    const events = t.evaluate(back + MINUTE, figures(unavailable(0.5)));
    expect(kinds(events)).toEqual(['firing a']);
    expect(events[0]!.alarm).toMatchObject({ startedAt: back, firingAt: back + MINUTE });
  });

  it('holds nothing while the network works', () => {
    const t = tracker();
    const events: string[] = [];
    for (const at of [T0, T0 + MINUTE]) {
      probe(t, at, { a: 'timeout', b: 'timeout' });
      events.push(...kinds(t.evaluate(at, figures(healthy(), { a: unavailable(0), b: unavailable(0) }))));
    }
    expect(t.offline()).toBeUndefined();
    expect(events).toEqual(['firing a', 'firing b']);
  });
});
