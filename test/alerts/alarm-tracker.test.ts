import { describe, expect, it } from 'vitest';
import { AlarmTracker, RESOLVED_VISIBLE_MS } from '../../source/alerts/alarm-tracker.js';
import { FLAP_SETTLE_MS } from '../../source/alerts/flapping.js';
import type { MetricSummary } from '../../source/metrics/summary.js';
import { configFrom, failing5xx, healthy, HOUR, MINUTE, slow, summary, T0, unavailable } from './fixtures.js';

const tracker = (now = T0): AlarmTracker => new AlarmTracker({ config: configFrom(), now, user: 'alice' });
const only = (api: string, s: MetricSummary): Record<string, MetricSummary> => ({ [api]: s });
const kinds = (events: { kind: string }[]): string[] => events.map((e) => e.kind);

describe('AlarmTracker rule life cycle', () => {
  it('opens a pending alarm on the first breach and does not notify', () => {
    const b = tracker();
    expect(b.evaluate(T0, only('page-api', slow(1000)))).toEqual([]);
    expect(b.alarms().map((a) => [a.id, a.state])).toEqual([['page-api/HighLatency', 'pending']]);
    expect(b.ruleStatus('page-api')).toContainEqual({ rule: 'HighLatency', status: 'pending' });
  });

  it('fires once the condition has held for the rule\'s "for" and notifies once', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', slow(1000)));
    expect(b.evaluate(T0 + MINUTE, only('page-api', slow(1000)))).toEqual([]);
    const events = b.evaluate(T0 + 2 * MINUTE, only('page-api', slow(1200)));
    expect(kinds(events)).toEqual(['firing']);
    expect(events[0]!.alarm).toMatchObject({ state: 'firing', firingAt: T0 + 2 * MINUTE, startedAt: T0, value: 1200, threshold: 800, severity: 'warning' });
    expect(events[0]!.alarm.summary).toBe('p95 latency 1.2s above 800ms');
    expect(b.evaluate(T0 + 3 * MINUTE, only('page-api', slow(1200)))).toEqual([]);
  });

  it('records every transition with its time and value', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', slow(1000)));
    b.evaluate(T0 + 2 * MINUTE, only('page-api', slow(1100)));
    b.evaluate(T0 + 3 * MINUTE, only('page-api', healthy()));
    b.evaluate(T0 + 5 * MINUTE, only('page-api', healthy()));
    expect(b.alarm('page-api/HighLatency')!.transitions).toEqual([
      { at: T0, from: 'none', to: 'pending', value: 1000 },
      { at: T0 + 2 * MINUTE, from: 'pending', to: 'firing', value: 1100 },
      { at: T0 + 5 * MINUTE, from: 'firing', to: 'resolved', value: 200 },
    ]);
  });

  it('drops a pending alarm whose condition clears before "for" has passed', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', slow(1000)));
    b.evaluate(T0 + MINUTE, only('page-api', healthy()));
    expect(b.alarms()).toEqual([]);
    expect(b.takeLog().map((e) => e.kind)).toEqual(['pending', 'cleared']);
  });

  it('restarts the "for" timer when the condition breaks during pending', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', slow(1000)));
    b.evaluate(T0 + MINUTE, only('page-api', healthy()));
    b.evaluate(T0 + 90_000, only('page-api', slow(1000)));
    expect(b.evaluate(T0 + 2 * MINUTE, only('page-api', slow(1000)))).toEqual([]);
    expect(kinds(b.evaluate(T0 + 90_000 + 2 * MINUTE, only('page-api', slow(1000))))).toEqual(['firing']);
  });

  it('cancels a pending alarm when data runs short: nothing was proven', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', slow(1000)));
    b.evaluate(T0 + MINUTE, only('page-api', summary(1)));
    expect(b.alarms()).toEqual([]);
    expect(b.ruleStatus('page-api')).toContainEqual({ rule: 'HighLatency', status: 'insufficient_data' });
  });

  it('holds a firing alarm when its figure goes to no data, says so, and neither resolves nor re-announces it', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', slow(1000)));
    b.evaluate(T0 + 2 * MINUTE, only('page-api', slow(1100)));
    expect(b.evaluate(T0 + 3 * MINUTE, only('page-api', summary(30, { latency: {} })))).toEqual([]);
    expect(b.alarm('page-api/HighLatency')).toMatchObject({ state: 'firing', value: 1100 });
    expect(b.ruleStatus('page-api')).toContainEqual({ rule: 'HighLatency', status: 'firing', noData: true });
    b.evaluate(T0 + 4 * MINUTE, only('page-api', slow(1100)));
    expect(b.ruleStatus('page-api')).toContainEqual({ rule: 'HighLatency', status: 'firing' });
  });

  it('applies per-API overrides: a higher threshold and a rule turned off', () => {
    const b = tracker();
    b.evaluate(T0, { 'search-api': slow(1200) });
    expect(b.alarms()).toEqual([]);
    expect(b.ruleStatus('search-api').map((r) => r.rule)).toEqual(['HighLatency', 'LowAvailability']);
  });

  it('does not fire with fewer samples than minSamples and says "insufficient data"', () => {
    const b = tracker();
    expect(b.evaluate(T0, only('page-api', unavailable(0, 4)))).toEqual([]);
    expect(b.alarms()).toEqual([]);
    expect(b.ruleStatus('page-api')).toContainEqual({ rule: 'LowAvailability', status: 'insufficient_data' });
  });

  it('fires a rule with for: 0 at once when there are enough samples', () => {
    const b = tracker();
    const events = b.evaluate(T0, only('page-api', unavailable(0.9, 5)));
    expect(kinds(events)).toEqual(['firing']);
    expect(b.ruleStatus('page-api')).toEqual([
      { rule: 'HighLatency', status: 'ok' },
      { rule: 'High5xx', status: 'ok' },
      { rule: 'LowAvailability', status: 'firing' },
    ]);
  });

  it('reports "insufficient_data" for every rule before the first evaluation', () => {
    expect(tracker().ruleStatus('page-api').every((r) => r.status === 'insufficient_data')).toBe(true);
  });
});

