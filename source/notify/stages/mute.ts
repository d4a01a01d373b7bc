import type { Alarm } from '../../core/alarm.js';
import type { Clock } from '../../core/clock.js';
import type { MessageItem } from '../message.js';
import type { NotificationLog } from '../notification-log.js';
import { notificationKey } from './dedup.js';
import type { Group } from './group.js';
import type { Stage } from './stage.js';

/** Mutes, maintenance and suppression behind one question, answered by whoever owns them. */
export interface Muter {
  isMuted(alarm: Alarm, at: number): boolean;
}

export const noMutes: Muter = { isMuted: () => false };

/** Whether this channel was handed the firing of the item's episode: then it must hear the end of it too. */
export type FiringSent = (channel: string, item: MessageItem) => boolean;

export function firingSentBy(log: Pick<NotificationLog, 'has'>): FiringSent {
  return (channel, item) => log.has(notificationKey(channel, { ...item, kind: 'firing' }));
}

/**
 * Muted alarms send nothing (not firing, not reminders, not escalations), except the resolution of an
 * episode whose firing this channel already got: a mute or a maintenance window set after an alarm fired
 * must not leave a PagerDuty incident or an Alertmanager alert open.
 */
export function dropMuted(channel: string, items: readonly MessageItem[], muter: Muter, at: number, firingSent: FiringSent): MessageItem[] {
  return items.filter((item) => !muter.isMuted(item.alarm, at) || (item.kind === 'resolved' && firingSent(channel, item)));
}

/** Asked when a group goes out, not when its events arrive: a mute set during groupWait still holds. */
export function muting(muter: Muter, clock: Clock, firingSent: FiringSent): Stage<Group, Group> {
  return {
    name: 'mute',
    run(group, next) {
      const items = dropMuted(group.channel, group.items, muter, clock.now(), firingSent);
      if (items.length > 0) next({ ...group, items });
    },
  };
}
