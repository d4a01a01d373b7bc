import { describeAlarm, describeResolution } from '../alerts/metric-format.js';

import type { Message, MessageItem } from './message.js';
import type { Severity } from '../core/rules.js';
import type { MessageKind } from '../core/delivery-record.js';

export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

/** "p95 latency 1.2s above 800ms", worded as in the alarm's own summary; a resolved alarm's "5xx rate 0%, below 10% for 2m". */
export function valueVsThreshold(item: Pick<MessageItem, 'alarm' | 'resolveAfterMs'>): string {
  const { alarm } = item;
  return alarm.state === 'resolved' ? describeResolution(alarm, alarm.value, item.resolveAfterMs) : describeAlarm(alarm, alarm.value);
}

const KIND_WORDS: Record<MessageKind, string> = {
  firing: 'firing',
  escalated: 'escalated',
  acknowledged: 'acknowledged',
  unacknowledged: 'no longer acknowledged',
  reminder: 'still firing',
  resolved: 'resolved',
  test: 'test notification',
};

/** What happened, in a few words: "acknowledged by ana", "escalated to MWI manager (level 2)". */
export function eventPhrase(item: MessageItem): string {
  const words = KIND_WORDS[item.kind];
  if (item.kind === 'acknowledged' || item.kind === 'unacknowledged') {
    const by = item.actor ? ` by ${item.actor}` : '';
    const note = item.note ? ` (${item.note})` : '';
    return `${words}${by}${note}`;
  }
  if (item.kind === 'escalated') {
    const target = item.escalationTarget ? ` to ${item.escalationTarget}` : '';
    return `${words}${target} (level ${item.escalationLevel ?? item.alarm.escalationLevel})`;
  }
  return words;
}

/** One line per event: "[CRITICAL] Search API High5xx firing: 5xx rate 4.1% above 2%". */
export function itemLine(item: MessageItem): string {
  return `[${severityLabel(item.alarm.severity)}] ${item.apiName} ${item.alarm.rule} ${eventPhrase(item)}: ${valueVsThreshold(item)}`;
}

/** The most severe item leads: its severity and API name start every subject and title. */
export function leadItem(message: Message): MessageItem {
  const rank: Record<Severity, number> = { page: 0, critical: 1, warning: 2, info: 3 };
  return [...message.items].sort((a, b) => rank[a.alarm.severity] - rank[b.alarm.severity])[0]!;
}

/** "[CRITICAL] Search API: High5xx firing (+2 more)": the subject of an email, the fallback text of a chat message. */
export function title(message: Message): string {
  const lead = leadItem(message);
  const more = message.items.length > 1 ? ` (+${message.items.length - 1} more)` : '';
  return `[${severityLabel(lead.alarm.severity)}] ${lead.apiName}: ${lead.alarm.rule} ${eventPhrase(lead)}${more}`;
}

/** Channels with a size limit show this many items and say how many more there are. */
export const MAX_ITEMS_SHOWN = 10;

export function shownItems(message: Message): { items: MessageItem[]; hidden: number } {
  return { items: message.items.slice(0, MAX_ITEMS_SHOWN), hidden: Math.max(0, message.items.length - MAX_ITEMS_SHOWN) };
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
