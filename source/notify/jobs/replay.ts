import type { Config } from '../../config/types.js';
import type { RecordInput } from '../delivery/records.js';
import type { HeldItem, Message, MessageItem } from '../message.js';
import { NotificationLog } from '../notification-log.js';
import { Outbox } from '../outbox.js';
import { episodeOf, notificationKey } from '../stages/dedup.js';
import type { Emit } from '../stages/stage.js';

export interface Journals {
  outbox: Outbox;
  log: NotificationLog;
}

export interface OpenedJournals extends Journals {
  /** Enqueued by a previous run and neither delivered nor given up. */
  pending: Message[];
  /** Held by a previous run's grouper and never released: to be grouped once more. */
  held: HeldItem[];
  /** Unreadable outbox or log lines that were skipped. */
  warnings: string[];
}

export function openJournals(stateDir: string, now: number, logRetentionMs: number): OpenedJournals {
  const opened = Outbox.open(stateDir, now);
  const openedLog = NotificationLog.open(stateDir, now, logRetentionMs);
  return { outbox: opened.outbox, log: openedLog.log, pending: opened.pending, held: opened.held, warnings: [...opened.warnings, ...openedLog.warnings] };
}

export interface ReplayTarget {
  config: Pick<Config, 'channels'>;
  journals: Journals;
  now: number;
  /** Back into delivery, past the stages the message already went through. */
  resume(message: Message, next: Emit<RecordInput>): void;
  record: Emit<RecordInput>;
}

/**
 * What a previous run left pending goes out once more: its events are remembered in the log first, so a
 * restarted engine re-announcing them sends nothing twice. A channel no longer configured gives it up.
 */
export function replayPending(pending: readonly Message[], target: ReplayTarget): void {
  const { config, journals, now, resume, record } = target;
  for (const message of pending) {
    journals.log.remember(
      message.items.map((item) => notificationKey(message.channel, item)),
      now,
    );
    if (!(message.channel in config.channels)) {
      const reason = `channel "${message.channel}" is no longer configured`;
      journals.outbox.failed(message.id, now, reason);
      record({ record: 'failed', at: now, message, channelType: 'unknown', attempt: 0, reason });
      continue;
    }
    resume({ ...message, items: withoutEndedFirings(message.items) }, record);
  }
}

/**
 * A message replayed after a crash may have gone out before it, whole or in part: sending an alarm's firing again
 * after its resolve would open a new incident (PagerDuty, Splunk On-Call) for an alarm that is over. So a replay
 * leaves out the firings, escalations and reminders of an episode the same message resolves.
 */
export function withoutEndedFirings(items: readonly MessageItem[]): MessageItem[] {
  const ended = new Set(items.filter((item) => item.kind === 'resolved').map(episodeOf));
  if (ended.size === 0) return [...items];
  const reopening = new Set<MessageItem['kind']>(['firing', 'escalated', 'reminder', 'unacknowledged']);
  return items.filter((item) => !(reopening.has(item.kind) && ended.has(episodeOf(item))));
}

export interface RegroupTarget {
  config: Pick<Config, 'channels'>;
  journals: Journals;
  now: number;
  /** Back into the grouper, with each group's old due time. */
  restore(held: readonly HeldItem[]): void;
  record: Emit<RecordInput>;
}

/**
 * What a previous run's grouper held and never handed on is grouped again, with the wait it had left. An
 * item for a channel no longer configured is given up (released) and recorded, like a pending message.
 * Returns how many were grouped again.
 */
export function regroupHeld(held: readonly HeldItem[], target: RegroupTarget): number {
  const { config, journals, now, restore, record } = target;
  const gone = held.filter((h) => !(h.channel in config.channels));
  journals.outbox.release(gone.map((h) => h.id));
  for (const h of gone) {
    const message = { id: h.id, channel: h.channel, items: [h.item] };
    record({ record: 'failed', at: now, message, channelType: 'unknown', attempt: 0, reason: `channel "${h.channel}" is no longer configured` });
  }
  const kept = held.filter((h) => h.channel in config.channels);
  restore(kept);
  return kept.length;
}
