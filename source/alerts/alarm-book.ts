import type { ApiConfig, Config, Team } from '../config/types.js';
import type { MetricSummary } from '../metrics/summary.js';
import type { ProbeSample } from '../core/probe-sample.js';
import type { AlarmSpec, Observation } from './alarm-spec.js';
import { alarmLogEntry, muteLogEntry, type AlarmLogEntry, type LogKind } from './alarm-log.js';
import { BURN_RATE_PAIRS, burnRatePairSpec, observeBurn } from './burn-rate.js';
import { hasSettled, isFlappingNow, recordFlip } from './flapping.js';
import { newTrack, stepTrack, type Track } from './lifecycle.js';
import { isActive, muteCovering } from './mutes.js';
import { STATE_VERSION, type NotifiedState, type PersistedAlarmState } from './persisted-state.js';
import { observeRule } from './rule-observation.js';
import { SloCounters } from './slo-counters.js';
import { escalationLevelAt, maxEscalationLevel, slaClocksFor, slaStatus, type SlaStatus } from './sla-clock.js';
import type { Alarm, AlarmEvent, AlarmEventKind, Mute, MuteScope } from '../core/alarm.js';
import type { RuleStatusEntry } from '../core/rules.js';

/** Resolved alarms stay listed this long, so a recovery is seen, then drop off the list. */
export const RESOLVED_VISIBLE_MS = 3_600_000;

export interface AlarmBookOptions {
  config: Config;
  now: number;
  /** The default actor for acks and mutes ($USER). */
  user: string;
  restored?: PersistedAlarmState | undefined;
}

interface BookTrack extends Track {
  notified: NotifiedState | undefined;
  flapping: boolean;
  flips: number[];
}

/**
 * Every alarm's life: rules and SLO burn rates evaluated against the metric windows, acks, mutes,
 * escalation and the event log. Time is always passed in.
 *
 * Notification policy (what `evaluate` and the ack methods return): the returned events are exactly
 * what the notifier should send, so it needs no mute logic of its own.
 * - A firing alarm that is muted is not announced; if it is still firing when the mute ends or is
 *   removed, the next `evaluate` announces it then.
 * - Escalations of muted alarms are not announced (the level still advances, the SLA still runs).
 * - `resolved`, `acknowledged` and `unacknowledged` go out whenever receivers were told the alarm
 *   fired (even when muted since), so PagerDuty and Alertmanager can close what they opened; for an
 *   alarm nobody was told about they are not sent.
 * - A flapping alarm sends one event (its current state, `alarm.flapping: true`) when it starts to
 *   flap and one (`flapping: false`) when it settles; the changes in between are only logged.
 * Everything, announced or not, is recorded in the event log (`takeLog`).
 */
export class AlarmBook {
  private readonly config: Config;
  private readonly apisById: Map<string, ApiConfig>;
  private readonly teamsById: Map<string, Team>;
  private readonly user: string;
  private readonly tracks = new Map<string, BookTrack>();
  /** Each API's rules and burn-rate pairs, fixed by the config. */
  private readonly specs: Map<string, AlarmSpec[]>;
  private mutes: Mute[] = [];
  private muteSequence = 0;
  private readonly counters: SloCounters;
  private pendingLog: AlarmLogEntry[] = [];
  private now: number;

  constructor(options: AlarmBookOptions) {
    this.config = options.config;
    this.apisById = new Map(this.config.apis.map((api) => [api.id, api]));
    this.teamsById = new Map(this.config.teams.map((team) => [team.id, team]));
    this.specs = new Map(this.config.apis.map((api) => [api.id, [...api.rules, ...(api.slo ? BURN_RATE_PAIRS.map(burnRatePairSpec) : [])]]));
    this.user = options.user;
    this.now = options.now;
    this.counters = new SloCounters(this.config.apis.filter((api) => api.slo !== undefined).map((api) => api.id));
    if (options.restored) this.restore(options.restored, options.now);
  }

  recordSample(sample: ProbeSample): void {
    this.counters.record(sample);
  }

