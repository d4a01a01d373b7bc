import type { CountSeries } from '../metrics/rollup.js';
import type { ApiConfig, Config, Team } from '../config/types.js';
import type { MetricSummary } from '../metrics/summary.js';
import type { Outcome, ProbeSample } from '../core/probe-sample.js';
import type { Alarm, AlarmEvent, Mute, MuteScope } from '../core/alarm.js';
import type { AlarmLogEntry } from '../core/alarm-log-entry.js';
import { STATE_VERSION, type NotifiedState, type PersistedAlarmState } from '../core/persisted-state.js';
import type { RuleStatusEntry } from '../core/rules.js';
import type { Observation } from './alarm-spec.js';
import { alarmLogEntry, muteLogEntry, slaLogFields } from './alarm-log.js';
import { newTrack, stepTrack, type Change } from './lifecycle.js';
import { withDependencies } from './dependencies.js';
import { MuteList } from './mute-list.js';
import { acknowledgementEvents, applyPolicy, type AlarmTrack, type PolicyContext } from './notification-policy.js';
import { Observations } from './observations.js';
import { MaintenanceCalendar, type MaintenanceTarget, type WindowOccurrence } from './maintenance-calendar.js';
import { maintenanceLogEntry } from './maintenance-log.js';
import type { MaintenanceWindow } from '../config/types.js';
import { slaClocksFor, slaStatus, type SlaStatus } from './sla-clock.js';
import { restoredTrack, savedTracks } from './track-snapshot.js';
import { ConnectivityDetector, type ConnectivityChange, type OfflineSpell } from './connectivity.js';
import { bornIn, heldBack, offlineHolds, type HoldFacts } from './hold-back.js';

/** Resolved alarms stay listed this long, so a recovery is seen, then drop off the list. */
export const RESOLVED_VISIBLE_MS = 3_600_000;

/** An event as the outbox keeps it (a message item): its kind is any the channels send. */
export interface UnsavedAnnouncement {
  kind: string;
  at: number;
  alarm: Alarm;
}

export interface AlarmTrackerOptions {
  config: Config;
  now: number;
  /** The default actor for acks and mutes ($USER). */
  user: string;
  restored?: PersistedAlarmState | undefined;
  /** Whether a mute from outside (an Alertmanager silence over the alarm's labels) holds the alarm at `now`. */
  silenced?: ((alarm: Alarm, now: number) => boolean) | undefined;
}

/**
 * Keeps one track per rule per API and puts every change through its parts: the observations give
 * each rule's verdict, the life cycle moves the alarm, the notification policy decides what receivers
 * hear (the returned events), the mute list says what is silenced. Everything, announced or not, is
 * recorded in the event log (`takeLog`). Time is always passed in.
 */
export class AlarmTracker {
  private readonly config: Config;
  private readonly apisById: Map<string, ApiConfig>;
  private readonly teamsById: Map<string, Team>;
  private readonly user: string;
  private readonly tracks = new Map<string, AlarmTrack>();
  private readonly observations: Observations;
  private readonly muteList: MuteList;
  private readonly policy: PolicyContext;
  private readonly calendar: MaintenanceCalendar;
  private readonly silencedOutside: (alarm: Alarm, now: number) => boolean;
  /** The window occurrences in force at the last evaluation, by window id and start: their start and end are logged once. */
  private inForce = new Map<string, WindowOccurrence>();
  private pendingLog: AlarmLogEntry[] = [];
  private now: number;
  /** When the restored state was saved; undefined without one. */
  private readonly savedAt: number | undefined;
  private readonly connectivity: ConnectivityDetector;
  /** Each API's latest failed probe: whether a held alarm's failures are ours (network) or the API's. */
  private readonly lastFailure = new Map<string, { at: number; outcome: Outcome }>();
  private connectivityChange: ConnectivityChange | undefined;

