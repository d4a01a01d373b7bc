import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { Grouper, type Group } from '../../../source/notify/stages/group.js';
import { toMessageItem } from '../../../source/notify/stages/route.js';
import { alarm, config, event, T0 } from '../helpers.js';

const cfg = config('');
const item = (team: string, rule = 'R') => toMessageItem(event('firing', alarm({ team, rule })), cfg, 'routes[0]', T0);

describe('grouping', () => {
  it('waits groupWait, then sends one group per channel and team', () => {
    const clock = new ManualClock(T0);
    const flushed: Group[] = [];
    const grouper = new Grouper(clock, { groupWaitMs: 30_000, groupIntervalMs: 300_000 });
    const add = (channel: string, routed: ReturnType<typeof item>) => grouper.run({ channel, item: routed }, (g) => flushed.push(g));
    add('s', item('mwi', 'A'));
    clock.advance(10_000);
    add('s', item('mwi', 'B'));
    add('s', item('search'));
    add('e', item('mwi'));
    clock.advance(19_999);
    expect(flushed).toHaveLength(0);
    clock.advance(1);
    expect(flushed.map((g) => [g.key, g.items.length])).toEqual([['s/mwi', 2]]);
    clock.advance(10_000);
    expect(flushed.map((g) => [g.key, g.items.length])).toEqual([
      ['s/mwi', 2],
      ['s/search', 1],
      ['e/mwi', 1],
    ]);
  });

  it('holds a group that just sent for groupInterval', () => {
    const clock = new ManualClock(T0);
    const flushed: Group[] = [];
    const grouper = new Grouper(clock, { groupWaitMs: 30_000, groupIntervalMs: 300_000 });
    const add = (channel: string, routed: ReturnType<typeof item>) => grouper.run({ channel, item: routed }, (g) => flushed.push(g));
    add('s', item('mwi'));
    clock.advance(30_000);
    add('s', item('mwi', 'Later'));
    clock.advance(299_999);
    expect(flushed).toHaveLength(1);
    clock.advance(1);
    expect(flushed).toHaveLength(2);
  });
});
