import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import type { Group } from '../../../source/notify/stages/group.js';
import { muting, type Muter } from '../../../source/notify/stages/mute.js';
import { toMessageItem } from '../../../source/notify/stages/route.js';
import { alarm, config, event, T0 } from '../helpers.js';

const cfg = config('');
const group = (...rules: string[]): Group => ({
  key: 's/mwi',
  channel: 's',
  team: 'mwi',
  items: rules.map((rule) => toMessageItem(event('firing', alarm({ rule })), cfg, 'routes[0]', T0)),
});

describe('mute stage', () => {
  it('drops the muted items of a group and hands on the rest', () => {
    const out: Group[] = [];
    const muter: Muter = { isMuted: (a) => a.rule === 'A' };
    muting(muter, new ManualClock(T0)).run(group('A', 'B'), (g) => out.push(g));
    expect(out.map((g) => g.items.map((i) => i.alarm.rule))).toEqual([['B']]);
  });

  it('hands on nothing when every item is muted', () => {
    const out: Group[] = [];
    muting({ isMuted: () => true }, new ManualClock(T0)).run(group('A'), (g) => out.push(g));
    expect(out).toEqual([]);
  });

  it('asks the muter at the time the group goes out, not when its events came in', () => {
    const clock = new ManualClock(T0);
    const asked: number[] = [];
    const stage = muting({ isMuted: (_a, at) => (asked.push(at), at >= T0 + 30_000) }, clock);
    clock.advance(30_000);
    const out: Group[] = [];
    stage.run(group('A'), (g) => out.push(g));
    expect(asked).toEqual([T0 + 30_000]);
    expect(out).toEqual([]);
  });
});
