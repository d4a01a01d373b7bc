import type { CountSeries } from '../metrics/rollup.js';
import { AlarmTracker, type UnsavedAnnouncement } from '../alerts/alarm-tracker.js';
import type { AlarmLogEntry } from '../core/alarm-log-entry.js';
import { compareAlarmsForView } from '../alerts/alarm-order.js';
import type { SilenceSync } from '../alertmanager/silence-model.js';
import type { Alarm, AlarmEvent } from '../core/alarm.js';
import type { Config } from '../config/types.js';
import type { MetricSummary } from '../metrics/summary.js';
import type { NotificationService } from '../notify/create-notifier.js';
import type { Muter } from '../notify/stages/mute.js';
import { persistAlarmState } from '../persistence/persist-alarm-state.js';
import { loadAlarmState } from '../persistence/state-file.js';
import type { Outcome, ProbeSample } from '../core/probe-sample.js';
import type { AlarmIntent, AlarmView, EngineRead, SilencesStatus } from '../state/alarm-view.js';
import type { FleetActions, MaintenanceView } from '../state/fleet-state.js';
import type { WindowOccurrence } from '../alerts/maintenance-calendar.js';
import type { Clock } from '../core/clock.js';
import type { AlarmEvaluator } from './engine.js';
import { SharedMutes } from './shared-mutes.js';
import { SharedAcks, type SharedAcksOptions } from './shared-acks.js';
import { RemoteAlarms, type RemoteAlarmsOptions } from './remote-alarms.js';
import type { RuleStatusEntry } from '../core/rules.js';
import { WriteFaults } from '../persistence/write-faults.js';
import { MaintenanceWatch } from './maintenance-watch.js';
import type { ConnectivityChange } from '../alerts/connectivity.js';

/** How far ahead the dashboard's maintenance view looks, as `maintenance list` does. */
const UPCOMING_MAINTENANCE_MS = 7 * 86_400_000;

function maintenanceView({ window, start, end }: WindowOccurrence, fromConfig: ReadonlySet<string>): MaintenanceView {
  return { id: window.id, name: window.name, match: window.match, start, end, source: fromConfig.has(window.id) ? 'config' : 'cli', reason: window.reason };
}

export interface AlarmServiceOptions {
  config: Config;
  /** Where alarms, rule states and warnings go; the service keeps what it compares against and never reads them back. */
  actions: Pick<FleetActions, 'applyAlarms' | 'applyRuleStatus' | 'addWarning'> & Partial<Pick<FleetActions, 'applyRemote' | 'applyOffline' | 'applyMaintenance'>>;
  clock: Clock;
  /** Who acknowledges and mutes from this process ($USER). */
  user: string;
  /** Where state.json and events.jsonl live; without it nothing is read or written. */
  stateDir?: string | undefined;
  /** A write to the state directory failed (said at once, then once a minute while it goes on), or works again. */
  onWriteFault?: ((text: string) => void) | undefined;
  /** False for one-off runs (check): saved acks and mutes are honoured, but nothing is written back. */
  persist: boolean;
  /** Every event the tracker emits, after it was handed to the notifier and persisted. */
  onEvents?: ((events: AlarmEvent[]) => void) | undefined;
  /** The prober went offline or came back online (one call each way). */
  onConnectivity?: ((change: ConnectivityChange) => void) | undefined;
  /** Every log entry (transitions, acks, mutes), whether or not it is persisted; after the save when it is. */
  onLog?: ((entries: AlarmLogEntry[]) => void) | undefined;
  /** The current alarms after every evaluation or intent (the metrics exporter keeps gauges of them). */
  onPublish?: ((alarms: Alarm[]) => void) | undefined;
  /** Alertmanager, when a channel names one: mutes become shared silences and the team's silences are listed. */
  sharedMutes?: { sync: SilenceSync; pollMs: number; alerts?: SharedAcksOptions['alerts'] } | undefined;
  /** --remote: the alarms are Alertmanager's alerts (needs sharedMutes, the same Alertmanager), polled with its silences. */
  remote?:
    | {
        alerts: RemoteAlarmsOptions['alerts'];
        prometheus?: (() => EngineRead) | undefined;
        /** The config as written: its rules give the alarms' metrics and thresholds (the remote one evaluates none). */
        rules: RemoteAlarmsOptions['config'];
      }
    | undefined;
}

/** Who withdrew an ack whose `ACK!` silence someone expired elsewhere (amtool, Karma, a colleague's api-health). */
const ACK_WITHDRAWN_BY = 'Alertmanager';
/**
 * --remote: Alertmanager's alarms change only when a poll or a key says so (both publish at once); the engine's
 * flushes, several a second, only move the SLA clocks, which read in seconds. Thousands of alarms re-laid out
 * on every flush left no time for keys.
 */
