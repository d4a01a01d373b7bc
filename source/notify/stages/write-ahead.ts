import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Message } from '../message.js';
import type { NotificationLog } from '../notification-log.js';
import type { Outbox } from '../outbox.js';
import { notificationKey } from './dedup.js';
import type { Group } from './group.js';
import type { Stage } from './stage.js';

export function messageOf(group: Group, now: number, id: string = randomUUID()): Message {
  return { id, channel: group.channel, groupKey: group.key, team: group.team, teamName: group.items[0]!.teamName, createdAt: now, items: group.items };
}

/**
 * A group becomes a message that is on disk before anything is sent: written and fsynced to the outbox, and
 * remembered in the notification log, before `next` sees it. A crash after this point loses nothing.
 */
export function writeAhead(outbox: Outbox, log: NotificationLog, clock: Clock): Stage<Group, Message> {
  return {
    name: 'outbox',
    run(group, next) {
      const now = clock.now();
      const message = messageOf(group, now);
      outbox.enqueue(message);
      log.remember(
        message.items.map((item) => notificationKey(message.channel, item)),
        now,
      );
      next(message);
    },
  };
}
