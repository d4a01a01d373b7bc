import type { MessageKind } from '../core/delivery-record.js';
import type { AlarmEvent } from '../core/alarm.js';

/** One alarm event as a channel renders it: the event plus what the config says about its API and team. */
export interface MessageItem extends Omit<AlarmEvent, 'kind'> {
  kind: MessageKind;
  apiName: string;
  teamName?: string | undefined;
  /** The API's family: a label of the alarm's alert, as in the exported rules. */
  family?: string | undefined;
  /** How long the value had to stay clear before the alarm resolved (the rule's resolveAfter). */
  resolveAfterMs?: number | undefined;
  /** The alert's summary annotation, worded as the exported rules word it (alertSummary). */
  alertSummary?: string | undefined;
  /** The API's dashboard, else its docs, else the probed URL: where a reader goes next. */
  url?: string | undefined;
  runbook?: string | undefined;
  dashboard?: string | undefined;
  /** Human SLA clock text such as "triage due in 12m" or "SLA BREACH: triage overdue 3m". */
  sla?: string | undefined;
  /** Which route sent it here, e.g. "routes[1]" or "team mwi". */
  route: string;
}

/** What goes into the outbox and out through one channel: the events of one team, grouped. Plain JSON. */
export interface Message {
  id: string;
  channel: string;
  /** channel + team: the unit of grouping and of the Alertmanager-style groupKey. */
  groupKey: string;
  team: string | undefined;
  teamName?: string | undefined;
  createdAt: number;
  items: MessageItem[];
}

/**
 * One routed item while its group waits (groupWait, groupInterval): journaled in the outbox when the grouper
 * takes it and released once its group went on, so a restart takes it up again with the wait it had left.
 */
export interface HeldItem {
  id: string;
  channel: string;
  /** When its group is due to go on. */
  dueAt: number;
  item: MessageItem;
}

/** What a receiver answered, as a value: channels never throw. */
export interface DeliveryResult {
  ok: boolean;
  retryable: boolean;
  status?: number | undefined;
  /** The receiver's own words (e.g. Slack's `channel_not_found`), or what went wrong on the way. */
  reason: string;
  retryAfterMs?: number | undefined;
  /** Settled without reaching anyone (the terminal channel with no terminal attached): recorded as skipped, never as delivered. */
  skipped?: boolean | undefined;
}

/** One channel instance: sends a message and says how it went. */
export interface Notifier {
  send(message: Message): Promise<DeliveryResult>;
  /** For receivers that forget what is not re-sent (Alertmanager drops alerts after resolve_timeout): re-announce these. */
  refresh?(items: MessageItem[]): Promise<DeliveryResult>;
  /** For channels that stay connected between messages (IRC): hang up. */
  close?(): Promise<void>;
}