  evaluate(now: number, metrics: Record<string, MetricSummary>): AlarmEvent[] {
    this.now = now;
    const events: AlarmEvent[] = [];
    this.expireMutes(now);
    for (const api of this.config.apis) {
      for (const { spec, observation } of this.observe(api, metrics[api.id], now)) {
        const key = `${api.id}/${spec.name}`;
        const known = this.tracks.get(key);
        if (known && isQuiet(known, observation)) continue;
        const before = known ?? { ...newTrack(api.id, api.owner, spec.name), notified: undefined, flapping: false, flips: [] };
        const { track, changes } = stepTrack(before, spec, observation, now);
        let entry: BookTrack = { ...before, ...track };
        for (const change of changes) {
          this.pendingLog.push(alarmLogEntry(change.kind, now, change.alarm, change.kind === 'firing' ? this.slaLogFields(change.alarm) : {}));
          if (change.kind === 'firing' || change.kind === 'resolved') entry.flips = recordFlip(entry.flips, now);
        }
        if (entry.alarm) entry.alarm = { ...entry.alarm, flapping: entry.flapping };
        entry = this.updateFlapping(entry, now, events);
        entry = this.reconcile(entry, now, events);
        entry = this.escalate(entry, now, events);
        if (entry.alarm?.state === 'resolved' && now - (entry.alarm.resolvedAt ?? now) >= RESOLVED_VISIBLE_MS) entry = { ...entry, alarm: undefined };
        this.tracks.set(key, entry);
      }
    }
    return events;
  }

  acknowledge(alarmId: string, by: string, note: string | undefined, now: number): AlarmEvent[] {
    const entry = this.tracks.get(alarmId);
    const alarm = entry?.alarm;
    if (!entry || !alarm || alarm.state === 'resolved' || alarm.ack) return [];
    const acked: Alarm = { ...alarm, ack: { by: by || this.user, at: now, note: note || undefined } };
    this.tracks.set(alarmId, { ...entry, alarm: acked });
    this.pendingLog.push(alarmLogEntry('acknowledged', now, acked, { actor: acked.ack!.by, note: acked.ack!.note }));
    return entry.notified === 'firing' ? [{ kind: 'acknowledged', at: now, alarm: acked, actor: acked.ack!.by, note: acked.ack!.note }] : [];
  }

  unacknowledge(alarmId: string, by: string, now: number): AlarmEvent[] {
    const entry = this.tracks.get(alarmId);
    const alarm = entry?.alarm;
    if (!entry || !alarm || !alarm.ack) return [];
    const unacked: Alarm = { ...alarm, ack: undefined };
    this.tracks.set(alarmId, { ...entry, alarm: unacked });
    const actor = by || this.user;
    this.pendingLog.push(alarmLogEntry('unacknowledged', now, unacked, { actor }));
    return entry.notified === 'firing' && alarm.state !== 'resolved' ? [{ kind: 'unacknowledged', at: now, alarm: unacked, actor }] : [];
  }

  mute(scope: MuteScope, until: number, by: string, reason: string | undefined, now: number): Mute {
    this.muteSequence += 1;
    const mute: Mute = { id: `mute-${this.muteSequence}`, scope, createdAt: now, until, by: by || this.user, reason: reason || undefined };
    this.mutes.push(mute);
    this.pendingLog.push(muteLogEntry('muted', now, mute, mute.by));
    return mute;
  }

  unmute(muteId: string, now: number, by?: string): Mute | undefined {
    const mute = this.mutes.find((m) => m.id === muteId);
    if (!mute) return undefined;
    this.mutes = this.mutes.filter((m) => m !== mute);
    this.pendingLog.push(muteLogEntry('unmuted', now, mute, by || this.user));
    return mute;
  }

  /** Remembers which Alertmanager silence shares a mute; false when the mute is gone (unmuted or expired meanwhile). */
  linkSilence(muteId: string, silenceId: string): boolean {
    const mute = this.mutes.find((m) => m.id === muteId);
    if (!mute) return false;
    this.mutes = this.mutes.map((m) => (m === mute ? { ...m, silenceId } : m));
    return true;
  }

