import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import { alarmMatchers, describeMatchers, scopeMatchers, silenceCovers, silenceForAck, silenceForMute } from '../../source/alertmanager/silence-model.js';

const alarm: Pick<Alarm, 'rule' | 'apiId' | 'team' | 'severity'> = { rule: 'HighLatency', apiId: 'mw-rest-page', team: 'mwi', severity: 'warning' };

describe('matchers', () => {
  it.each([
    [{ kind: 'alarm', alarmId: 'mw-rest-page/HighLatency' }, [['api', 'mw-rest-page'], ['alertname', 'HighLatency']]],
    [{ kind: 'api', apiId: 'aqs' }, [['api', 'aqs']]],
    [{ kind: 'team', team: 'mwi' }, [['team', 'mwi']]],
    [{ kind: 'rule', rule: 'High5xx' }, [['alertname', 'High5xx']]],
  ] as const)('mute scope %j becomes equality matchers %j', (scope, expected) => {
    expect(scopeMatchers(scope).map((m) => [m.name, m.value])).toEqual(expected);
  });

  it('an ACK! silence names the alarm by api and alertname alone: team and severity as read here may not be the alert\'s', () => {
    expect(silenceForAck(alarm, { by: 'alice', note: 'on it' }, 1_000).matchers.map((m) => [m.name, m.value])).toEqual([
      ['api', 'mw-rest-page'],
      ['alertname', 'HighLatency'],
    ]);
  });

  it('an unowned alarm is matched by team "unassigned", as exported alerts are labelled', () => {
    expect(alarmMatchers({ ...alarm, team: undefined })).toContainEqual({ name: 'team', value: 'unassigned', isRegex: false, isEqual: true });
  });

  it('decides coverage as Alertmanager does: every matcher must hold; regexes are anchored; isEqual false negates', () => {
    expect(silenceCovers({ matchers: scopeMatchers({ kind: 'team', team: 'mwi' }) }, alarm)).toBe(true);
    expect(silenceCovers({ matchers: scopeMatchers({ kind: 'team', team: 'ctt' }) }, alarm)).toBe(false);
    expect(silenceCovers({ matchers: [{ name: 'api', value: 'mw-rest', isRegex: true, isEqual: true }] }, alarm)).toBe(false);
    expect(silenceCovers({ matchers: [{ name: 'api', value: 'mw-rest.*', isRegex: true, isEqual: true }] }, alarm)).toBe(true);
    expect(silenceCovers({ matchers: [{ name: 'severity', value: 'page', isRegex: false, isEqual: false }] }, alarm)).toBe(true);
  });

  it("a regex in Go's syntax matches as Alertmanager matches it", () => {
    expect(silenceCovers({ matchers: [{ name: 'api', value: '(?P<x>mw.*)', isRegex: true, isEqual: true }] }, alarm)).toBe(true);
  });

  it('a regex that cannot compile covers nothing instead of throwing', () => {
    expect(silenceCovers({ matchers: [{ name: 'api', value: '(mw.*', isRegex: true, isEqual: true }] }, alarm)).toBe(false);
  });

  it('writes matchers as amtool does', () => {
    expect(
      describeMatchers([
        { name: 'api', value: 'mw', isRegex: false, isEqual: true },
        { name: 'team', value: 'x', isRegex: false, isEqual: false },
        { name: 'alertname', value: 'High.*', isRegex: true, isEqual: true },
        { name: 'severity', value: 'info', isRegex: true, isEqual: false },
      ]),
    ).toBe('api=mw team!=x alertname=~High.* severity!~info');
  });

  it('a mute becomes a silence over its scope, by its author, until its end, with its reason or a comment naming api-health', () => {
    const mute = { id: 'mute-1', scope: { kind: 'rule', rule: 'High5xx' }, createdAt: 1_000, until: 2_000, by: 'alice' } as const;
    expect(silenceForMute(mute)).toEqual({
      matchers: [{ name: 'alertname', value: 'High5xx', isRegex: false, isEqual: true }],
      startsAt: 1_000,
      endsAt: 2_000,
      createdBy: 'alice',
      comment: 'Muted from api-health: rule High5xx',
    });
    expect(silenceForMute({ ...mute, reason: 'noisy' }).comment).toBe('noisy');
  });
});