describe('AlarmTracker resolution with hysteresis', () => {
  const firing5xx = (): AlarmTracker => {
    const b = tracker();
    b.evaluate(T0, only('page-api', failing5xx(0.1)));
    b.evaluate(T0 + MINUTE, only('page-api', failing5xx(0.1)));
    expect(b.alarm('page-api/High5xx')!.state).toBe('firing');
    return b;
  };

  it('stays firing while the condition has been clear for less than resolveAfter', () => {
    const b = firing5xx();
    b.evaluate(T0 + 2 * MINUTE, only('page-api', healthy()));
    expect(b.evaluate(T0 + 4 * MINUTE, only('page-api', healthy()))).toEqual([]);
    expect(b.alarm('page-api/High5xx')!.state).toBe('firing');
  });

  it('resolves once clear for resolveAfter and notifies', () => {
    const b = firing5xx();
    b.evaluate(T0 + 2 * MINUTE, only('page-api', healthy()));
    const events = b.evaluate(T0 + 5 * MINUTE, only('page-api', healthy()));
    expect(kinds(events)).toEqual(['resolved']);
    expect(events[0]!.alarm).toMatchObject({ state: 'resolved', resolvedAt: T0 + 5 * MINUTE });
  });

  it('restarts the resolve timer when the condition returns', () => {
    const b = firing5xx();
    b.evaluate(T0 + 2 * MINUTE, only('page-api', healthy()));
    b.evaluate(T0 + 4 * MINUTE, only('page-api', failing5xx(0.1)));
    b.evaluate(T0 + 5 * MINUTE, only('page-api', healthy()));
    expect(b.evaluate(T0 + 7 * MINUTE, only('page-api', healthy()))).toEqual([]);
    expect(kinds(b.evaluate(T0 + 8 * MINUTE, only('page-api', healthy())))).toEqual(['resolved']);
  });

  it('holds a firing alarm through a gap in data instead of resolving it', () => {
    const b = firing5xx();
    b.evaluate(T0 + 2 * MINUTE, only('page-api', summary(1)));
    expect(b.evaluate(T0 + 30 * MINUTE, only('page-api', summary(1)))).toEqual([]);
    expect(b.alarm('page-api/High5xx')!.state).toBe('firing');
  });

  it('lists a resolved alarm for an hour, then drops it', () => {
    const b = firing5xx();
    b.evaluate(T0 + 2 * MINUTE, only('page-api', healthy()));
    b.evaluate(T0 + 5 * MINUTE, only('page-api', healthy()));
    b.evaluate(T0 + 5 * MINUTE + RESOLVED_VISIBLE_MS - 1, only('page-api', healthy()));
    expect(b.alarms().map((a) => a.state)).toEqual(['resolved']);
    b.evaluate(T0 + 5 * MINUTE + RESOLVED_VISIBLE_MS, only('page-api', healthy()));
    expect(b.alarms()).toEqual([]);
  });

  it('starts a fresh episode (pending, no ack) when a resolved alarm breaches again', () => {
    const b = firing5xx();
    b.acknowledge('page-api/High5xx', 'bob', undefined, T0 + 90_000);
    b.evaluate(T0 + 2 * MINUTE, only('page-api', healthy()));
    b.evaluate(T0 + 5 * MINUTE, only('page-api', healthy()));
    b.evaluate(T0 + 6 * MINUTE, only('page-api', failing5xx(0.1)));
    expect(b.alarm('page-api/High5xx')).toMatchObject({ state: 'pending', startedAt: T0 + 6 * MINUTE, escalationLevel: 0 });
    expect(b.alarm('page-api/High5xx')!.ack).toBeUndefined();
  });
});