  /** Pending, firing (acked or not) and recently resolved alarms, the most recent change first. */
  alarms(): Alarm[] {
    const list: Alarm[] = [];
    for (const entry of this.tracks.values()) {
      if (!entry.alarm) continue;
      if (entry.alarm.state === 'resolved' && this.now - (entry.alarm.resolvedAt ?? this.now) >= RESOLVED_VISIBLE_MS) continue;
      list.push(entry.alarm);
    }
    return list.sort((a, b) => b.since - a.since || a.id.localeCompare(b.id));
  }

  alarm(alarmId: string): Alarm | undefined {
    return this.tracks.get(alarmId)?.alarm;
  }

  activeMutes(now: number): Mute[] {
    return this.mutes.filter((m) => isActive(m, now)).sort((a, b) => a.until - b.until);
  }

  muteFor(alarm: Alarm, now: number): Mute | undefined {
    return muteCovering(this.mutes, alarm, now);
  }

  sla(alarm: Alarm, now: number): SlaStatus {
    const { policy, clocks } = slaClocksFor(this.config, alarm);
    return slaStatus(alarm, policy, clocks, this.team(alarm.team), now);
  }

  ruleStatus(apiId: string): RuleStatusEntry[] {
    const api = this.apisById.get(apiId);
    if (!api) return [];
    return this.specsOf(api).map((spec) => {
      const entry = this.tracks.get(`${apiId}/${spec.name}`);
      const state = entry?.alarm?.state;
      if (state === 'pending' || state === 'firing') return { rule: spec.name, status: state };
      return { rule: spec.name, status: entry?.lastStatus === 'clear' || entry?.lastStatus === 'breach' ? 'ok' : 'insufficient_data' };
    });
  }

  /** Log entries recorded since the last call, oldest first: the caller appends them to events.jsonl. */
  takeLog(): AlarmLogEntry[] {
    const entries = this.pendingLog;
    this.pendingLog = [];
    return entries;
  }

  snapshot(): PersistedAlarmState {
    return {
      version: STATE_VERSION,
      savedAt: this.now,
      tracks: [...this.tracks.values()]
        .filter((t) => t.alarm !== undefined || t.notified !== undefined || t.flips.length > 0)
        .map((t) => ({ alarmId: t.alarmId, apiId: t.apiId, rule: t.rule, alarm: t.alarm, notified: t.notified, flapping: t.flapping, flips: [...t.flips] })),
      mutes: this.mutes.map((m) => ({ ...m })),
      muteSequence: this.muteSequence,
    };
  }

  private specsOf(api: ApiConfig): AlarmSpec[] {
    return this.specs.get(api.id) ?? [];
  }

  private observe(api: ApiConfig, summary: MetricSummary | undefined, now: number): { spec: AlarmSpec; observation: Observation }[] {
    const rules = api.rules.map((rule) => ({ spec: rule as AlarmSpec, observation: observeRule(rule, summary) }));
    const slo = api.slo;
    if (!slo) return rules;
    const burns = BURN_RATE_PAIRS.map((pair) => ({
      spec: burnRatePairSpec(pair),
      observation: observeBurn(pair, this.counters.counts(api.id, pair.longMs, now), this.counters.counts(api.id, pair.shortMs, now), slo),
    }));
    return [...rules, ...burns];
  }

  private team(teamId: string | undefined): Team | undefined {
    return teamId === undefined ? undefined : this.teamsById.get(teamId);
  }

  private isMuted(alarm: Alarm, now: number): boolean {
    return muteCovering(this.mutes, alarm, now) !== undefined;
  }

  private slaLogFields(alarm: Alarm): Partial<AlarmLogEntry> {
    const { policy, clocks } = slaClocksFor(this.config, alarm);
    return { slaPolicy: policy, sla: clocks && { triageMs: clocks.triage, escalateMs: clocks.escalate, resolveMs: clocks.resolve } };
  }

  /** Receivers hear of a state only if they know the alarm (resolved) or may be told (firing, unmuted). */
  private announce(entry: BookTrack, kind: AlarmEventKind & NotifiedState, now: number, events: AlarmEvent[], force: boolean): BookTrack {
    const alarm = entry.alarm!;
    if (kind === 'firing' && this.isMuted(alarm, now)) return entry;
    if (kind === 'resolved' && entry.notified !== 'firing' && !(force && entry.notified === 'resolved')) return entry;
    events.push({ kind, at: now, alarm });
    return { ...entry, notified: kind };
  }

