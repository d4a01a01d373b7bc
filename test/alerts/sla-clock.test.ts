import { describe, expect, it } from 'vitest';
import { escalationLevelAt, slaClocksFor, slaStatus } from '../../source/alerts/sla-clock.js';
import type { Alarm } from '../../source/core/alarm.js';
import { configFrom, HOUR, MINUTE, pageAlarm, T0 } from './fixtures.js';

const CLOCKS = { triage: 5 * MINUTE, escalate: 15 * MINUTE, resolve: 4 * HOUR };
const TEAM = { escalation: ['mwi on-call', 'MWI manager'] };

const alarm = (fields: Partial<Alarm> = {}): Alarm => pageAlarm({ summary: '', ...fields });

const status = (a: Alarm, now: number) => slaStatus(a, 'standard', CLOCKS, TEAM, now);

describe('SLA clocks', () => {
  it('counts the triage clock down from firing', () => {
    const s = status(alarm(), T0 + 2 * MINUTE);
    expect(s.triage).toEqual({ dueAt: T0 + 5 * MINUTE, remainingMs: 3 * MINUTE, overdueMs: 0, breached: false, stopped: false });
    expect(s.text).toBe('triage 3m left');
    expect(s.breached).toBe(false);
  });

  it('shows a triage breach in the exact words the UI prints', () => {
    const s = status(alarm(), T0 + 17 * MINUTE);
    expect(s.text).toBe('SLA BREACH: triage overdue 12m');
    expect(s.breached).toBe(true);
    expect(s.triage!.overdueMs).toBe(12 * MINUTE);
  });

  it('stops the triage clock at the acknowledgement and counts resolution instead', () => {
    const s = status(alarm({ ack: { by: 'bob', at: T0 + 3 * MINUTE } }), T0 + HOUR);
    expect(s.triage).toMatchObject({ stopped: true, breached: false, remainingMs: 2 * MINUTE });
    expect(s.text).toBe('resolve 3h left');
  });

  it('keeps a late acknowledgement on record as a triage breach but no longer shows it', () => {
    const s = status(alarm({ ack: { by: 'bob', at: T0 + 10 * MINUTE } }), T0 + HOUR);
    expect(s.triage).toMatchObject({ stopped: true, breached: true, overdueMs: 5 * MINUTE });
    expect(s.breached).toBe(false);
  });

  it('shows both breaches when neither triage nor resolution happened in time', () => {
    expect(status(alarm(), T0 + 5 * HOUR).text).toBe('SLA BREACH: triage overdue 4h55m, resolve overdue 1h');
  });

  it('shows a resolution breach of an acknowledged alarm', () => {
    expect(status(alarm({ ack: { by: 'bob', at: T0 + MINUTE } }), T0 + 4 * HOUR + 30 * MINUTE).text).toBe('SLA BREACH: resolve overdue 30m');
  });

  it('stops every clock at resolution and says whether the SLA was met', () => {
    const met = status(alarm({ state: 'resolved', resolvedAt: T0 + 4 * MINUTE }), T0 + 10 * HOUR);
    expect(met).toMatchObject({ breached: false, text: 'resolved in 4m', resolve: { stopped: true }, triage: { stopped: true } });
    const missed = status(alarm({ state: 'resolved', resolvedAt: T0 + 20 * MINUTE }), T0 + 10 * HOUR);
    expect(missed.text).toBe('resolved in 20m (SLA missed)');
  });

  it('has no clocks before the alarm fires', () => {
    const s = status(alarm({ state: 'pending', firingAt: undefined }), T0 + HOUR);
    expect(s).toMatchObject({ triage: undefined, resolve: undefined, breached: false, text: '' });
  });

  it('says "no SLA" when the policy sets nothing for the severity', () => {
    expect(slaStatus(alarm(), 'strict', undefined, TEAM, T0).text).toBe('no SLA');
  });
});

describe('escalation levels', () => {
  it.each([
    [14 * MINUTE, 0, undefined],
    [15 * MINUTE, 1, 'mwi on-call'],
    [29 * MINUTE, 1, 'mwi on-call'],
    [30 * MINUTE, 2, 'MWI manager'],
    [5 * HOUR, 2, 'MWI manager'],
  ])('after %i ms unacknowledged: level %i (%s)', (elapsed, level, target) => {
    const s = status(alarm(), T0 + elapsed);
    expect([s.escalationLevel, s.escalationTarget]).toEqual([level, target]);
  });

  it('says when the next level is due, and nothing once at the last level', () => {
    expect(status(alarm(), T0 + MINUTE).nextEscalationAt).toBe(T0 + 15 * MINUTE);
    expect(status(alarm(), T0 + 31 * MINUTE).nextEscalationAt).toBeUndefined();
  });

  it('freezes the level at the acknowledgement', () => {
    const s = status(alarm({ ack: { by: 'bob', at: T0 + 20 * MINUTE } }), T0 + 2 * HOUR);
    expect([s.escalationLevel, s.nextEscalationAt]).toEqual([1, undefined]);
  });

  it('escalates to level 1 without a target for a team with no escalation list', () => {
    const s = slaStatus(alarm(), 'standard', CLOCKS, { escalation: [] }, T0 + 2 * HOUR);
    expect([s.escalationLevel, s.escalationTarget]).toEqual([1, undefined]);
  });

  it('never lowers a level already reached', () => {
    expect(escalationLevelAt(T0, 15 * MINUTE, T0, 3, 2)).toBe(2);
  });
});

describe('SLA policy lookup', () => {
  const config = configFrom();

  it('uses the team\'s policy for the alarm\'s severity', () => {
    expect(slaClocksFor(config, { team: 'ctt', severity: 'page' })).toEqual({ policy: 'strict', clocks: { triage: 2 * MINUTE, escalate: 10 * MINUTE, resolve: HOUR } });
  });

  it('uses the standard policy for teams naming none and for unowned APIs', () => {
    expect(slaClocksFor(config, { team: 'mwi', severity: 'critical' }).policy).toBe('standard');
    expect(slaClocksFor(config, { team: undefined, severity: 'warning' })).toEqual({ policy: 'standard', clocks: { triage: 4 * HOUR, escalate: 24 * HOUR, resolve: 7 * 24 * HOUR } });
  });

  it('has no clocks where the team\'s policy leaves a severity out', () => {
    expect(slaClocksFor(config, { team: 'ctt', severity: 'warning' }).clocks).toBeUndefined();
  });
});