describe('AlarmTracker flapping', () => {
  /** LowAvailability has for: 0 and resolveAfter: 0, so every evaluation can change its state. */
  const flip = (b: AlarmTracker, minute: number, down: boolean): string[] =>
    kinds(b.evaluate(T0 + minute * MINUTE, only('page-api', down ? unavailable(0.5) : healthy())));

  it('notifies the first changes, then one event with flapping: true, then nothing', () => {
    const b = tracker();
    expect(flip(b, 0, true)).toEqual(['firing']);
    expect(flip(b, 1, false)).toEqual(['resolved']);
    expect(flip(b, 2, true)).toEqual(['firing']);
    const fourth = b.evaluate(T0 + 3 * MINUTE, only('page-api', healthy()));
    expect(kinds(fourth)).toEqual(['resolved']);
    expect(fourth[0]!.alarm.flapping).toBe(true);
    expect([flip(b, 4, true), flip(b, 5, false), flip(b, 6, true)]).toEqual([[], [], []]);
    expect(b.alarm('page-api/LowAvailability')).toMatchObject({ state: 'firing', flapping: true });
  });

  it('sends one event with flapping: false when it settles, in the state it settled in', () => {
    const b = tracker();
    for (let minute = 0; minute < 7; minute++) flip(b, minute, minute % 2 === 0);
    expect(flip(b, 6 + FLAP_SETTLE_MS / MINUTE - 1, true)).toEqual([]);
    const settled = b.evaluate(T0 + 6 * MINUTE + FLAP_SETTLE_MS, only('page-api', unavailable(0.5)));
    expect(settled[0]).toMatchObject({ kind: 'firing', alarm: { flapping: false } });
    expect(b.takeLog().filter((e) => e.kind === 'flapping' || e.kind === 'settled').map((e) => e.kind)).toEqual(['flapping', 'settled']);
  });

  it('does not flag three changes in an hour as flapping', () => {
    const b = tracker();
    flip(b, 0, true);
    flip(b, 20, false);
    flip(b, 40, true);
    expect(flip(b, 61, false)).toEqual(['resolved']);
    expect(b.alarm('page-api/LowAvailability')!.flapping).toBe(false);
  });
});

describe('AlarmTracker acknowledgements', () => {
  const firingPage = (): AlarmTracker => {
    const b = tracker();
    b.evaluate(T0, only('page-api', unavailable(0.5)));
    return b;
  };

  it('records who acknowledged, when and the note, and notifies', () => {
    const b = firingPage();
    const events = b.acknowledge('page-api/LowAvailability', 'bob', 'looking', T0 + MINUTE);
    expect(events).toEqual([expect.objectContaining({ kind: 'acknowledged', actor: 'bob', note: 'looking' })]);
    expect(b.alarm('page-api/LowAvailability')!.ack).toEqual({ by: 'bob', at: T0 + MINUTE, note: 'looking' });
  });

  it('uses the tracker\'s user when no name is given', () => {
    const b = firingPage();
    b.acknowledge('page-api/LowAvailability', '', undefined, T0 + MINUTE);
    expect(b.alarm('page-api/LowAvailability')!.ack!.by).toBe('alice');
  });

  it('ignores an unknown alarm id', () => {
    expect(firingPage().acknowledge('nope/Nothing', 'bob', undefined, T0)).toEqual([]);
  });

  it('un-acknowledges and notifies', () => {
    const b = firingPage();
    b.acknowledge('page-api/LowAvailability', 'bob', undefined, T0 + MINUTE);
    expect(kinds(b.unacknowledge('page-api/LowAvailability', 'carol', T0 + 2 * MINUTE))).toEqual(['unacknowledged']);
    expect(b.alarm('page-api/LowAvailability')!.ack).toBeUndefined();
  });

  it('logs acks and un-acks with the actor and the episode they belong to', () => {
    const b = firingPage();
    b.acknowledge('page-api/LowAvailability', 'bob', 'on it', T0 + MINUTE);
    b.unacknowledge('page-api/LowAvailability', 'carol', T0 + 2 * MINUTE);
    const log = b.takeLog().filter((e) => e.kind.endsWith('acknowledged'));
    expect(log).toEqual([
      expect.objectContaining({ kind: 'acknowledged', actor: 'bob', note: 'on it', at: '2026-01-01T00:01:00.000Z', firingAt: '2026-01-01T00:00:00.000Z' }),
      expect.objectContaining({ kind: 'unacknowledged', actor: 'carol', at: '2026-01-01T00:02:00.000Z' }),
    ]);
  });
});