  constructor(options: AlarmTrackerOptions) {
    this.config = options.config;
    this.apisById = new Map(this.config.apis.map((api) => [api.id, api]));
    this.teamsById = new Map(this.config.teams.map((team) => [team.id, team]));
    this.observations = new Observations(this.config.apis);
    this.user = options.user;
    this.now = options.now;
    this.savedAt = options.restored?.savedAt;
    this.muteList = new MuteList(options.restored, options.now);
    this.silencedOutside = options.silenced ?? (() => false);
    this.calendar = new MaintenanceCalendar(this.config.maintenance);
    this.connectivity = new ConnectivityDetector({
      apis: this.config.apis.flatMap((api) => (api.url === undefined ? [] : [{ id: api.id, host: hostOf(api.url) }])),
      threshold: this.config.defaults.connectivity.threshold,
    });
    this.policy = {
      config: this.config,
      team: (id) => this.team(id),
      // The alarm in hand, not the saved track: the policy runs before the track is stored.
      isMuted: (alarm, now) => heldBack(alarm, now, this.holdFacts((a) => a.suppressedBy !== undefined)),
    };
    if (options.restored) this.restoreTracks(options.restored);
  }

  /** Samples taken under maintenance stay out of the SLO counters: planned downtime burns no error budget. */
  recordSample(sample: ProbeSample): void {
    this.connectivity.record(sample);
    if (sample.outcome !== 'ok') this.lastFailure.set(sample.apiId, { at: sample.at, outcome: sample.outcome });
    const api = this.apisById.get(sample.apiId);
    if (api && !this.calendar.empty && this.calendar.covering(apiTarget(api), sample.at)) return;
    this.observations.recordSample(sample);
  }

  /** Rows of the stored history, before this run's first sample: the SLO burn-rate windows go on across a restart. */
  restoreSloCounts(series: Iterable<CountSeries>): void {
    for (const one of series) this.observations.restoreSloCounts(one);
  }

  /** The latest probe of defaults.connectivity.url. */
  recordConnectivityProbe(outcome: Outcome): void {
    this.connectivity.recordReference(outcome);
  }

  /** The offline spell going on now; undefined while the prober's network works. */
  offline(): OfflineSpell | undefined {
    return this.connectivity.current();
  }

  /** Going offline or online again at the last evaluation, once. */
  takeConnectivityChange(): ConnectivityChange | undefined {
    const change = this.connectivityChange;
    this.connectivityChange = undefined;
    return change;
  }

  /** The windows started from the command line, next to the config's; returns whether they changed. */
  setAdHocMaintenance(windows: readonly MaintenanceWindow[]): boolean {
    return this.calendar.setWindows([...this.config.maintenance, ...windows]);
  }

  /** The window occurrences in force or starting within `withinMs`, the soonest first. */
  maintenanceWindows(now: number, withinMs: number): WindowOccurrence[] {
    return this.calendar.currentAndUpcoming(now, withinMs);
  }

  maintenanceFor(alarm: Pick<Alarm, 'apiId' | 'team' | 'rule'>, now: number): WindowOccurrence | undefined {
    const api = this.apisById.get(alarm.apiId);
    return api && this.calendar.covering({ ...apiTarget(api), team: alarm.team, rule: alarm.rule }, now);
  }

  /** Whether receivers are not to be told about the alarm now: a mute, a silence over its labels or a maintenance window covers it, or a dependency is failing. */
  isSilenced(alarm: Alarm, now: number): boolean {
    // The stored track's suppression: the one the last evaluation decided.
    return heldBack(alarm, now, this.holdFacts((a) => this.tracks.get(a.id)?.alarm?.suppressedBy !== undefined));
  }

  /**
   * What the hold-back reasons look at. An episode held offline that fails again once the network is back is
   * reopened by `restartAfterOffline`, so it fires through the rule's "for" as usual.
   */
  private holdFacts(dependencyFailing: HoldFacts['dependencyFailing']): HoldFacts {
    return {
      dependencyFailing,
      muted: (alarm, now) => this.muteList.covering(alarm, now) !== undefined,
      silenced: (alarm, now) => this.silencedOutside(alarm, now),
      inMaintenance: (alarm, now) => this.maintenanceFor(alarm, now) !== undefined,
      offline: (alarm) => offlineHolds(alarm, this.lastFailure.get(alarm.apiId), this.connectivity.current(), this.connectivity.lastEnded()),
    };
  }

  /** An unannounced episode born offline, of an API that failed again since the network returned, starts over. */
  private restartAfterOffline(track: AlarmTrack | undefined, now: number): AlarmTrack | undefined {
    const alarm = track?.alarm;
    const ended = this.connectivity.lastEnded();
    if (!track || !alarm || alarm.state === 'resolved' || track.notified === 'firing' || this.connectivity.current() || !ended || !bornIn(alarm, ended)) return track;
    if ((this.lastFailure.get(alarm.apiId)?.at ?? -Infinity) < ended.until!) return track;
    this.pendingLog.push(alarmLogEntry('cleared', now, alarm));
    return { ...track, alarm: undefined, breachSince: undefined, clearSince: undefined, lastStatus: undefined };
  }

