import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Alarm, AlarmEvent } from '../alerts/types.js';
import type { Config } from '../config/types.js';
import type { Clock } from '../engine/clock.js';
import { createRedactor, type Redactor } from '../text/redact.js';
import type { ChannelDeps, TerminalSink } from './channels/definition.js';
import { createChannel, minInterval } from './channels/registry.js';
import { ChannelQueue } from './delivery.js';
import type { Message, Notifier } from './message.js';
import { NotificationLog } from './notification-log.js';
import { Outbox } from './outbox.js';
import { configSecrets } from './redact.js';
import { Reminders } from './reminders.js';
import { dropDuplicates, notificationKey } from './stages/dedup.js';
import { Grouper, type Group } from './stages/group.js';
import { dropMuted, type Muter } from './stages/mute.js';
import { makeRecord, RecentRecords, type DeliveryRecord, type RecordInput } from './stages/record.js';
import { DEFAULT_RETRY, type RetryPolicy } from './stages/retry.js';
import { routeEvents } from './stages/route.js';
import { dropUnwanted } from './stages/wanted.js';

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
  /** Unreadable outbox or log lines that were skipped. */
  warnings: string[];
}

export interface NotificationService {
  /** Opens the outbox and queues what a previous run left pending. Call once, before anything else. */
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
  /** Resolves once no send is in flight. */
  settled(): Promise<void>;
  /** The TUI attaches its terminal while it runs, and detaches it (undefined) when it stops. */
  attachTerminal(sink: TerminalSink | undefined): void;
  /** Hides every secret of this config in a text: for callers that print receiver answers. */
  redact: Redactor;
}

export const DEFAULT_ALERTMANAGER_REFRESH_MS = 60_000;
export const DEFAULT_LOG_RETENTION_MS = 7 * 86_400_000;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;

/**
 * The notification path, Alertmanager style:
 * drop unwanted -> route -> group (groupWait) -> drop muted -> dedup against the log -> outbox -> per-channel
 * queue (rate limit, send, retry with backoff) -> record.
 */