describe('AlarmTracker escalation', () => {
  /** page-api belongs to mwi: standard policy (page escalates every 15m), two escalation levels. */
  const firingPage = (): AlarmTracker => {
    const b = tracker();
    b.evaluate(T0, only('page-api', unavailable(0.5)));
    return b;
  };

  it('escalates to the first level when "escalate" passes unacknowledged', () => {
    const b = firingPage();
    expect(b.evaluate(T0 + 15 * MINUTE - 1, only('page-api', unavailable(0.5)))).toEqual([]);
    const events = b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5)));
    expect(events).toEqual([expect.objectContaining({ kind: 'escalated', escalationLevel: 1, escalationTarget: 'mwi on-call' })]);
  });

  it('escalates to the next level every "escalate" and stops at the last', () => {
    const b = firingPage();
    b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5)));
    const second = b.evaluate(T0 + 30 * MINUTE, only('page-api', unavailable(0.5)));
    expect(second).toEqual([expect.objectContaining({ escalationLevel: 2, escalationTarget: 'MWI manager' })]);
    expect(b.evaluate(T0 + 60 * MINUTE, only('page-api', unavailable(0.5)))).toEqual([]);
    expect(b.alarm('page-api/LowAvailability')!.escalationLevel).toBe(2);
  });

  it('does not escalate an acknowledged alarm', () => {
    const b = firingPage();
    b.acknowledge('page-api/LowAvailability', 'bob', undefined, T0 + 5 * MINUTE);
    expect(b.evaluate(T0 + 40 * MINUTE, only('page-api', unavailable(0.5)))).toEqual([]);
    expect(b.alarm('page-api/LowAvailability')!.escalationLevel).toBe(0);
  });

  it('resumes escalation after un-acknowledging', () => {
    const b = firingPage();
    b.acknowledge('page-api/LowAvailability', 'bob', undefined, T0 + 5 * MINUTE);
    b.unacknowledge('page-api/LowAvailability', 'bob', T0 + 20 * MINUTE);
    expect(b.evaluate(T0 + 20 * MINUTE, only('page-api', unavailable(0.5)))).toEqual([expect.objectContaining({ kind: 'escalated', escalationLevel: 1 })]);
  });
});

