import { describe, expect, it } from 'vitest';
import { MuteList } from '../../source/alerts/mute-list.js';
import type { Mute } from '../../source/core/alarm.js';
import { HOUR, MINUTE, T0 } from './fixtures.js';

const ALARM = { id: 'page-api/HighLatency', apiId: 'page-api', team: 'mwi', rule: 'HighLatency' };
const saved = (mutes: Mute[], muteSequence = mutes.length) => ({ mutes, muteSequence });
const teamMute = (id: string, until: number): Mute => ({ id, scope: { kind: 'team', team: 'mwi' }, createdAt: T0, until, by: 'bob' });

describe('MuteList', () => {
  it('numbers new mutes one after another', () => {
    const list = new MuteList(undefined, T0);
    const first = list.add({ kind: 'api', apiId: 'page-api' }, T0, T0 + HOUR, 'bob', undefined);
    const second = list.add({ kind: 'api', apiId: 'page-api' }, T0, T0 + HOUR, 'bob', undefined);
    expect([first.id, second.id]).toEqual(['mute-1', 'mute-2']);
  });

  it('continues the numbering of a saved list', () => {
    const list = new MuteList(saved([], 7), T0);
    expect(list.add({ kind: 'rule', rule: 'High5xx' }, T0, T0 + HOUR, 'bob', undefined).id).toBe('mute-8');
  });

  it('keeps no empty reason', () => {
    const list = new MuteList(undefined, T0);
    expect(list.add({ kind: 'rule', rule: 'High5xx' }, T0, T0 + HOUR, 'bob', '').reason).toBeUndefined();
  });

  it('drops saved mutes that ended before it was made', () => {
    const list = new MuteList(saved([teamMute('mute-1', T0 + MINUTE), teamMute('mute-2', T0 + HOUR)]), T0 + MINUTE);
    expect(list.snapshot().mutes.map((m) => m.id)).toEqual(['mute-2']);
  });

  it('lists the mutes in force, the soonest to end first', () => {
    const list = new MuteList(saved([teamMute('long', T0 + 4 * HOUR), teamMute('short', T0 + HOUR)]), T0);
    expect(list.active(T0).map((m) => m.id)).toEqual(['short', 'long']);
  });

  it('does not list a mute that has ended but was not expired yet', () => {
    const list = new MuteList(saved([teamMute('long', T0 + 4 * HOUR), teamMute('short', T0 + HOUR)]), T0);
    expect(list.active(T0 + HOUR).map((m) => m.id)).toEqual(['long']);
  });

  it('expires the mutes ending at or before now, once', () => {
    const list = new MuteList(saved([teamMute('short', T0 + HOUR), teamMute('long', T0 + 4 * HOUR)]), T0);
    expect(list.expire(T0 + HOUR).map((m) => m.id)).toEqual(['short']);
    expect(list.expire(T0 + HOUR)).toEqual([]);
  });

  it('removes a mute and hands it back', () => {
    const list = new MuteList(undefined, T0);
    const mute = list.add({ kind: 'api', apiId: 'page-api' }, T0, T0 + HOUR, 'bob', 'deploy');
    expect(list.remove(mute.id)).toEqual(mute);
    expect(list.covering(ALARM, T0)).toBeUndefined();
  });

  it('hands back nothing for an unknown mute id', () => {
    expect(new MuteList(undefined, T0).remove('mute-9')).toBeUndefined();
  });

  it('reports the covering mute that lasts longest', () => {
    const list = new MuteList(saved([teamMute('short', T0 + HOUR), teamMute('long', T0 + 4 * HOUR)]), T0);
    expect(list.covering(ALARM, T0)?.id).toBe('long');
  });

  it('links a silence to a mute still in the list', () => {
    const list = new MuteList(saved([teamMute('mute-1', T0 + HOUR)]), T0);
    expect(list.linkSilence('mute-1', 'silence-1')).toBe(true);
    expect(list.active(T0)[0]!.silenceId).toBe('silence-1');
  });

  it('refuses to link a silence to a mute that is gone', () => {
    const list = new MuteList(saved([teamMute('mute-1', T0 + HOUR)]), T0);
    list.remove('mute-1');
    expect(list.linkSilence('mute-1', 'silence-1')).toBe(false);
  });

  it('snapshots copies, so later changes do not alter a saved snapshot', () => {
    const list = new MuteList(saved([teamMute('mute-1', T0 + HOUR)]), T0);
    const snapshot = list.snapshot();
    list.linkSilence('mute-1', 'silence-1');
    expect(snapshot).toEqual({ mutes: [teamMute('mute-1', T0 + HOUR)], muteSequence: 1 });
  });
});