  private updateFlapping(entry: BookTrack, now: number, events: AlarmEvent[]): BookTrack {
    const starts = !entry.flapping && isFlappingNow(entry.flips, now);
    const settles = entry.flapping && hasSettled(entry.flips, now);
    if (!starts && !settles) return entry;
    const flapping = starts;
    const kind: LogKind = starts ? 'flapping' : 'settled';
    const next: BookTrack = { ...entry, flapping, alarm: entry.alarm && { ...entry.alarm, flapping } };
    if (!next.alarm) {
      this.pendingLog.push({ at: new Date(now).toISOString(), kind, alarmId: next.alarmId, api: next.apiId, team: next.team, rule: next.rule });
      return next;
    }
    this.pendingLog.push(alarmLogEntry(kind, now, next.alarm));
    return this.announce(next, next.alarm.state === 'firing' ? 'firing' : 'resolved', now, events, true);
  }

  private reconcile(entry: BookTrack, now: number, events: AlarmEvent[]): BookTrack {
    if (entry.flapping || !entry.alarm) return entry;
    const desired: NotifiedState = entry.alarm.state === 'firing' ? 'firing' : 'resolved';
    if (entry.notified === desired) return entry;
    return this.announce(entry, desired, now, events, false);
  }

  private escalate(entry: BookTrack, now: number, events: AlarmEvent[]): BookTrack {
    const alarm = entry.alarm;
    if (!alarm || alarm.state !== 'firing' || alarm.ack || alarm.firingAt === undefined) return entry;
    const { clocks } = slaClocksFor(this.config, alarm);
    if (!clocks) return entry;
    const team = this.team(alarm.team);
    const level = escalationLevelAt(alarm.firingAt, clocks.escalate, now, maxEscalationLevel(team), alarm.escalationLevel);
    if (level <= alarm.escalationLevel) return entry;
    const escalated: Alarm = { ...alarm, escalationLevel: level };
    const escalationTarget = this.sla(escalated, now).escalationTarget;
    this.pendingLog.push(alarmLogEntry('escalated', now, escalated, { escalationLevel: level, escalationTarget }));
    if (entry.notified === 'firing' && !this.isMuted(escalated, now)) {
      events.push({ kind: 'escalated', at: now, alarm: escalated, escalationLevel: level, escalationTarget });
    }
    return { ...entry, alarm: escalated };
  }

  private expireMutes(now: number): void {
    const expired = this.mutes.filter((m) => m.until <= now);
    if (expired.length === 0) return;
    this.mutes = this.mutes.filter((m) => m.until > now);
    for (const mute of expired) this.pendingLog.push(muteLogEntry('mute_expired', mute.until, mute, undefined));
  }

  /**
   * Acks, mutes and alarms come back; timers toward pending->firing and firing->resolved restart,
   * because the metric windows they were measured on did not survive the restart.
   */
  private restore(state: PersistedAlarmState, now: number): void {
    for (const saved of state.tracks) {
      const api = this.apisById.get(saved.apiId);
      if (!api || !this.specsOf(api).some((spec) => spec.name === saved.rule)) continue;
      const alarm = saved.alarm && saved.alarm.state !== 'pending' ? { ...saved.alarm, team: api.owner } : undefined;
      this.tracks.set(saved.alarmId, {
        ...newTrack(saved.apiId, api.owner, saved.rule),
        alarm,
        notified: saved.notified,
        flapping: saved.flapping,
        flips: [...saved.flips],
      });
    }
    this.mutes = state.mutes.filter((m) => m.until > now).map((m) => ({ ...m }));
    this.muteSequence = state.muteSequence;
  }
}

/** Most rules on most APIs are fine most of the time: nothing about them can change this evaluation. */
function isQuiet(track: BookTrack, observation: Observation): boolean {
  return track.alarm === undefined && !track.flapping && observation.status !== 'breach' && track.lastStatus === observation.status;
}