  evaluate(now: number, metrics: Record<string, MetricSummary>): AlarmEvent[] {
    this.now = now;
    const events: AlarmEvent[] = [];
    for (const mute of this.muteList.expire(now)) this.pendingLog.push(muteLogEntry('mute_expired', mute.until, mute, undefined));
    this.logWindows(now);
    this.connectivityChange = this.connectivity.evaluate(now) ?? this.connectivityChange;
    const stepped: { key: string; api: ApiConfig; before: AlarmTrack; track: AlarmTrack; changes: Change[] }[] = [];
    for (const api of this.config.apis) {
      for (const { spec, observation } of this.observations.observe(api, metrics[api.id], now)) {
        const key = `${api.id}/${spec.name}`;
        const known = this.restartAfterOffline(this.tracks.get(key), now);
        if (known && isQuiet(known, observation)) continue;
        const before = known ?? { ...newTrack(api.id, api.owner, spec.name), notified: undefined, flapping: false, flips: [] };
        const step = stepTrack(before, spec, observation, now);
        const track = this.withMaintenance({ ...before, ...step.track }, api, now);
        for (const change of step.changes) {
          const sla = change.kind === 'firing' ? { ...slaLogFields(this.config, change.alarm), maintenance: track.alarm?.maintenance?.name } : {};
          this.pendingLog.push(alarmLogEntry(change.kind, now, change.alarm, { ...sla, ...failureField(change.kind, metrics[api.id]) }));
        }
        stepped.push({ key, api, before, track, changes: step.changes });
      }
    }
    // Quiet tracks have no alarm: every open alarm is among the stepped ones.
    const marked = withDependencies(stepped.map((s) => ({ api: s.api, track: s.track })));
    stepped.forEach(({ key, before, changes }, i) => {
      const decided = applyPolicy({ ...before, ...marked[i]! }, changes, now, this.policy);
      this.pendingLog.push(...decided.log);
      events.push(...decided.events);
      this.tracks.set(key, isLongResolved(decided.track.alarm, now) ? { ...decided.track, alarm: undefined } : decided.track);
    });
    return events;
  }

  /** `silenceId` when the ack comes from a colleague's (or Karma's, or amtool's) `ACK!` silence. */
  acknowledge(alarmId: string, by: string, note: string | undefined, now: number, silenceId?: string): AlarmEvent[] {
    const entry = this.tracks.get(alarmId);
    const alarm = entry?.alarm;
    if (!entry || !alarm || alarm.state === 'resolved' || alarm.ack) return [];
    const ack = { by: by || this.user, at: now, note: note || undefined, ...(silenceId ? { silenceId } : {}) };
    const acked: Alarm = { ...alarm, ack };
    this.tracks.set(alarmId, { ...entry, alarm: acked });
    this.pendingLog.push(alarmLogEntry('acknowledged', now, acked, { actor: ack.by, note: ack.note }));
    return acknowledgementEvents(entry, 'acknowledged', acked, now, ack.by, ack.note);
  }

  unacknowledge(alarmId: string, by: string, now: number): AlarmEvent[] {
    const entry = this.tracks.get(alarmId);
    const alarm = entry?.alarm;
    if (!entry || !alarm || !alarm.ack) return [];
    const unacked: Alarm = { ...alarm, ack: undefined };
    this.tracks.set(alarmId, { ...entry, alarm: unacked });
    const actor = by || this.user;
    this.pendingLog.push(alarmLogEntry('unacknowledged', now, unacked, { actor }));
    return acknowledgementEvents(entry, 'unacknowledged', unacked, now, actor);
  }

  mute(scope: MuteScope, until: number, by: string, reason: string | undefined, now: number): Mute {
    const mute = this.muteList.add(scope, now, until, by || this.user, reason);
    this.pendingLog.push(muteLogEntry('muted', now, mute, mute.by));
    return mute;
  }

  unmute(muteId: string, now: number, by?: string): Mute | undefined {
    const mute = this.muteList.remove(muteId);
    if (mute) this.pendingLog.push(muteLogEntry('unmuted', now, mute, by || this.user));
    return mute;
  }

