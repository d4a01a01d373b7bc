import type { AlarmEventKind } from './alarm.js';

/** `test` is the kind of the message `api-health notify test` sends; every other kind is an alarm event. */
export type MessageKind = AlarmEventKind | 'test';

export type RecordKind = 'queued' | 'attempt' | 'delivered' | 'skipped' | 'retrying' | 'failed' | 'refreshed';

/** One line of the notification history: what the NDJSON output of `monitor --json` and the TUI view show. */
export interface DeliveryRecord {
  record: RecordKind;
  at: number;
  messageId: string;
  channel: string;
  /** The channel's type (slack, webhook, ...); 'unknown' for a replayed message whose channel left the config. */
  channelType: string;
  events: { kind: MessageKind; alarmId: string; route: string }[];
  attempt: number;
  status?: number | undefined;
  reason: string;
  retryInMs?: number | undefined;
}
