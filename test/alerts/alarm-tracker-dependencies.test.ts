import { describe, expect, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import type { MetricSummary } from '../../source/metrics/summary.js';
import { configFrom, healthy, MINUTE, T0, unavailable } from './fixtures.js';

const YAML = `
rules:
  - { name: LowAvailability, metric: availability, below: 99%, severity: page, resolveAfter: 1m }
apis:
  restbase-health: { url: "http://127.0.0.1:1/h" }
  summary: { url: "http://127.0.0.1:1/s", dependsOn: [restbase-health] }
  mobile-html: { url: "http://127.0.0.1:1/m", dependsOn: [restbase-health] }
  other: { url: "http://127.0.0.1:1/o" }
`;
const tracker = (): AlarmTracker => new AlarmTracker({ config: configFrom(YAML), now: T0, user: 'alice' });
const fleet = (down: string[], up: string[] = []): Record<string, MetricSummary> => ({
  ...Object.fromEntries(down.map((id) => [id, unavailable(0.5)])),
  ...Object.fromEntries(up.map((id) => [id, healthy()])),
});
const announced = (events: { kind: string; alarm: { apiId: string } }[]): string[] => events.map((e) => `${e.kind} ${e.alarm.apiId}`);

describe('AlarmTracker dependencies', () => {
  it('announces the failing dependency only, and marks its dependants as suppressed by it', () => {
    const b = tracker();
    expect(announced(b.evaluate(T0, fleet(['restbase-health', 'summary', 'mobile-html'])))).toEqual(['firing restbase-health']);
    expect(b.alarm('summary/LowAvailability')).toMatchObject({ state: 'firing', suppressedBy: 'restbase-health' });
    expect(b.alarm('restbase-health/LowAvailability')!.suppresses).toBe(2);
    expect(b.isSilenced(b.alarm('summary/LowAvailability')!, T0)).toBe(true);
  });

  it('suppresses a dependant even when its alarm comes first in the config order', () => {
    const b = new AlarmTracker({ config: configFrom(YAML.replace('  restbase-health: { url: "http://127.0.0.1:1/h" }\n', '').concat('  restbase-health: { url: "http://127.0.0.1:1/h" }\n')), now: T0, user: 'alice' });
    expect(announced(b.evaluate(T0, fleet(['restbase-health', 'summary'])))).toEqual(['firing restbase-health']);
  });

  it('leaves APIs that do not depend on the failing one alone', () => {
    expect(announced(tracker().evaluate(T0, fleet(['restbase-health', 'other'])))).toEqual(['firing restbase-health', 'firing other']);
  });

  it('releases a dependant still failing once the dependency recovers, and announces it then', () => {
    const b = tracker();
    b.evaluate(T0, fleet(['restbase-health', 'summary']));
    expect(announced(b.evaluate(T0 + MINUTE, fleet(['summary'], ['restbase-health'])))).toEqual([]);
    expect(b.alarm('restbase-health/LowAvailability')!.state).toBe('firing');
    const events = b.evaluate(T0 + 2 * MINUTE, fleet(['summary'], ['restbase-health']));
    expect(announced(events)).toEqual(['resolved restbase-health', 'firing summary']);
    expect(b.alarm('summary/LowAvailability')!.suppressedBy).toBeUndefined();
  });

  it('says nothing of a dependant that recovered while suppressed', () => {
    const b = tracker();
    b.evaluate(T0, fleet(['restbase-health', 'summary']));
    b.evaluate(T0 + MINUTE, fleet(['restbase-health'], ['summary']));
    expect(announced(b.evaluate(T0 + 2 * MINUTE, fleet(['restbase-health'], ['summary'])))).toEqual([]);
  });

  it('still sends the resolution of a dependant whose firing went out before the dependency failed', () => {
    const b = tracker();
    expect(announced(b.evaluate(T0, fleet(['summary'], ['restbase-health'])))).toEqual(['firing summary']);
    expect(announced(b.evaluate(T0 + MINUTE, fleet(['restbase-health', 'summary'])))).toEqual(['firing restbase-health']);
    b.evaluate(T0 + 2 * MINUTE, fleet(['restbase-health'], ['summary']));
    expect(announced(b.evaluate(T0 + 3 * MINUTE, fleet(['restbase-health'], ['summary'])))).toEqual(['resolved summary']);
  });
});