describe('AlarmTracker mutes', () => {
  it('does not announce an alarm that fires under a mute, but lists it', () => {
    const b = tracker();
    b.mute({ kind: 'api', apiId: 'page-api' }, T0 + HOUR, 'bob', 'deploy', T0);
    expect(b.evaluate(T0, only('page-api', unavailable(0.5)))).toEqual([]);
    const alarm = b.alarm('page-api/LowAvailability')!;
    expect(alarm.state).toBe('firing');
    expect(b.alarms()).toHaveLength(1);
    expect(b.muteFor(alarm, T0)).toMatchObject({ by: 'bob', reason: 'deploy', until: T0 + HOUR });
  });

  it('announces a still-firing alarm when its mute expires on its own, and logs the expiry', () => {
    const b = tracker();
    b.mute({ kind: 'team', team: 'mwi' }, T0 + 15 * MINUTE, 'bob', undefined, T0);
    b.evaluate(T0, only('page-api', unavailable(0.5)));
    expect(b.evaluate(T0 + 14 * MINUTE, only('page-api', unavailable(0.5)))).toEqual([]);
    expect(kinds(b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5))))).toContain('firing');
    expect(b.activeMutes(T0 + 15 * MINUTE)).toEqual([]);
    expect(b.takeLog().map((e) => e.kind)).toContain('mute_expired');
  });

  it('announces a still-firing alarm after an explicit unmute', () => {
    const b = tracker();
    const mute = b.mute({ kind: 'rule', rule: 'LowAvailability' }, T0 + HOUR, 'bob', undefined, T0);
    b.evaluate(T0, only('page-api', unavailable(0.5)));
    expect(b.unmute(mute.id, T0 + MINUTE)).toEqual(mute);
    expect(kinds(b.evaluate(T0 + MINUTE, only('page-api', unavailable(0.5))))).toEqual(['firing']);
  });

  it('still announces the resolution of an alarm receivers were told about before the mute', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', unavailable(0.5)));
    b.mute({ kind: 'alarm', alarmId: 'page-api/LowAvailability' }, T0 + HOUR, 'bob', undefined, T0 + MINUTE);
    expect(kinds(b.evaluate(T0 + 2 * MINUTE, only('page-api', healthy())))).toEqual(['resolved']);
  });

  it('announces nothing about an alarm that fired and resolved entirely under a mute', () => {
    const b = tracker();
    b.mute({ kind: 'api', apiId: 'page-api' }, T0 + HOUR, 'bob', undefined, T0);
    b.evaluate(T0, only('page-api', unavailable(0.5)));
    expect(b.evaluate(T0 + MINUTE, only('page-api', healthy()))).toEqual([]);
    expect(b.acknowledge('page-api/LowAvailability', 'bob', undefined, T0 + MINUTE)).toEqual([]);
  });

  it('does not announce escalations of a muted alarm', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', unavailable(0.5)));
    b.mute({ kind: 'api', apiId: 'page-api' }, T0 + HOUR, 'bob', undefined, T0 + MINUTE);
    expect(b.evaluate(T0 + 15 * MINUTE, only('page-api', unavailable(0.5)))).toEqual([]);
    expect(b.alarm('page-api/LowAvailability')!.escalationLevel).toBe(1);
  });

  it('numbers mutes uniquely and lists only active ones, soonest to end first', () => {
    const b = tracker();
    const long = b.mute({ kind: 'team', team: 'mwi' }, T0 + 4 * HOUR, 'bob', undefined, T0);
    const short = b.mute({ kind: 'team', team: 'ctt' }, T0 + HOUR, 'bob', undefined, T0);
    expect(long.id).not.toBe(short.id);
    expect(b.activeMutes(T0).map((m) => m.id)).toEqual([short.id, long.id]);
    expect(b.activeMutes(T0 + 2 * HOUR).map((m) => m.id)).toEqual([long.id]);
  });

  it('logs the latest probe failure with an alarm that opens and fires, not with its resolution', () => {
    const b = tracker();
    const failing = { ...unavailable(0.5), lastError: 'assertion' as const, lastErrorMessage: '$.pages: expected at least 1 item, got 0' };
    b.evaluate(T0, only('page-api', failing));
    b.evaluate(T0 + MINUTE, only('page-api', healthy()));
    const log = b.takeLog().filter((e) => e.rule === 'LowAvailability');
    expect(log.map((e) => [e.kind, e.lastError])).toEqual([
      ['pending', '$.pages: expected at least 1 item, got 0'],
      ['firing', '$.pages: expected at least 1 item, got 0'],
      ['resolved', undefined],
    ]);
  });

  it('logs mutes and unmutes with actor, scope and end', () => {
    const b = tracker();
    const mute = b.mute({ kind: 'api', apiId: 'page-api' }, T0 + HOUR, 'bob', 'deploy', T0);
    b.unmute(mute.id, T0 + MINUTE, 'carol');
    expect(b.takeLog()).toEqual([
      expect.objectContaining({ kind: 'muted', actor: 'bob', mute: expect.objectContaining({ scopeText: 'api page-api', until: '2026-01-01T01:00:00.000Z', reason: 'deploy' }) }),
      expect.objectContaining({ kind: 'unmuted', actor: 'carol' }),
    ]);
  });
});