const REMOTE_CLOCK_REFRESH_MS = 1_000;
/** Event-log entries kept in memory while the disk refuses them: a day of a busy fleet's changes, not unbounded. */
const MAX_UNLOGGED = 10_000;

/**
 * The engine's alarm side, with its I/O: loads and saves the alarm tracker's state, runs the tracker on
 * fresh figures and on the UI's intents, hands events to the notifier and publishes the alarms to the store.
 */
export class AlarmService implements AlarmEvaluator {
  readonly tracker: AlarmTracker;
  readonly muter: Muter;
  /** Started and stopped by the runtime; undefined without an Alertmanager. */
  readonly sharedMutes: SharedMutes | undefined;
  /** Acks shared as `ACK!` silences, through the same Alertmanager as the mutes. */
  readonly sharedAcks: SharedAcks | undefined;
  /** --remote only: Alertmanager's alerts as the alarms. */
  readonly remoteAlarms: RemoteAlarms | undefined;
  private readonly familyOf: Map<string, string>;
  private notifier: NotificationService | undefined;
  /** Each API's rule states as last published. */
  private publishedRuleStatus: Record<string, RuleStatusEntry[]> = {};
  /** A full or read-only state directory is said (header, monitor's events, /metrics) and survived, never thrown. */
  private readonly writeFaults: WriteFaults;
  private unlogged: AlarmLogEntry[] = [];
  /** The windows `maintenance start` wrote to the state directory; undefined without one. */
  private readonly maintenance: MaintenanceWatch | undefined;
  /** The windows last handed to the store, as a key: the calendar is asked every turn, the store told only of a change. */
  private publishedMaintenance = '';
  /** When the alarms were last published, for --remote's refresh of the SLA clocks. */
  private publishedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AlarmServiceOptions) {
    const now = options.clock.now();
    this.writeFaults = new WriteFaults(options.clock, (text) => {
      options.actions.addWarning(text);
      options.onWriteFault?.(text);
    });
    const loaded = options.stateDir ? loadAlarmState(options.stateDir, now) : { state: undefined };
    if (loaded.warning) options.actions.addWarning(loaded.warning);
    // A colleague's silence (amtool, Alertmanager's UI) over an alarm's labels mutes it for every channel, as our own mutes do.
    const silenced = (alarm: Alarm, at: number): boolean => this.sharedMutes?.mutes(alarm, this.familyOf.get(alarm.apiId), at) ?? false;
    this.tracker = new AlarmTracker({ config: options.config, now, user: options.user, restored: loaded.state, silenced });
    this.maintenance = options.stateDir ? new MaintenanceWatch(options.stateDir) : undefined;
    this.readMaintenance(now);
    this.muter = { isMuted: (alarm, at) => this.tracker.isSilenced(alarm, at) };
    this.familyOf = new Map(options.config.apis.map((api) => [api.id, api.family]));
    this.sharedMutes =
      options.sharedMutes &&
      new SharedMutes({
        ...options.sharedMutes,
        clock: options.clock,
        mutes: () => this.tracker.activeMutes(options.clock.now()),
        link: (muteId, silenceId) => this.tracker.linkSilence(muteId, silenceId),
        onChange: () => {
          this.save(true);
          this.publish(options.clock.now());
        },
        onListed: () => this.sharedAcks?.reconcile(true),
      });
    this.sharedAcks =
      this.sharedMutes &&
      new SharedAcks({
        silences: this.sharedMutes,
        clock: options.clock,
        pollMs: options.sharedMutes!.pollMs,
        remote: options.remote !== undefined,
        alerts: options.sharedMutes!.alerts,
        alarms: () => this.alarms(),
        familyOf: (apiId) => this.familyOf.get(apiId),
        adopt: (alarmId, by, note, silenceId) => {
          const at = options.clock.now();
          this.after(this.tracker.acknowledge(alarmId, by, note, at, silenceId), at);
        },
        withdraw: (alarmId) => {
          const at = options.clock.now();
          this.after(this.tracker.unacknowledge(alarmId, ACK_WITHDRAWN_BY, at), at);
        },
        link: (alarmId, silenceId) => {
          if (!this.tracker.linkAckSilence(alarmId, silenceId)) return false;
          this.save(true);
          this.publish(options.clock.now());
          return true;
        },
      });
    this.remoteAlarms =
      options.remote && this.sharedMutes
        ? new RemoteAlarms({
            alerts: options.remote.alerts,
            silences: this.sharedMutes,
            config: options.remote.rules,
            clock: options.clock,
            pollMs: options.sharedMutes!.pollMs,
            onChange: () => this.publish(options.clock.now()),
          })
        : undefined;
    this.publish(now);
  }

  /** The alarms shown and acted on: the tracker's, or in --remote Alertmanager's with this dashboard's queued acks. */
  alarms(): Alarm[] {
    if (!this.remoteAlarms) return this.tracker.alarms();
    return this.remoteAlarms.current().alarms.map((alarm) => {
      const queued = alarm.ack ? undefined : this.sharedAcks?.queuedAck(alarm.id);
      return queued ? { ...alarm, ack: queued } : alarm;
    });
  }

  /** Notifications are optional (check sends none); the notifier needs the muter, so it is attached after. */
  attachNotifier(notifier: NotificationService): void {
    this.notifier = notifier;
  }

  /** What the notifier found in its outbox at start: announcements a crash kept out of the saved state are taken over and saved. */
  adoptUnsaved(announced: readonly UnsavedAnnouncement[]): void {
    if (!this.tracker.adoptUnsaved(announced)) return;
    this.save(true);
    this.publish(this.options.clock.now());
  }

  recordSample(sample: ProbeSample): void {
    this.tracker.recordSample(sample);
  }

  /** The stored history's rows, before the first probe of this run. */
  restoreSloCounts(series: Iterable<CountSeries>): void {
    this.tracker.restoreSloCounts(series);
  }

  /** The latest probe of defaults.connectivity.url: the next evaluation decides whether the prober is offline. */
  recordConnectivityProbe(outcome: Outcome): void {
    this.tracker.recordConnectivityProbe(outcome);
  }

  evaluate(now: number, metrics: Record<string, MetricSummary>): void {
    this.readMaintenance(now);
    this.publishMaintenance(now);
    this.after(this.tracker.evaluate(now, metrics), now);
    const change = this.tracker.takeConnectivityChange();
    if (change) {
      this.options.actions.applyOffline?.(change.kind === 'offline' ? change.spell.since : undefined);
      this.options.onConnectivity?.(change);
    }
    this.sharedAcks?.reconcile();
  }

  private readMaintenance(now: number): void {
    const changed = this.maintenance?.poll(now);
    if (!changed) return;
    if (changed.warning) this.options.actions.addWarning(changed.warning);
    this.tracker.setAdHocMaintenance(changed.windows);
  }

  private publishMaintenance(now: number): void {
    const { applyMaintenance } = this.options.actions;
    if (!applyMaintenance) return;
    const occurrences = this.tracker.maintenanceWindows(now, UPCOMING_MAINTENANCE_MS);
    const key = occurrences.map((o) => `${o.window.id}|${o.start}|${o.end}`).join(',');
    if (key === this.publishedMaintenance) return;
    this.publishedMaintenance = key;
    const fromConfig = new Set(this.options.config.maintenance.map((w) => w.id));
    applyMaintenance(occurrences.map((o) => maintenanceView(o, fromConfig)));
  }

  handle(intent: AlarmIntent): void {
    const now = this.options.clock.now();
    const { user } = this.options;
    const events: AlarmEvent[] = [];
    if (this.remoteAlarms && (intent.type === 'acknowledge' || intent.type === 'unacknowledge')) {
      const byId = new Map(this.alarms().map((a) => [a.id, a]));
      for (const alarm of intent.alarmIds.flatMap((id) => byId.get(id) ?? [])) {
        if (intent.type === 'acknowledge') this.sharedAcks?.acknowledgeRemote(alarm, { by: user, at: now, note: intent.note || undefined });
        else this.sharedAcks?.unacknowledgeRemote(alarm);
      }
      this.publish(now);
      return;
    }
    switch (intent.type) {
      case 'acknowledge':
        for (const id of intent.alarmIds) events.push(...this.tracker.acknowledge(id, user, intent.note, now));
        break;
      case 'unacknowledge':
        for (const id of intent.alarmIds) {
          const silenceId = this.tracker.alarm(id)?.ack?.silenceId;
          const withdrawn = this.tracker.unacknowledge(id, user, now);
          if (withdrawn.length > 0) this.sharedAcks?.unacknowledged(silenceId);
          events.push(...withdrawn);
        }
        break;
      case 'mute': {
        // Not inlined into `sharedMutes?.muted(...)`: optional chaining would skip the mute itself without Alertmanager.
        const mute = this.tracker.mute(intent.scope, now + intent.durationMs, user, intent.reason, now);
        this.sharedMutes?.muted(mute);
        break;
      }
      case 'unmute':
        for (const id of intent.muteIds) {
          const mute = this.tracker.unmute(id, now, user);
          if (mute) this.sharedMutes?.unmuted(mute);
        }
        break;
    }
    this.after(events, now);
    this.sharedAcks?.reconcile();
  }

  /** The alarms as the UI lists them: severity, then age. */
  views(now: number): AlarmView[] {
    const linked = new Set(this.tracker.activeMutes(now).flatMap((m) => (m.silenceId ? [m.silenceId] : [])));
    return this.alarms()
      .sort(compareAlarmsForView)
      .map((alarm) => {
        const sla = this.tracker.sla(alarm, now);
        return {
          alarm,
          mute: this.tracker.muteFor(alarm, now),
          clearing: this.tracker.clearing(alarm),
          silence: this.sharedMutes?.covering(alarm, this.familyOf.get(alarm.apiId), linked),
          sla: sla.clocks ? { text: sla.text, breached: sla.breached, escalationTarget: sla.escalationTarget } : undefined,
        };
      });
  }

  /**
   * The events go to the notifier before the state is saved: the notifier has them on disk (the outbox) when
   * handle returns, so whatever state.json says was announced is in the outbox, whenever the process dies. A
   * crash between the two leaves the old state, and the restarted tracker announces again what the
   * notification log then drops as already sent.
   */
  private after(events: AlarmEvent[], now: number): void {
    if (events.length > 0) this.notifier?.handle(events);
    this.save();
    this.notifier?.tick(now, this.tracker.alarms());
    if (events.length > 0) this.options.onEvents?.(events);
    if (this.remoteAlarms && events.length === 0 && now - this.publishedAt < REMOTE_CLOCK_REFRESH_MS) return;
    this.publish(now);
  }

  /**
   * Only when something happened: an fsync per flush would be a disk write four times a second.
   * `stateChanged` is for changes that log nothing (a mute's silence id), which must survive a restart too.
   */
  private save(stateChanged = false): void {
    const log = this.tracker.takeLog();
    const { stateDir } = this.options;
    if (this.options.persist && stateDir && (log.length > 0 || this.unlogged.length > 0 || stateChanged)) {
      // Entries a full disk kept out of the log go first with the next save, so report and timeline still have them.
      const entries = this.unlogged.length > 0 ? [...this.unlogged, ...log] : log;
      const saved = persistAlarmState(stateDir, entries, this.tracker.snapshot());
      this.unlogged = saved.logged ? [] : entries.slice(-MAX_UNLOGGED);
      const problem = saved.ok ? this.notifier?.writeFault() : saved.error;
      if (problem === undefined) this.writeFaults.succeeded();
      else this.writeFaults.failed(problem);
    }
    // Told after the save: a transition someone saw (monitor's output) is one a restart still knows.
    if (log.length > 0) this.options.onLog?.(log);
  }

  private publish(now: number): void {
    this.publishedAt = now;
    const views = this.views(now);
    this.options.actions.applyAlarms(views, this.tracker.activeMutes(now), this.silencesStatus());
    if (this.remoteAlarms) {
      this.options.actions.applyRemote?.({ alertmanager: this.remoteAlarms.status(), prometheus: this.options.remote?.prometheus?.(), others: this.remoteAlarms.current().others });
    }
    this.options.onPublish?.(views.map((v) => v.alarm));
    this.publishRuleStatus();
  }

  private silencesStatus(): SilencesStatus | undefined {
    const status = this.sharedMutes?.status(this.sharedAcks?.held());
    const acks = this.sharedAcks?.status();
    if (!status || acks === undefined) return status;
    return { ...status, problem: status.problem ? `${status.problem}; ${acks}` : acks };
  }

  /** Rule states change rarely; republishing all of them every second would only make garbage and renders. */
  private publishRuleStatus(): void {
    const changed: Record<string, RuleStatusEntry[]> = {};
    let anyChanged = false;
    for (const api of this.options.config.apis) {
      const current = this.tracker.ruleStatus(api.id);
      if (sameRuleStatus(this.publishedRuleStatus[api.id], current)) continue;
      changed[api.id] = current;
      anyChanged = true;
    }
    if (!anyChanged) return;
    // Unchanged APIs keep their entries: on a flapping fleet some rule changes every second, and a whole new table each time was garbage the heap kept growing for.
    this.publishedRuleStatus = { ...this.publishedRuleStatus, ...changed };
    this.options.actions.applyRuleStatus(this.publishedRuleStatus);
  }
}

function sameRuleStatus(a: RuleStatusEntry[] | undefined, b: RuleStatusEntry[]): boolean {
  return a !== undefined && a.length === b.length && a.every((entry, i) => entry.rule === b[i]!.rule && entry.status === b[i]!.status && entry.noData === b[i]!.noData);
}