  /** Remembers which Alertmanager silence shares a mute; false when the mute is gone (unmuted or expired meanwhile). */
  linkSilence(muteId: string, silenceId: string): boolean {
    return this.muteList.linkSilence(muteId, silenceId);
  }

  /** Remembers which `ACK!` silence shares an alarm's acknowledgement; false when the alarm is no longer acknowledged. */
  linkAckSilence(alarmId: string, silenceId: string): boolean {
    const entry = this.tracks.get(alarmId);
    const alarm = entry?.alarm;
    if (!entry || !alarm?.ack || alarm.state === 'resolved') return false;
    this.tracks.set(alarmId, { ...entry, alarm: { ...alarm, ack: { ...alarm.ack, silenceId } } });
    return true;
  }

  /** Pending, firing (acked or not) and recently resolved alarms, the most recent change first. */
  alarms(): Alarm[] {
    const list: Alarm[] = [];
    for (const entry of this.tracks.values()) if (entry.alarm && !isLongResolved(entry.alarm, this.now)) list.push(entry.alarm);
    return list.sort((a, b) => b.since - a.since || a.id.localeCompare(b.id));
  }

  alarm(alarmId: string): Alarm | undefined {
    return this.tracks.get(alarmId)?.alarm;
  }

  /** While a firing alarm's condition is clear: since when, and how long it must stay clear to resolve. */
  clearing(alarm: Alarm): { since: number; resolveAfterMs: number } | undefined {
    const since = this.tracks.get(alarm.id)?.clearSince;
    const spec = this.observations.specsOf(alarm.apiId).find((s) => s.name === alarm.rule);
    return alarm.state === 'firing' && since !== undefined && spec ? { since, resolveAfterMs: spec.resolveAfterMs } : undefined;
  }

  activeMutes(now: number): Mute[] {
    return this.muteList.active(now);
  }

  muteFor(alarm: Alarm, now: number): Mute | undefined {
    return this.muteList.covering(alarm, now);
  }

  sla(alarm: Alarm, now: number): SlaStatus {
    const { policy, clocks } = slaClocksFor(this.config, alarm);
    return slaStatus(alarm, policy, clocks, this.team(alarm.team), now);
  }

  ruleStatus(apiId: string): RuleStatusEntry[] {
    if (!this.apisById.has(apiId)) return [];
    return this.observations.specsOf(apiId).map((spec) => {
      const entry = this.tracks.get(`${apiId}/${spec.name}`);
      const state = entry?.alarm?.state;
      if (state === 'pending' || state === 'firing') return { rule: spec.name, status: state, ...(entry?.lastStatus === 'insufficient_data' ? { noData: true as const } : {}) };
      return { rule: spec.name, status: entry?.lastStatus === 'clear' || entry?.lastStatus === 'breach' ? 'ok' : 'insufficient_data' };
    });
  }

  /**
   * Firings and resolutions a previous run put in the outbox after it last saved this state: it died between
   * the two writes. The tracks take them over, alarm and all (a pending alarm is not restored, so the firing
   * would otherwise be announced again as a new episode, and its resolution never), and the event log, which
   * missed them too, gets their transitions. Returns whether anything was taken over.
   */
  adoptUnsaved(announced: readonly UnsavedAnnouncement[]): boolean {
    const unsaved = new Map<string, { kind: NotifiedState; at: number; alarm: Alarm }>();
    for (const { kind, at, alarm } of announced) {
      if ((kind !== 'firing' && kind !== 'resolved') || (this.savedAt !== undefined && at <= this.savedAt)) continue;
      unsaved.set(`${alarm.id}|${kind}|${at}`, { kind, at, alarm });
    }
    let adopted = false;
    for (const { kind, at, alarm: announcedAlarm } of [...unsaved.values()].sort((a, b) => a.at - b.at)) {
      const api = this.apisById.get(announcedAlarm.apiId);
      if (!api || !this.observations.specsOf(api.id).some((spec) => spec.name === announcedAlarm.rule)) continue;
      const known = this.tracks.get(announcedAlarm.id);
      if (known?.alarm && known.alarm.startedAt > announcedAlarm.startedAt) continue;
      const alarm: Alarm = { ...announcedAlarm, team: api.owner };
      const track = known ?? { ...newTrack(api.id, api.owner, alarm.rule), notified: undefined, flapping: false, flips: [] };
      this.tracks.set(alarm.id, { ...track, alarm, notified: kind, flapping: alarm.flapping });
      this.pendingLog.push(alarmLogEntry(kind, at, alarm, kind === 'firing' ? slaLogFields(this.config, alarm) : {}));
      adopted = true;
    }
    return adopted;
  }

