import { describe, expect, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import { BURN_RATE_PAIRS, burnRate, observeBurn, SLO_RESOLVE_AFTER_MS } from '../../source/alerts/burn-rate.js';
import { configFrom, HOUR, MINUTE, T0 } from './fixtures.js';

const SLO = { objective: 0.995, periodMs: 30 * 24 * HOUR, minSamples: 5 };
const pair = (rule: string) => BURN_RATE_PAIRS.find((p) => p.rule === rule)!;

describe('burn rate', () => {
  it('is the error ratio over the error budget', () => {
    expect(burnRate({ good: 90, total: 100 }, 0.995)).toBeCloseTo(20);
    expect(burnRate({ good: 0, total: 0 }, 0.995)).toBe(0);
  });

  it('is infinite on any error with a 100% objective', () => {
    expect(burnRate({ good: 9, total: 10 }, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(burnRate({ good: 10, total: 10 }, 1)).toBe(0);
  });

  it.each([
    ['SLOBurn1h5m', 'page', 3_600_000, 300_000, 14.4],
    ['SLOBurn6h30m', 'page', 21_600_000, 1_800_000, 6],
    ['SLOBurn3d6h', 'warning', 259_200_000, 21_600_000, 1],
  ])('%s pages as %s over %i and %i ms at %f', (rule, severity, longMs, shortMs, rate) => {
    expect(pair(rule)).toEqual({ rule, severity, longMs, shortMs, burnRate: rate });
  });
});

describe('observeBurn', () => {
  const p = pair('SLOBurn1h5m');

  it('breaches only when both windows burn faster than the pair\'s rate', () => {
    expect(observeBurn(p, { good: 90, total: 100 }, { good: 8, total: 10 }, SLO)).toEqual({ status: 'breach', value: expect.closeTo(20) });
    expect(observeBurn(p, { good: 99, total: 100 }, { good: 0, total: 10 }, SLO).status).toBe('clear');
    expect(observeBurn(p, { good: 50, total: 100 }, { good: 10, total: 10 }, SLO).status).toBe('clear');
  });

  it('reports the lower of the two burns', () => {
    expect(observeBurn(p, { good: 80, total: 100 }, { good: 9, total: 10 }, SLO)).toEqual({ status: 'breach', value: expect.closeTo(20) });
  });

  it('reports insufficient data when the short window has too few probes, however bad', () => {
    expect(observeBurn(p, { good: 0, total: 60 }, { good: 0, total: 4 }, SLO)).toEqual({ status: 'insufficient_data' });
  });

  it('reports insufficient data when the long window has too few probes', () => {
    expect(observeBurn(p, { good: 0, total: 4 }, { good: 0, total: 10 }, SLO)).toEqual({ status: 'insufficient_data' });
  });

  it('never judges a single probe, even with minSamples 1', () => {
    expect(observeBurn(p, { good: 0, total: 1 }, { good: 0, total: 1 }, { ...SLO, minSamples: 1 })).toEqual({ status: 'insufficient_data' });
  });
});

describe('SLO burn-rate alarms in the tracker', () => {
  const YAML = `
teams: { mwi: { name: MWI } }
slo: { objective: 99.5%, minSamples: 5 }
apis:
  page-api: { owner: mwi, url: "http://127.0.0.1:1/" }
  no-slo: { owner: mwi, url: "http://127.0.0.1:1/", slo: off }
`;
  const STEP = 10_000;

  /** Probes page-api every 10s from `from` to `to`; every `failEvery`-th probe fails (0 = none). */
  const feed = (tracker: AlarmTracker, from: number, to: number, failEvery: number): void => {
    for (let at = from, i = 0; at < to; at += STEP, i++) {
      tracker.recordSample({ apiId: 'page-api', at, outcome: failEvery > 0 && i % failEvery === 0 ? 'http_5xx' : 'ok' });
    }
  };
  const firing = (tracker: AlarmTracker): string[] => tracker.alarms().filter((a) => a.state === 'firing').map((a) => a.rule).sort();
  const statusOf = (tracker: AlarmTracker) => Object.fromEntries(tracker.ruleStatus('page-api').map((r) => [r.rule, r.status]));

  it('adds the three burn-rate rules to APIs with an SLO only', () => {
    const tracker = new AlarmTracker({ config: configFrom(YAML), now: T0, user: 'u' });
    expect(tracker.ruleStatus('page-api').map((r) => r.rule)).toEqual(['SLOBurn1h5m', 'SLOBurn6h30m', 'SLOBurn3d6h']);
    expect(tracker.ruleStatus('no-slo')).toEqual([]);
  });

  it('pages on a fast burn (10% errors for an hour): all three pairs fire', () => {
    const tracker = new AlarmTracker({ config: configFrom(YAML), now: T0, user: 'u' });
    feed(tracker, T0, T0 + HOUR, 10);
    const events = tracker.evaluate(T0 + HOUR, {});
    expect(firing(tracker)).toEqual(['SLOBurn1h5m', 'SLOBurn3d6h', 'SLOBurn6h30m']);
    const fast = events.find((e) => e.alarm.rule === 'SLOBurn1h5m')!;
    expect(fast.alarm).toMatchObject({ metric: 'slo_burn_rate', severity: 'page', threshold: 14.4 });
    expect(fast.alarm.value).toBeCloseTo(20, 0);
  });

  it('pages on the 6h/30m pair but not the 1h/5m pair at 4% errors', () => {
    const tracker = new AlarmTracker({ config: configFrom(YAML), now: T0, user: 'u' });
    feed(tracker, T0, T0 + HOUR, 25);
    tracker.evaluate(T0 + HOUR, {});
    expect(firing(tracker)).toEqual(['SLOBurn3d6h', 'SLOBurn6h30m']);
  });

  it('opens only a warning on a slow burn (1% errors for 6h)', () => {
    const tracker = new AlarmTracker({ config: configFrom(YAML), now: T0, user: 'u' });
    feed(tracker, T0, T0 + 6 * HOUR, 100);
    tracker.evaluate(T0 + 6 * HOUR, {});
    expect(firing(tracker)).toEqual(['SLOBurn3d6h']);
    expect(tracker.alarm('page-api/SLOBurn3d6h')!.severity).toBe('warning');
  });

  it('does not page on a burst the long window has not seen enough of', () => {
    const tracker = new AlarmTracker({ config: configFrom(YAML), now: T0, user: 'u' });
    feed(tracker, T0, T0 + HOUR, 0);
    feed(tracker, T0 + HOUR, T0 + HOUR + MINUTE, 1);
    tracker.evaluate(T0 + HOUR + MINUTE, {});
    expect(firing(tracker)).not.toContain('SLOBurn1h5m');
  });

  it('reports insufficient data, not a page, when only a few probes exist', () => {
    const tracker = new AlarmTracker({ config: configFrom(YAML), now: T0, user: 'u' });
    feed(tracker, T0, T0 + 4 * STEP, 1);
    expect(tracker.evaluate(T0 + 4 * STEP, {})).toEqual([]);
    expect(statusOf(tracker)).toEqual({ SLOBurn1h5m: 'insufficient_data', SLOBurn6h30m: 'insufficient_data', SLOBurn3d6h: 'insufficient_data' });
  });

  it('resolves the fast pair once the short window recovers and stays clear', () => {
    const tracker = new AlarmTracker({ config: configFrom(YAML), now: T0, user: 'u' });
    feed(tracker, T0, T0 + HOUR, 10);
    tracker.evaluate(T0 + HOUR, {});
    feed(tracker, T0 + HOUR, T0 + HOUR + 6 * MINUTE, 0);
    tracker.evaluate(T0 + HOUR + 6 * MINUTE, {});
    expect(tracker.alarm('page-api/SLOBurn1h5m')!.state).toBe('firing');
    feed(tracker, T0 + HOUR + 6 * MINUTE, T0 + HOUR + 6 * MINUTE + SLO_RESOLVE_AFTER_MS, 0);
    const events = tracker.evaluate(T0 + HOUR + 6 * MINUTE + SLO_RESOLVE_AFTER_MS, {});
    expect(events.filter((e) => e.alarm.rule === 'SLOBurn1h5m').map((e) => e.kind)).toEqual(['resolved']);
  });
});
