import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { Outbox } from '../../../source/notify/outbox.js';
import { Grouper, type Group } from '../../../source/notify/stages/group.js';
import { toMessageItem } from '../../../source/notify/stages/route.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { alarm, config, event, T0 } from '../helpers.js';

const cfg = config('');
const item = (team: string, rule = 'R') => toMessageItem(event('firing', alarm({ team, rule })), cfg, 'routes[0]', T0);
const timing = { groupWaitMs: 30_000, groupIntervalMs: 300_000 };

describe('grouping', () => {
  const stateDir = useTempDir();
  const outboxes: Outbox[] = [];
  afterEach(() => {
    for (const outbox of outboxes.splice(0)) outbox.close();
  });

  function open(dir = stateDir()) {
    const opened = Outbox.open(dir, T0);
    outboxes.push(opened.outbox);
    return { ...opened, dir };
  }

  function grouper(clock: ManualClock, outbox = open().outbox) {
    const flushed: Group[] = [];
    const g = new Grouper(clock, timing, outbox);
    const add = (channel: string, ...items: ReturnType<typeof item>[]) => g.run(items.map((routed) => ({ channel, item: routed })), (group) => flushed.push(group));
    return { grouper: g, flushed, add };
  }

  it('waits groupWait, then sends one group per channel and team', () => {
    const clock = new ManualClock(T0);
    const { flushed, add } = grouper(clock);
    add('s', item('mwi', 'A'));
    clock.advance(10_000);
    add('s', item('mwi', 'B'), item('search'));
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
    const { flushed, add } = grouper(clock);
    add('s', item('mwi'));
    clock.advance(30_000);
    add('s', item('mwi', 'Later'));
    clock.advance(299_999);
    expect(flushed).toHaveLength(1);
    clock.advance(1);
    expect(flushed).toHaveLength(2);
  });

  it('has every item it waits with on disk: a reopened outbox holds them, with their group\'s due time', () => {
    const clock = new ManualClock(T0);
    const { outbox, dir } = open();
    const { add } = grouper(clock, outbox);
    add('s', item('mwi', 'A'));
    clock.advance(10_000);
    add('s', item('mwi', 'B'));
    outbox.close();
    expect(open(dir).held.map((h) => [h.channel, h.item.alarm.rule, h.dueAt])).toEqual([
      ['s', 'A', T0 + 30_000],
      ['s', 'B', T0 + 30_000],
    ]);
  });

  it('releases a group once it went on: a reopened outbox holds nothing of it', () => {
    const clock = new ManualClock(T0);
    const { outbox, dir } = open();
    const { add } = grouper(clock, outbox);
    add('s', item('mwi', 'A'));
    add('s', item('search', 'B'));
    clock.advance(30_000);
    add('s', item('mwi', 'C'));
    outbox.close();
    expect(open(dir).held.map((h) => h.item.alarm.rule)).toEqual(['C']);
  });

  it('keeps a group held when handing it on fails, so the next start sends it', () => {
    const clock = new ManualClock(T0);
    const { outbox, dir } = open();
    const g = new Grouper(clock, timing, outbox);
    g.run([{ channel: 's', item: item('mwi') }], () => {
      throw new Error('disk full');
    });
    expect(() => clock.advance(30_000)).toThrow('disk full');
    outbox.close();
    expect(open(dir).held).toHaveLength(1);
  });

  it('takes up what a previous run held with the wait it had left', () => {
    const first = new ManualClock(T0);
    const before = open();
    grouper(first, before.outbox).add('s', item('mwi', 'A'), item('mwi', 'B'));
    before.outbox.close();

    const restarted = new ManualClock(T0 + 20_000);
    const after = open(before.dir);
    const { grouper: g, flushed } = grouper(restarted, after.outbox);
    g.restore(after.held, (group) => flushed.push(group));
    expect(g.waiting('s')).toBe(2);
    restarted.advance(9_999);
    expect(flushed).toHaveLength(0);
    restarted.advance(1);
    expect(flushed.map((group) => [group.key, group.items.map((i) => i.alarm.rule)])).toEqual([['s/mwi', ['A', 'B']]]);
  });

  it('sends a held group at once when its due time passed while the process was down', () => {
    const before = open();
    grouper(new ManualClock(T0), before.outbox).add('s', item('mwi'));
    before.outbox.close();

    const restarted = new ManualClock(T0 + 3_600_000);
    const after = open(before.dir);
    const { grouper: g, flushed } = grouper(restarted, after.outbox);
    g.restore(after.held, (group) => flushed.push(group));
    restarted.advance(0);
    expect(flushed).toHaveLength(1);
    after.outbox.close();
    expect(open(before.dir).held).toEqual([]);
  });

  it('adds new items to a restored group rather than opening a second one', () => {
    const before = open();
    grouper(new ManualClock(T0), before.outbox).add('s', item('mwi', 'A'));
    before.outbox.close();

    const restarted = new ManualClock(T0 + 10_000);
    const after = open(before.dir);
    const { grouper: g, flushed, add } = grouper(restarted, after.outbox);
    g.restore(after.held, (group) => flushed.push(group));
    add('s', item('mwi', 'B'));
    restarted.advance(20_000);
    expect(flushed.map((group) => group.items.map((i) => i.alarm.rule))).toEqual([['A', 'B']]);
  });
});
