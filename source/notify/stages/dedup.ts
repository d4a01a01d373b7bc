import type { MessageItem } from '../message.js';
import type { NotificationLog } from '../notification-log.js';
import type { Group } from './group.js';
import type { Stage } from './stage.js';

/** One episode of one alarm: from its first breach to its resolution; a new firing after that is another. */
export function episodeOf(item: Pick<MessageItem, 'alarm'>): string {
  return `${item.alarm.id}|${item.alarm.startedAt}`;
}

/**
 * The identity of a notification on a channel: one firing, one resolution and one escalation per level per
 * alarm episode; acknowledgements and reminders are distinct by their time.
 */
export function notificationKey(channel: string, item: MessageItem): string {
  const episode = `${channel}|${episodeOf(item)}`;
  switch (item.kind) {
    case 'firing':
    case 'resolved':
      return `${episode}|${item.kind}`;
    case 'escalated':
      return `${episode}|escalated|${item.escalationLevel ?? item.alarm.escalationLevel}`;
    default:
      return `${episode}|${item.kind}|${item.at}`;
  }
}

/** Drops items already notified on this channel, and repeats within the batch itself. */
export function dropDuplicates(channel: string, items: readonly MessageItem[], log: NotificationLog): MessageItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = notificationKey(channel, item);
    if (log.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function dedup(log: NotificationLog): Stage<Group, Group> {
  return {
    name: 'dedup',
    run(group, next) {
      const items = dropDuplicates(group.channel, group.items, log);
      if (items.length > 0) next({ ...group, items });
    },
  };
}