describe('AlarmTracker restored state', () => {
  it('drops saved alarms whose API or rule is no longer configured', () => {
    const b = tracker();
    b.evaluate(T0, { 'page-api': unavailable(0.5), 'orphan-api': unavailable(0.5) });
    const config = configFrom(`
teams: { mwi: { name: MWI } }
rules:
  - { name: LowAvailability, metric: availability, below: 99%, severity: page }
apis:
  page-api: { owner: mwi, url: "http://127.0.0.1:1/", rules: { LowAvailability: off } }
  orphan-api: { url: "http://127.0.0.1:1/" }
`);
    const restored = new AlarmTracker({ config, now: T0 + MINUTE, user: 'alice', restored: b.snapshot() });
    expect(restored.alarms().map((a) => a.id)).toEqual(['orphan-api/LowAvailability']);
  });

  it('takes over a firing the outbox holds from after the state was saved: announced once, and its resolution follows', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', slow(1000)));
    const saved = b.snapshot();
    const inOutbox = b.evaluate(T0 + 2 * MINUTE, only('page-api', slow(1200)));
    const restarted = new AlarmTracker({ config: configFrom(), now: T0 + 3 * MINUTE, user: 'alice', restored: saved });
    expect(restarted.adoptUnsaved(inOutbox)).toBe(true);
    expect(restarted.alarms()).toMatchObject([{ id: 'page-api/HighLatency', state: 'firing', startedAt: T0, firingAt: T0 + 2 * MINUTE }]);
    expect(restarted.takeLog()).toMatchObject([{ kind: 'firing', at: new Date(T0 + 2 * MINUTE).toISOString(), alarmId: 'page-api/HighLatency' }]);
    expect(restarted.evaluate(T0 + 3 * MINUTE, only('page-api', slow(1200)))).toEqual([]);
    restarted.evaluate(T0 + 4 * MINUTE, only('page-api', healthy()));
    expect(kinds(restarted.evaluate(T0 + 6 * MINUTE, only('page-api', healthy())))).toEqual(['resolved']);
  });

  it('leaves alone what the outbox holds from before the state was saved', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', slow(1000)));
    const inOutbox = b.evaluate(T0 + 2 * MINUTE, only('page-api', slow(1200)));
    b.evaluate(T0 + 3 * MINUTE, only('page-api', healthy()));
    b.evaluate(T0 + 5 * MINUTE, only('page-api', healthy()));
    const restarted = new AlarmTracker({ config: configFrom(), now: T0 + 6 * MINUTE, user: 'alice', restored: b.snapshot() });
    expect(restarted.adoptUnsaved(inOutbox)).toBe(false);
    expect(restarted.alarms()).toMatchObject([{ state: 'resolved' }]);
    expect(restarted.takeLog()).toEqual([]);
  });

  it('takes over only firings and resolutions: a reminder says nothing about the alarm\'s state', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', slow(1000)));
    const saved = b.snapshot();
    const [firing] = b.evaluate(T0 + 2 * MINUTE, only('page-api', slow(1200)));
    const restarted = new AlarmTracker({ config: configFrom(), now: T0 + 3 * MINUTE, user: 'alice', restored: saved });
    expect(restarted.adoptUnsaved([{ ...firing!, kind: 'reminder' }])).toBe(false);
    expect(restarted.alarms()).toEqual([]);
  });
});

describe('AlarmTracker listing and log', () => {
  it('lists alarms with the most recent change first', () => {
    const b = tracker();
    b.evaluate(T0, { 'page-api': unavailable(0.5), 'search-api': healthy() });
    b.evaluate(T0 + MINUTE, { 'page-api': unavailable(0.5), 'search-api': unavailable(0.5) });
    expect(b.alarms().map((a) => a.id)).toEqual(['search-api/LowAvailability', 'page-api/LowAvailability']);
  });

  it('gives an unowned API\'s alarms no team', () => {
    const b = tracker();
    b.evaluate(T0, { 'orphan-api': unavailable(0.5) });
    expect(b.alarms()[0]!.team).toBeUndefined();
  });

  it('hands out each log entry once, with the SLA in force on firing', () => {
    const b = tracker();
    b.evaluate(T0, only('page-api', unavailable(0.5)));
    const first = b.takeLog();
    expect(first.map((e) => e.kind)).toEqual(['pending', 'firing']);
    expect(first[1]).toMatchObject({ api: 'page-api', team: 'mwi', rule: 'LowAvailability', severity: 'page', slaPolicy: 'standard', sla: { triageMs: 5 * MINUTE, escalateMs: 15 * MINUTE, resolveMs: 4 * HOUR } });
    expect(b.takeLog()).toEqual([]);
  });
});
