import type { DeliveryRecord } from '../core/delivery-record.js';

/** One message to one channel, with every record of it (queued, each attempt, the outcome) oldest first. */
export interface MessageEntry {
  key: string;
  records: DeliveryRecord[];
  /** The latest record: the message's state now (delivered, failed, retrying, queued…). */
  last: DeliveryRecord;
}

/** The records as messages, the newest message first: the notifications view gives each one line. */
export function messageEntries(records: readonly DeliveryRecord[]): MessageEntry[] {
  const byKey = new Map<string, DeliveryRecord[]>();
  for (const record of records) {
    const key = `${record.messageId}\u0000${record.channel}`;
    const list = byKey.get(key);
    if (list) list.push(record);
    else byKey.set(key, [record]);
  }
  return [...byKey].map(([key, list]) => ({ key, records: list, last: list.at(-1)! })).reverse();
}
