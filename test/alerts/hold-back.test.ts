import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import { bornIn, heldBack, holdReasons, offlineHolds, type HoldFacts, type HoldReason } from '../../source/alerts/hold-back.js';

const T = 1_000_000;
const alarm = { id: 'a/HighLatency', apiId: 'a', startedAt: T } as Alarm;
const none: HoldFacts = { dependencyFailing: () => false, muted: () => false, silenced: () => false, inMaintenance: () => false, offline: () => false };

describe('holdReasons', () => {
  it('holds nothing back when no reason holds', () => {
    expect(holdReasons(alarm, T, none)).toEqual([]);
    expect(heldBack(alarm, T, none)).toBe(false);
  });

  it.each([
    ['dependency', { dependencyFailing: () => true }],
    ['muted', { muted: () => true }],
    ['silenced', { silenced: () => true }],
    ['maintenance', { inMaintenance: () => true }],
    ['offline', { offline: () => true }],
  ] as [HoldReason, Partial<HoldFacts>][])('holds the alarm back for %s alone', (reason, fact) => {
    const facts = { ...none, ...fact };
    expect(holdReasons(alarm, T, facts)).toEqual([reason]);
    expect(heldBack(alarm, T, facts)).toBe(true);
  });

  it('lists every reason that holds, and asks each with the alarm and the time', () => {
    const asked: number[] = [];
    const facts = { ...none, muted: (_a: Alarm, now: number) => (asked.push(now), true), inMaintenance: () => true };
    expect(holdReasons(alarm, T + 5, facts)).toEqual(['muted', 'maintenance']);
    expect(asked).toEqual([T + 5]);
  });
});

describe('offlineHolds', () => {
  const network = { at: T + 10, outcome: 'connection_refused' as const };

  it('holds a network failure while the prober is offline', () => {
    expect(offlineHolds(alarm, network, { since: T - 100 }, undefined)).toBe(true);
  });

  it('never holds an answer from the API (a 5xx), offline or not', () => {
    expect(offlineHolds(alarm, { at: T + 10, outcome: 'http_5xx' }, { since: T - 100 }, undefined)).toBe(false);
  });

  it('keeps holding an episode born in the last spell until the API fails again after it', () => {
    const spell = { since: T - 100, until: T + 50 };
    expect(offlineHolds(alarm, network, undefined, spell)).toBe(true);
    expect(offlineHolds(alarm, { ...network, at: T + 60 }, undefined, spell)).toBe(false);
    expect(offlineHolds({ startedAt: T + 70 }, network, undefined, spell)).toBe(false);
  });

  it('holds nothing without a failure', () => {
    expect(offlineHolds(alarm, undefined, { since: T }, undefined)).toBe(false);
  });

  it('bornIn: from the spell\'s start, before its end', () => {
    expect(bornIn({ startedAt: T }, { since: T, until: T + 1 })).toBe(true);
    expect(bornIn({ startedAt: T + 1 }, { since: T, until: T + 1 })).toBe(false);
    expect(bornIn({ startedAt: T + 9 }, { since: T })).toBe(true);
  });
});
