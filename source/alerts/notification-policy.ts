import type { Config, Team } from '../config/types.js';
import type { Alarm, AlarmEvent, AlarmEventKind } from '../core/alarm.js';
import type { AlarmLogEntry, LogKind } from '../core/alarm-log-entry.js';
import type { NotifiedState } from '../core/persisted-state.js';
import { alarmLogEntry } from './alarm-log.js';
import { hasSettled, isFlappingNow, recordFlip } from './flapping.js';
import type { Change, Track } from './lifecycle.js';
import { clocksStart, escalationLevelAt, maxEscalationLevel, slaClocksFor, slaStatus } from './sla-clock.js';

/** A rule's life-cycle track plus what the policy decides on: what receivers were told and how often it flipped. */
export interface AlarmTrack extends Track {
  notified: NotifiedState | undefined;
  flapping: boolean;
  /** Times of recent firing/resolved changes. */
  flips: number[];
  /**
   * A mute has held the alarm since receivers were told it fired. The notifier asks about mutes again when a
   * group goes out, so a mute set during the group wait drops the firing: it is announced again when the mute
   * ends, and a channel that had it drops the repeat.
   */
  mutedAfterTold?: boolean;
}

export interface PolicyContext {
  config: Pick<Config, 'teams' | 'sla'>;
  team(teamId: string | undefined): Team | undefined;
  /** Muted, inside maintenance or suppressed by a failing dependency: not told now. */
  isMuted(alarm: Alarm, now: number): boolean;
}

/** The track after the policy, the events the notifier should send, and the log entries the policy added. */
export interface PolicyStep {
  track: AlarmTrack;
  events: AlarmEvent[];
  log: AlarmLogEntry[];
}

/**
 * What receivers hear of one evaluation's outcome: the returned events are exactly what the notifier
 * should send, so it needs no mute logic of its own.
 * - A firing alarm that is muted is not announced; if it is still firing when the mute ends or is
 *   removed, a later evaluation announces it then.
 * - Escalations of muted alarms are not announced (the level still advances, the SLA still runs).
 * - `resolved` goes out whenever receivers were told the alarm fired (even when muted since), so
 *   PagerDuty and Alertmanager can close what they opened; for an alarm nobody was told about it is not sent.
 * - A flapping alarm sends one event (its current state, `alarm.flapping: true`) when it starts to
 *   flap and one (`flapping: false`) when it settles; the changes in between are only logged.
 */
export function applyPolicy(track: AlarmTrack, changes: readonly Change[], now: number, context: PolicyContext): PolicyStep {
  let flips = track.flips;
  for (const change of changes) if (change.kind === 'firing' || change.kind === 'resolved') flips = recordFlip(flips, now);
  const current: AlarmTrack = { ...track, flips, alarm: track.alarm && { ...track.alarm, flapping: track.flapping } };
  const flapped = updateFlapping(current, now, context);
  const reconciled = reconcile(flapped.track, now, context);
  const escalated = escalate(reconciled.track, now, context);
  const resumed = resumeAfterMute(escalated.track, now, context);
  return {
    track: resumed.track,
    events: [...flapped.events, ...reconciled.events, ...escalated.events, ...resumed.events],
    log: [...flapped.log, ...escalated.log],
  };
}

/** Announces a told firing again once the mute that held it ends: the mute may have kept it from going out. */
export function resumeAfterMute(track: AlarmTrack, now: number, context: PolicyContext): { track: AlarmTrack; events: AlarmEvent[] } {
  const alarm = track.alarm;
  const told = alarm?.state === 'firing' && track.notified === 'firing' && !track.flapping;
  if (!told) return { track: track.mutedAfterTold ? { ...track, mutedAfterTold: false } : track, events: [] };
  if (context.isMuted(alarm, now)) return { track: track.mutedAfterTold ? track : { ...track, mutedAfterTold: true }, events: [] };
  if (!track.mutedAfterTold) return { track, events: [] };
  return { track: { ...track, mutedAfterTold: false }, events: [{ kind: 'firing', at: now, alarm }] };
}

