import type { DeliveryRecord, RecordKind } from '../../core/delivery-record.js';
import type { ChannelType } from '../../channel-schemas/schemas.js';
import { redactValue, type Redactor } from '../../text/redact.js';
import { recordReason } from '../http.js';
import type { DeliveryResult, Message } from '../message.js';

export interface RecordInput {
  record: RecordKind;
  at: number;
  message: Pick<Message, 'id' | 'channel' | 'items'>;
  channelType: ChannelType | 'unknown';
  attempt: number;
  result?: DeliveryResult | undefined;
  reason?: string | undefined;
  retryInMs?: number | undefined;
}

/** Builds the record and redacts it: records leave the program. */
export function makeRecord(input: RecordInput, redact: Redactor): DeliveryRecord {
  const record: DeliveryRecord = {
    record: input.record,
    at: input.at,
    messageId: input.message.id,
    channel: input.message.channel,
    channelType: input.channelType,
    events: input.message.items.map((item) => ({ kind: item.kind, alarmId: item.alarm.id, route: item.route })),
    attempt: input.attempt,
    reason: input.reason ?? input.result?.reason ?? '',
  };
  if (input.result?.status !== undefined) record.status = input.result.status;
  if (input.retryInMs !== undefined) record.retryInMs = input.retryInMs;
  const redacted = redactValue(record, redact);
  return { ...redacted, reason: recordReason(redacted.reason) };
}

/** The last few records per channel, newest last, for the notifications view. */
export class RecentRecords {
  private readonly byChannel = new Map<string, DeliveryRecord[]>();

  constructor(private readonly limit = 50) {}

  add(record: DeliveryRecord): void {
    const list = this.byChannel.get(record.channel) ?? [];
    list.push(record);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
    this.byChannel.set(record.channel, list);
  }

  get(channel?: string): DeliveryRecord[] {
    if (channel !== undefined) return [...(this.byChannel.get(channel) ?? [])];
    return [...this.byChannel.values()].flat().sort((a, b) => a.at - b.at);
  }
}

/** The last step of the path: every outcome becomes a redacted record, kept for the notifications view and handed on. */
export class Recorder {
  private readonly records = new RecentRecords();

  constructor(
    private readonly redact: Redactor,
    private readonly onRecord: ((record: DeliveryRecord) => void) | undefined,
  ) {}

  readonly record = (input: RecordInput): void => {
    const record = makeRecord(input, this.redact);
    this.records.add(record);
    this.onRecord?.(record);
  };

  recent(channel?: string): DeliveryRecord[] {
    return this.records.get(channel);
  }
}