  /** Log entries recorded since the last call, oldest first: the caller appends them to events.jsonl. */
  takeLog(): AlarmLogEntry[] {
    const entries = this.pendingLog;
    this.pendingLog = [];
    return entries;
  }

  snapshot(): PersistedAlarmState {
    return { version: STATE_VERSION, savedAt: this.now, tracks: savedTracks(this.tracks.values()), ...this.muteList.snapshot() };
  }

  /**
   * Marks an open alarm with the maintenance window it is inside. One that fires inside a window starts its
   * SLA clocks when the window (and any window overlapping its end) is over, or earlier if the window is stopped.
   */
  private withMaintenance<T extends { alarm: Alarm | undefined }>(track: T, api: ApiConfig, now: number): T {
    const alarm = track.alarm;
    if (!alarm) return track;
    const target: MaintenanceTarget = { ...apiTarget(api), team: alarm.team, rule: alarm.rule };
    const occurrence = alarm.state === 'resolved' ? undefined : this.calendar.covering(target, now);
    const until = occurrence && this.calendar.coveredUntil(target, now);
    let clocksFrom = alarm.clocksFrom;
    if (alarm.state === 'firing') {
      const held = alarm.firingAt === now || (clocksFrom !== undefined && clocksFrom > now);
      if (until !== undefined && held) clocksFrom = until;
      else if (until === undefined && clocksFrom !== undefined && clocksFrom > now) clocksFrom = now;
    }
    // The common case, every open alarm every second: no window, nothing to mark, no copy.
    if (occurrence === undefined && alarm.maintenance === undefined && clocksFrom === alarm.clocksFrom) return track;
    const { maintenance: _was, clocksFrom: _from, ...rest } = alarm;
    const marked: Alarm = { ...rest, ...(occurrence && until !== undefined ? { maintenance: { name: occurrence.window.name, until } } : {}), ...(clocksFrom !== undefined ? { clocksFrom } : {}) };
    return { ...track, alarm: marked };
  }

  /** Logs each window occurrence once as it starts and once as it ends (or is stopped): the report leaves that time out. */
  private logWindows(now: number): void {
    const current = new Map(this.calendar.active(now).map((o) => [`${o.window.id}|${o.start}`, o]));
    for (const [key, occurrence] of this.inForce) {
      if (!current.has(key)) this.pendingLog.push(maintenanceLogEntry('maintenance_ended', Math.min(now, occurrence.end), occurrence));
    }
    for (const [key, occurrence] of current) {
      if (!this.inForce.has(key)) this.pendingLog.push(maintenanceLogEntry('maintenance_started', Math.max(occurrence.start, Math.min(now, occurrence.end)), occurrence));
    }
    this.inForce = current;
  }

  private team(teamId: string | undefined): Team | undefined {
    return teamId === undefined ? undefined : this.teamsById.get(teamId);
  }

  /** Tracks of APIs and rules the config no longer has are dropped; the mute list restores itself. */
  private restoreTracks(state: PersistedAlarmState): void {
    for (const saved of state.tracks) {
      const api = this.apisById.get(saved.apiId);
      if (api && this.observations.specsOf(api.id).some((spec) => spec.name === saved.rule)) this.tracks.set(saved.alarmId, restoredTrack(saved, api.owner));
    }
  }
}

/** Most rules on most APIs are fine most of the time: nothing about them can change this evaluation. */
function isQuiet(track: AlarmTrack, observation: Observation): boolean {
  return track.alarm === undefined && !track.flapping && observation.status !== 'breach' && track.lastStatus === observation.status;
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

function apiTarget(api: ApiConfig): MaintenanceTarget {
  return { apiId: api.id, team: api.owner, family: api.family };
}

function isLongResolved(alarm: Alarm | undefined, now: number): boolean {
  return alarm?.state === 'resolved' && now - (alarm.resolvedAt ?? now) >= RESOLVED_VISIBLE_MS;
}

/** An alarm that opens or fires carries the latest probe failure, so the log says what broke (a failed assertion, say). */
function failureField(kind: string, summary: MetricSummary | undefined): Partial<AlarmLogEntry> {
  if ((kind !== 'pending' && kind !== 'firing') || summary?.lastErrorMessage === undefined) return {};
  return { lastError: summary.lastErrorMessage };
}