/** Receivers hear of a state only if they know the alarm (resolved) or may be told (firing, unmuted); `force` re-sends a resolution. */
export function announce(
  track: AlarmTrack,
  kind: AlarmEventKind & NotifiedState,
  now: number,
  context: PolicyContext,
  force: boolean,
): { track: AlarmTrack; events: AlarmEvent[] } {
  const alarm = track.alarm!;
  if (kind === 'firing' && context.isMuted(alarm, now)) return { track, events: [] };
  if (kind === 'resolved' && track.notified !== 'firing' && !(force && track.notified === 'resolved')) return { track, events: [] };
  return { track: { ...track, notified: kind }, events: [{ kind, at: now, alarm }] };
}

/** Announces the current state when receivers were told something else: a mute ended, a flapping alarm settled. */
export function reconcile(track: AlarmTrack, now: number, context: PolicyContext): { track: AlarmTrack; events: AlarmEvent[] } {
  if (track.flapping || !track.alarm) return { track, events: [] };
  const desired: NotifiedState = track.alarm.state === 'firing' ? 'firing' : 'resolved';
  if (track.notified === desired) return { track, events: [] };
  return announce(track, desired, now, context, false);
}

/** Starts or ends flapping by the recorded flips; either change is logged and announced once. */
export function updateFlapping(track: AlarmTrack, now: number, context: PolicyContext): PolicyStep {
  const starts = !track.flapping && isFlappingNow(track.flips, now);
  const settles = track.flapping && hasSettled(track.flips, now);
  if (!starts && !settles) return { track, events: [], log: [] };
  const flapping = starts;
  const kind: LogKind = starts ? 'flapping' : 'settled';
  const next: AlarmTrack = { ...track, flapping, alarm: track.alarm && { ...track.alarm, flapping } };
  if (!next.alarm) {
    return { track: next, events: [], log: [{ at: new Date(now).toISOString(), kind, alarmId: next.alarmId, api: next.apiId, team: next.team, rule: next.rule }] };
  }
  const announced = announce(next, next.alarm.state === 'firing' ? 'firing' : 'resolved', now, context, true);
  return { ...announced, log: [alarmLogEntry(kind, now, next.alarm)] };
}

/** Raises the level of an unacknowledged firing alarm every "escalate" of its SLA; announced only when receivers know it and it is unmuted. */
export function escalate(track: AlarmTrack, now: number, context: PolicyContext): PolicyStep {
  const alarm = track.alarm;
  const unchanged = { track, events: [], log: [] };
  const start = alarm && clocksStart(alarm);
  if (!alarm || alarm.state !== 'firing' || alarm.ack || start === undefined || start > now) return unchanged;
  const { policy, clocks } = slaClocksFor(context.config, alarm);
  if (!clocks) return unchanged;
  const team = context.team(alarm.team);
  const level = escalationLevelAt(start, clocks.escalate, now, maxEscalationLevel(team), alarm.escalationLevel);
  if (level <= alarm.escalationLevel) return unchanged;
  const escalated: Alarm = { ...alarm, escalationLevel: level };
  const escalationTarget = slaStatus(escalated, policy, clocks, team, now).escalationTarget;
  const announced = track.notified === 'firing' && !context.isMuted(escalated, now);
  return {
    track: { ...track, alarm: escalated },
    events: announced ? [{ kind: 'escalated', at: now, alarm: escalated, escalationLevel: level, escalationTarget }] : [],
    log: [alarmLogEntry('escalated', now, escalated, { escalationLevel: level, escalationTarget })],
  };
}

/** Acks and un-acks of an open alarm go out only to receivers who were told it fired. */
export function acknowledgementEvents(
  track: Pick<AlarmTrack, 'notified'>,
  kind: 'acknowledged' | 'unacknowledged',
  alarm: Alarm,
  now: number,
  actor: string,
  note?: string | undefined,
): AlarmEvent[] {
  if (track.notified !== 'firing' || alarm.state === 'resolved') return [];
  return [kind === 'acknowledged' ? { kind, at: now, alarm, actor, note } : { kind, at: now, alarm, actor }];
}