export function createNotifier(options: NotifierOptions): NotificationService {
  const { config, clock, muter } = options;
  const redact = createRedactor(configSecrets(config));
  const random = options.random ?? Math.random;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const refreshMs = options.alertmanagerRefreshMs ?? DEFAULT_ALERTMANAGER_REFRESH_MS;
  const recentRecords = new RecentRecords();
  const reminders = new Reminders(config.notifications.repeatMs);
  let terminal = options.terminal;
  const deps: ChannelDeps = { clock, dispatcher: options.dispatcher, terminal: () => terminal, bell: config.defaults.bell };
  const notifiers = new Map<string, Notifier>(Object.entries(config.channels).map(([name, c]) => [name, createChannel(c, deps)]));
  const queues = new Map<string, ChannelQueue>();
  const refreshes = new Set<Promise<void>>();
  const lastRefresh = new Map<string, number>();
  let outbox: Outbox | undefined;
  let log: NotificationLog | undefined;
  let stopped = false;

  const emit = (input: RecordInput): void => {
    const record = makeRecord(input, redact);
    recentRecords.add(record);
    options.onRecord?.(record);
  };

  const channelType = (channel: string) => config.channels[channel]!.type;

  const queueFor = (channel: string, box: Outbox): ChannelQueue => {
    let queue = queues.get(channel);
    if (!queue) {
      const type = channelType(channel);
      queue = new ChannelQueue({
        channelType: type,
        notifier: notifiers.get(channel)!,
        clock,
        random,
        minIntervalMs: minInterval(config.channels[channel]!),
        retry,
        outbox: box,
        redact,
        record: (input) => emit({ ...input, channelType: type }),
      });
      queues.set(channel, queue);
    }
    return queue;
  };

  const opened = (): { outbox: Outbox; log: NotificationLog } => {
    if (!outbox || !log) throw new Error('notifier: start() must be called before use');
    return { outbox, log };
  };

  const flush = (group: Group): void => {
    const { outbox: box, log: nflog } = opened();
    const now = clock.now();
    const items = dropDuplicates(group.channel, dropMuted(group.items, muter, now), nflog);
    if (items.length === 0) return;
    const message: Message = {
      id: randomUUID(),
      channel: group.channel,
      groupKey: group.key,
      team: group.team,
      teamName: items[0]!.teamName,
      createdAt: now,
      items,
    };
    box.enqueue(message);
    nflog.remember(
      items.map((item) => notificationKey(group.channel, item)),
      now,
    );
    emit({ record: 'queued', at: now, message, channelType: channelType(group.channel), attempt: 0, reason: 'written to outbox' });
    queueFor(group.channel, box).push(message);
  };

  const grouper = new Grouper(clock, config.notifications, flush);

  const refreshAlertmanagers = (now: number, alarms: readonly Alarm[]): void => {
    const firing = alarms.filter((a) => a.state === 'firing' && !muter.isMuted(a, now));
    const events: AlarmEvent[] = firing.map((alarm) => ({ kind: 'firing', at: now, alarm }));
    const routed = routeEvents(events, config, now);
    for (const [channel, notifier] of notifiers) {
      if (channelType(channel) !== 'alertmanager' || !notifier.refresh) continue;
      const last = lastRefresh.get(channel);
      if (last !== undefined && now - last < refreshMs) continue;
      lastRefresh.set(channel, now);
      const items = routed.filter((r) => r.channel === channel).map((r) => r.item);
      if (items.length === 0) continue;
      const message = { id: `refresh-${now}`, channel, items };
      const done = notifier.refresh(items).then((result) => {
        emit({ record: result.ok ? 'refreshed' : 'failed', at: clock.now(), message, channelType: 'alertmanager', attempt: 1, result });
      });
      refreshes.add(done);
      void done.finally(() => refreshes.delete(done));
    }
  };

  const handle = (events: readonly AlarmEvent[]): void => {
    if (stopped) return;
    opened();
    const routed = routeEvents(dropUnwanted(events, config.notifications), config, clock.now());
    for (const { channel, item } of routed) grouper.add(channel, item);
  };

  return {
    redact,
    handle,

    start() {
      if (outbox) throw new Error('notifier: start() called twice');
      const now = clock.now();
      const openedOutbox = Outbox.open(options.stateDir, now);
      const openedLog = NotificationLog.open(options.stateDir, now, options.logRetentionMs ?? DEFAULT_LOG_RETENTION_MS);
      outbox = openedOutbox.outbox;
      log = openedLog.log;
      for (const message of openedOutbox.pending) {
        log.remember(
          message.items.map((item) => notificationKey(message.channel, item)),
          now,
        );
        if (!(message.channel in config.channels)) {
          const reason = `channel "${message.channel}" is no longer configured`;
          outbox.failed(message.id, now, reason);
          emit({ record: 'failed', at: now, message, channelType: 'unknown', attempt: 0, reason });
          continue;
        }
        queueFor(message.channel, outbox).push(message);
      }
      return { replayed: openedOutbox.pending.length, warnings: [...openedOutbox.warnings, ...openedLog.warnings] };
    },

    tick(now, alarms) {
      if (stopped) return;
      handle(reminders.due(now, alarms, muter));
      refreshAlertmanagers(now, alarms);
    },

    async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS) {
      if (stopped) return;
      if (outbox) grouper.flushAll();
      stopped = true;
      let timer: ReturnType<Clock['setTimeout']> | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = clock.setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all([...[...queues.values()].map((q) => q.drain()), ...refreshes]), deadline]);
      if (timer) clock.clearTimeout(timer);
      outbox?.close();
    },

    recent: (channel) => recentRecords.get(channel),

    queueDepth() {
      return Object.fromEntries(Object.keys(config.channels).map((channel) => [channel, grouper.waiting(channel) + (queues.get(channel)?.depth() ?? 0)]));
    },

    async settled() {
      while ([...queues.values()].some((q) => q.busy()) || refreshes.size > 0) {
        await Promise.all([...[...queues.values()].map((q) => q.settled()), ...refreshes]);
      }
    },

    attachTerminal(sink) {
      terminal = sink;
    },
  };
}
