import { describe, expect, it } from 'vitest';
import { describeScope, isMuted, muteCovering, scopeCovers } from '../../source/alerts/mutes.js';
import type { Mute, MuteScope } from '../../source/core/alarm.js';
import { HOUR, T0 } from './fixtures.js';

const ALARM = { id: 'page-api/HighLatency', apiId: 'page-api', team: 'mwi', rule: 'HighLatency' };
const mute = (scope: MuteScope, until = T0 + HOUR, id = 'm1'): Mute => ({ id, scope, createdAt: T0, until, by: 'bob' });

describe('mute scopes', () => {
  it.each<[MuteScope, boolean]>([
    [{ kind: 'alarm', alarmId: 'page-api/HighLatency' }, true],
    [{ kind: 'alarm', alarmId: 'page-api/High5xx' }, false],
    [{ kind: 'api', apiId: 'page-api' }, true],
    [{ kind: 'api', apiId: 'search-api' }, false],
    [{ kind: 'team', team: 'mwi' }, true],
    [{ kind: 'team', team: 'ctt' }, false],
    [{ kind: 'rule', rule: 'HighLatency' }, true],
    [{ kind: 'rule', rule: 'High5xx' }, false],
  ])('%o covers the alarm: %s', (scope, expected) => {
    expect(scopeCovers(scope, ALARM)).toBe(expected);
  });

  it('a team mute does not cover an unowned API', () => {
    expect(scopeCovers({ kind: 'team', team: 'mwi' }, { ...ALARM, team: undefined })).toBe(false);
  });

  it('expires on its own at "until"', () => {
    const mutes = [mute({ kind: 'api', apiId: 'page-api' })];
    expect(isMuted(mutes, ALARM, T0 + HOUR - 1)).toBe(true);
    expect(isMuted(mutes, ALARM, T0 + HOUR)).toBe(false);
  });

  it('still holds when the clock is stepped back past the moment it was made', () => {
    const mutes = [mute({ kind: 'api', apiId: 'page-api' })];
    expect(isMuted(mutes, ALARM, T0 - 2 * 60_000)).toBe(true);
  });

  it('reports the covering mute that lasts longest', () => {
    const mutes = [mute({ kind: 'api', apiId: 'page-api' }, T0 + HOUR, 'a'), mute({ kind: 'team', team: 'mwi' }, T0 + 4 * HOUR, 'b')];
    expect(muteCovering(mutes, ALARM, T0)?.id).toBe('b');
  });

  it('describes scopes for logs and the UI', () => {
    expect(describeScope({ kind: 'rule', rule: 'High5xx' })).toBe('rule High5xx');
  });
});
