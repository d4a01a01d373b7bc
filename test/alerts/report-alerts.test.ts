import { describe, expect, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import { alertsForReport, hasUnmutedFiring } from '../../source/alerts/report-alerts.js';
import { configFrom, HOUR, MINUTE, slow, T0, unavailable } from './fixtures.js';

describe('alertsForReport', () => {
  const tracker = (): AlarmTracker => {
    const b = new AlarmTracker({ config: configFrom(), now: T0, user: 'alice' });
    b.evaluate(T0, { 'page-api': unavailable(0.5), 'search-api': slow(2000) });
    return b;
  };

  it('gives the check --json "alerts" entries, most urgent first', () => {
    const b = tracker();
    b.acknowledge('page-api/LowAvailability', 'bob', undefined, T0 + MINUTE);
    b.mute({ kind: 'api', apiId: 'search-api' }, T0 + HOUR, 'carol', undefined, T0 + MINUTE);
    expect(alertsForReport(b, T0 + 2 * MINUTE)).toEqual([
      expect.objectContaining({
        api: 'page-api', team: 'mwi', rule: 'LowAvailability', severity: 'page', state: 'firing', since: '2026-01-01T00:00:00.000Z',
        value: 0.5, threshold: 0.99, acknowledged: true, ackedBy: 'bob', muted: false, mutedUntil: null,
      }),
      expect.objectContaining({
        api: 'search-api', team: 'ctt', rule: 'HighLatency', severity: 'warning', state: 'pending', value: 2000, threshold: 1500,
        acknowledged: false, muted: true, mutedUntil: '2026-01-01T01:00:00.000Z',
      }),
    ]);
  });

  it('is JSON all the way down', () => {
    const report = alertsForReport(tracker(), T0);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('says whether anything fires unmuted (check exits 1 then)', () => {
    const b = tracker();
    expect(hasUnmutedFiring(b, T0)).toBe(true);
    b.mute({ kind: 'team', team: 'mwi' }, T0 + HOUR, 'carol', undefined, T0);
    expect(hasUnmutedFiring(b, T0)).toBe(false);
  });
});
