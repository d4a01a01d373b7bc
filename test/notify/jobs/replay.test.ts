import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../../source/notify/delivery/records.js';
import { openJournals, regroupHeld, replayPending } from '../../../source/notify/jobs/replay.js';
import type { HeldItem, Message } from '../../../source/notify/message.js';
import { notificationKey } from '../../../source/notify/stages/dedup.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { alarm, config, event, message, T0 } from '../helpers.js';

const cfg = config('channels:\n  t: { type: terminal }\n');

describe('outbox replay', () => {
  const stateDir = useTempDir();

  function leftPending(dir: string, ...messages: Message[]): void {
    const { outbox } = openJournals(dir, T0, 86_400_000);
    for (const m of messages) outbox.enqueue(m);
    outbox.close();
  }

  it('queues what a previous run left pending, once, and remembers its events so they are not queued again', () => {
    const dir = stateDir();
    const pending = { ...message(cfg, 't', [event('firing')]), id: 'm-1' };
    leftPending(dir, pending);
    const opened = openJournals(dir, T0 + 1_000, 86_400_000);
    const resumed: string[] = [];
    replayPending(opened.pending, { config: cfg, journals: opened, now: T0 + 1_000, resume: (m) => resumed.push(m.id), record: () => undefined });
    opened.outbox.close();
    expect(resumed).toEqual(['m-1']);
    expect(opened.log.has(notificationKey('t', pending.items[0]!))).toBe(true);
  });

  it('does not send again the firing of an alarm the same message resolves: it may have gone out before the crash', () => {
    const dir = stateDir();
    const over = alarm({ state: 'resolved', resolvedAt: T0 + 10_000 });
    const other = alarm({ rule: 'Other' });
    const refired = alarm({ startedAt: T0 + 20_000, since: T0 + 20_000, firingAt: T0 + 20_000 });
    const pending = { ...message(cfg, 't', [event('firing'), event('firing', other), event('resolved', over), event('firing', refired)]), id: 'm-1' };
    leftPending(dir, pending);
    const opened = openJournals(dir, T0 + 30_000, 86_400_000);
    const resumed: Message[] = [];
    replayPending(opened.pending, { config: cfg, journals: opened, now: T0 + 30_000, resume: (m) => resumed.push(m), record: () => undefined });
    opened.outbox.close();
    expect(resumed[0]!.items.map((i) => `${i.kind} ${i.alarm.rule} ${i.alarm.startedAt - T0}`)).toEqual([
      `firing Other ${other.startedAt - T0}`,
      `resolved ${over.rule} ${over.startedAt - T0}`,
      'firing High5xx 20000',
    ]);
  });

  it('gives up a message for a channel no longer configured, recording why', () => {
    const dir = stateDir();
    leftPending(dir, { ...message(config('channels:\n  gone: { type: terminal }\n'), 'gone', [event('firing')]), id: 'm-2' });
    const opened = openJournals(dir, T0, 86_400_000);
    const records: RecordInput[] = [];
    const resumed: string[] = [];
    replayPending(opened.pending, { config: cfg, journals: opened, now: T0, resume: (m) => resumed.push(m.id), record: (r) => records.push(r) });
    opened.outbox.close();
    expect(resumed).toEqual([]);
    expect(records).toMatchObject([{ record: 'failed', channelType: 'unknown', attempt: 0, reason: 'channel "gone" is no longer configured' }]);
    const again = openJournals(dir, T0, 86_400_000);
    again.outbox.close();
    expect(again.pending).toEqual([]);
  });

  it('groups again what a previous run held, and gives up, recording why, what was held for a channel no longer configured', () => {
    const dir = stateDir();
    const item = (channel: string, id: string): HeldItem => ({ id, channel, dueAt: T0 + 30_000, item: message(cfg, 't', [event('firing')]).items[0]! });
    const before = openJournals(dir, T0, 86_400_000);
    before.outbox.hold([item('t', 'h-1'), item('gone', 'h-2')]);
    before.outbox.close();
    const opened = openJournals(dir, T0, 86_400_000);
    const restored: string[] = [];
    const records: RecordInput[] = [];
    const count = regroupHeld(opened.held, { config: cfg, journals: opened, now: T0, restore: (held) => restored.push(...held.map((h) => h.id)), record: (r) => records.push(r) });
    opened.outbox.close();
    expect([count, restored]).toEqual([1, ['h-1']]);
    expect(records).toMatchObject([{ record: 'failed', channelType: 'unknown', attempt: 0, reason: 'channel "gone" is no longer configured', message: { id: 'h-2' } }]);
    const again = openJournals(dir, T0, 86_400_000);
    again.outbox.close();
    expect(again.held.map((h) => h.id)).toEqual(['h-1']);
  });
});
