import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import type { Message } from '../../../source/notify/message.js';
import { NotificationLog } from '../../../source/notify/notification-log.js';
import { Outbox, OUTBOX_FILE } from '../../../source/notify/outbox.js';
import { notificationKey } from '../../../source/notify/stages/dedup.js';
import type { Group } from '../../../source/notify/stages/group.js';
import { toMessageItem } from '../../../source/notify/stages/route.js';
import { writeAhead } from '../../../source/notify/stages/write-ahead.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { alarm, config, event, T0 } from '../helpers.js';

const cfg = config('');
const group: Group = { key: 's/mwi', channel: 's', team: 'mwi', items: [toMessageItem(event('firing', alarm()), cfg, 'routes[0]', T0)] };

describe('outbox stage (write-ahead)', () => {
  const stateDir = useTempDir();
  const outboxes: Outbox[] = [];
  afterEach(() => {
    for (const outbox of outboxes.splice(0)) outbox.close();
  });

  function open(dir: string) {
    const { outbox } = Outbox.open(dir, 0);
    outboxes.push(outbox);
    return { outbox, log: NotificationLog.open(dir, T0, 86_400_000).log };
  }

  it('has the message on disk, in the outbox and the notification log, before the next stage sees it', () => {
    const dir = stateDir();
    const { outbox, log } = open(dir);
    const seen: { message: Message; outboxText: string; logged: boolean }[] = [];
    writeAhead(outbox, log, new ManualClock(T0)).run(group, (message) =>
      seen.push({ message, outboxText: readFileSync(join(dir, OUTBOX_FILE), 'utf8'), logged: log.has(notificationKey('s', group.items[0]!)) }),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]!.outboxText).toContain(seen[0]!.message.id);
    expect(seen[0]!.logged).toBe(true);
  });

  it('makes one message of the group, stamped with the clock', () => {
    const { outbox, log } = open(stateDir());
    const clock = new ManualClock(T0);
    clock.advance(5_000);
    const out: Message[] = [];
    writeAhead(outbox, log, clock).run(group, (m) => out.push(m));
    expect(out[0]).toMatchObject({ channel: 's', groupKey: 's/mwi', team: 'mwi', teamName: 'MediaWiki Interfaces', createdAt: T0 + 5_000, items: group.items });
  });

  it('leaves the message pending for the next start until it is marked delivered', () => {
    const dir = stateDir();
    const { outbox, log } = open(dir);
    const out: Message[] = [];
    writeAhead(outbox, log, new ManualClock(T0)).run(group, (m) => out.push(m));
    outbox.close();
    const reopened = Outbox.open(dir, 0);
    outboxes.push(reopened.outbox);
    expect(reopened.pending.map((m) => m.id)).toEqual([out[0]!.id]);
  });
});
