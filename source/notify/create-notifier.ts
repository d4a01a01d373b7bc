import type { Dispatcher } from 'undici';
import type { Alarm, AlarmEvent } from '../core/alarm.js';
import type { Config } from '../config/types.js';
import type { Clock } from '../core/clock.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
import { createRedactor, type Redactor } from '../text/redact.js';
import type { ChannelDeps, TerminalSink } from './channels/definition.js';
import { createChannel } from './channels/registry.js';
import { configSecrets } from './config-secrets.js';
import { Lanes } from './delivery/lanes.js';
import { Recorder } from './delivery/records.js';
import { DEFAULT_RETRY, type RetryPolicy } from './delivery/retry.js';
import { Refresher } from './jobs/refresh.js';
import { Reminders } from './jobs/reminders.js';
import { openJournals, regroupHeld, replayPending, type Journals } from './jobs/replay.js';
import { withDeadline } from './jobs/shutdown.js';
import type { MessageItem, Notifier } from './message.js';
import { afterGrouping, notificationPipeline } from './pipeline.js';
import { Grouper } from './stages/group.js';
import type { Muter } from './stages/mute.js';

export interface NotifierOptions {
  config: Config;
  /** Where the outbox and the notification log live. */
  stateDir: string;
  clock: Clock;
  muter: Muter;
  dispatcher?: Dispatcher | undefined;
  /** 0..1, for retry jitter. */
  random?: (() => number) | undefined;
  terminal?: TerminalSink | undefined;
  /** Every queued message, attempt, delivery, retry and failure, already redacted. */
  onRecord?: ((record: DeliveryRecord) => void) | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** How often firing alarms are re-sent to Alertmanager: well inside its default 5m resolve_timeout. */
  alertmanagerRefreshMs?: number | undefined;
  /** How long the notification log remembers what it sent. */
  logRetentionMs?: number | undefined;
}

export interface StartReport {
  /** Messages found pending in the outbox and queued again. */
  replayed: number;
  /** Items a previous run held for grouping and never sent, grouped again. */
  regrouped: number;
  /** The events of what was pending or held, oldest first: what a previous run announced and may not have saved as announced. */
  unsent: MessageItem[];
  /** Unreadable outbox or log lines that were skipped. */
  warnings: string[];
}

export interface NotificationService {
  /** Opens the outbox, queues what a previous run left pending and groups again what it held. Call once, before anything else. */
  start(): StartReport;
  /** Alarm events from the engine: muted, routed, grouped, deduplicated, written to the outbox, delivered. */
  handle(events: readonly AlarmEvent[]): void;
  /** Called periodically with the current alarms: reminders and Alertmanager re-sends come from here. */
  tick(now: number, alarms: readonly Alarm[]): void;
  /** Sends what is waiting (groups included) with one attempt each, waits at most `timeoutMs`, closes the outbox. */
  stop(timeoutMs?: number): Promise<void>;
  /** Recent records, per channel or all, oldest first. */
  recent(channel?: string): DeliveryRecord[];
  /** Messages and grouped events not yet delivered, per channel. */
  queueDepth(): Record<string, number>;
  /** Why the outbox or the notification log cannot be written now (what they hold waits in memory), or undefined. */
  writeFault(): string | undefined;
  /** Resolves once no send is in flight. */
  settled(): Promise<void>;
  /** The TUI attaches its terminal while it runs, and detaches it (undefined) when it stops. */
  attachTerminal(sink: TerminalSink | undefined): void;
  /** Hides every secret of this config in a text: for callers that print receiver answers. */
  redact: Redactor;
}

export const DEFAULT_LOG_RETENTION_MS = 7 * 86_400_000;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;

/** What exists once start() has opened the journals. */
interface Running {
  journals: Journals;
  grouper: Grouper;
  lanes: Lanes;
  send: (events: readonly AlarmEvent[]) => void;
}

/**
 * The notifier's jobs, each in its own module: the pipeline (pipeline.ts), outbox replay (jobs/replay.ts),
 * reminders and the channels' periodic refresh (jobs/), the shutdown deadline (jobs/shutdown.ts), and the
 * records every outcome ends as (delivery/records.ts). This joins them to one service.
 */
export function createNotifier(options: NotifierOptions): NotificationService {
  const { config, clock, muter } = options;
  const redact = createRedactor(configSecrets(config));
  const recorder = new Recorder(redact, options.onRecord);
  const reminders = new Reminders(config.notifications.repeatMs);
  let terminal = options.terminal;
  const deps: ChannelDeps = { clock, dispatcher: options.dispatcher, terminal: () => terminal, bell: config.defaults.bell, stateDir: options.stateDir };
  const notifiers = new Map<string, Notifier>(Object.entries(config.channels).map(([name, c]) => [name, createChannel(c, deps)]));
  const refresher = new Refresher({ config, notifiers, clock, muter, record: recorder.record, everyMs: options.alertmanagerRefreshMs });
  let running: Running | undefined;
  let stopped = false;

  const started = (): Running => {
    if (!running) throw new Error('notifier: start() must be called before use');
    return running;
  };

  const handle = (events: readonly AlarmEvent[]): void => {
    if (stopped) return;
    started().send(events);
  };

  return {
    redact,
    handle,

    start() {
      if (running) throw new Error('notifier: start() called twice');
      const now = clock.now();
      const { outbox, log, pending, held, warnings } = openJournals(options.stateDir, now, options.logRetentionMs ?? DEFAULT_LOG_RETENTION_MS);
      const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
      const lanes = new Lanes({ config, notifiers, clock, random: options.random ?? Math.random, retry, outbox, redact });
      const grouper = new Grouper(clock, config.notifications, outbox);
      const parts = { config, clock, muter, grouper, log, outbox, lanes };
      const send = notificationPipeline(parts).end(recorder.record);
      running = { journals: { outbox, log }, grouper, lanes, send };
      replayPending(pending, { config, journals: running.journals, now, resume: (message, next) => lanes.resume(message, next), record: recorder.record });
      // After the replay: those messages are older, and their keys must be in the log before these groups meet dedup.
      const regroup = afterGrouping(parts).end(recorder.record);
      const regrouped = regroupHeld(held, { config, journals: running.journals, now, restore: (items) => grouper.restore(items, regroup), record: recorder.record });
      return { replayed: pending.length, regrouped, unsent: [...pending.flatMap((m) => m.items), ...held.map((h) => h.item)], warnings };
    },

    tick(now, alarms) {
      if (stopped) return;
      handle(reminders.due(now, alarms, muter));
      refresher.tick(now, alarms);
    },

    async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS) {
      if (stopped) return;
      running?.grouper.flushAll();
      stopped = true;
      await withDeadline(clock, timeoutMs, Promise.all([running?.lanes.drain(), refresher.settled()]));
      running?.journals.outbox.close();
      await Promise.all([...notifiers.values()].map((notifier) => notifier.close?.()));
    },

    recent: (channel) => recorder.recent(channel),

    queueDepth() {
      return Object.fromEntries(Object.keys(config.channels).map((channel) => [channel, (running?.grouper.waiting(channel) ?? 0) + (running?.lanes.depth(channel) ?? 0)]));
    },

    writeFault: () => running?.journals.outbox.writeFault ?? running?.journals.log.writeFault,

    async settled() {
      while (running?.lanes.busy() || refresher.busy()) {
        await Promise.all([running?.lanes.settled(), refresher.settled()]);
      }
    },

    attachTerminal(sink) {
      terminal = sink;
    },
  };
}
