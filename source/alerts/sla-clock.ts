import { formatDuration } from '../core/duration.js';
import type { Config, SlaClocks, Team } from '../config/types.js';
import type { Alarm } from '../core/alarm.js';

export const DEFAULT_SLA_POLICY = 'standard';

export interface SlaClockStatus {
  dueAt: number;
  remainingMs: number;
  overdueMs: number;
  /** True once the clock passed its due time, also after it stopped late (for the record). */
  breached: boolean;
  /** The clock stopped: triage at acknowledgement or resolution, resolve at resolution. */
  stopped: boolean;
}

export interface SlaStatus {
  policy: string;
  /** Undefined when the policy sets no clocks for this severity. */
  clocks: SlaClocks | undefined;
  /** Undefined until the alarm fires: the clocks run from `firingAt`. */
  triage: SlaClockStatus | undefined;
  resolve: SlaClockStatus | undefined;
  escalationLevel: number;
  /** Whom the current escalation level names in the team's escalation list. */
  escalationTarget: string | undefined;
  /** When the next level is due; undefined when acked, resolved, at the last level or without clocks. */
  nextEscalationAt: number | undefined;
  /** A clock is overdue and still running: what the UI must show unmistakably. */
  breached: boolean;
  /** "SLA BREACH: triage overdue 12m", "triage 3m left", "resolve 2h left", "resolved in 1h5m". */
  text: string;
}

export function slaPolicyName(config: Pick<Config, 'teams' | 'sla'>, teamId: string | undefined): string {
  const team = config.teams.find((t) => t.id === teamId);
  return team && team.sla in config.sla ? team.sla : DEFAULT_SLA_POLICY;
}

export function slaClocksFor(config: Pick<Config, 'teams' | 'sla'>, alarm: Pick<Alarm, 'team' | 'severity'>): { policy: string; clocks: SlaClocks | undefined } {
  const policy = slaPolicyName(config, alarm.team);
  return { policy, clocks: config.sla[policy]?.[alarm.severity] };
}

/** Levels run 1..max(1, escalation list length): past the last name, the last name stays responsible. */
export function maxEscalationLevel(team: Pick<Team, 'escalation'> | undefined): number {
  return Math.max(1, team?.escalation.length ?? 0);
}

/**
 * The level an unacknowledged alarm has reached by `at`: one more every `escalateMs` since it fired.
 * An acknowledgement freezes it (callers pass the ack time); `reached` keeps levels already announced.
 */
export function escalationLevelAt(firingAt: number, escalateMs: number, at: number, maxLevel: number, reached = 0): number {
  const computed = escalateMs > 0 ? Math.floor((at - firingAt) / escalateMs) : 0;
  return Math.max(reached, Math.min(maxLevel, Math.max(0, computed)));
}

function clock(start: number, lengthMs: number, stoppedAt: number | undefined, now: number): SlaClockStatus {
  const dueAt = start + lengthMs;
  const reference = stoppedAt ?? now;
  return {
    dueAt,
    remainingMs: Math.max(0, dueAt - reference),
    overdueMs: Math.max(0, reference - dueAt),
    breached: reference > dueAt,
    stopped: stoppedAt !== undefined,
  };
}

/** The SLA clocks of one alarm at `now`: pure, so the UI can redraw them every second without the tracker. */
export function slaStatus(alarm: Alarm, policy: string, clocks: SlaClocks | undefined, team: Pick<Team, 'escalation'> | undefined, now: number): SlaStatus {
  const base = { policy, clocks, escalationLevel: alarm.escalationLevel, escalationTarget: target(team, alarm.escalationLevel) };
  const firingAt = clocksStart(alarm);
  if (!clocks || firingAt === undefined || firingAt > now || (alarm.resolvedAt !== undefined && firingAt > alarm.resolvedAt)) {
    const held = clocks && firingAt !== undefined ? 'no SLA clock: fired in maintenance' : '';
    return { ...base, triage: undefined, resolve: undefined, nextEscalationAt: undefined, breached: false, text: clocks ? held : 'no SLA' };
  }
  const resolvedAt = alarm.state === 'resolved' ? alarm.resolvedAt : undefined;
  const ackAt = alarm.ack?.at;
  const triageStop = ackAt !== undefined && (resolvedAt === undefined || ackAt < resolvedAt) ? ackAt : resolvedAt;
  const triage = clock(firingAt, clocks.triage, triageStop, now);
  const resolve = clock(firingAt, clocks.resolve, resolvedAt, now);

  const maxLevel = maxEscalationLevel(team);
  const escalationStop = triageStop ?? now;
  const escalationLevel = escalationLevelAt(firingAt, clocks.escalate, escalationStop, maxLevel, alarm.escalationLevel);
  const nextEscalationAt =
    triageStop === undefined && escalationLevel < maxLevel && clocks.escalate > 0 ? firingAt + (escalationLevel + 1) * clocks.escalate : undefined;

  const overdue: string[] = [];
  if (triage.breached && !triage.stopped) overdue.push(`triage overdue ${formatDuration(triage.overdueMs)}`);
  if (resolve.breached && !resolve.stopped) overdue.push(`resolve overdue ${formatDuration(resolve.overdueMs)}`);

  let text: string;
  if (overdue.length > 0) text = `SLA BREACH: ${overdue.join(', ')}`;
  else if (resolvedAt !== undefined) {
    const missed = triage.breached || resolve.breached;
    text = `resolved in ${formatDuration(resolvedAt - firingAt)}${missed ? ' (SLA missed)' : ''}`;
  } else if (!triage.stopped) text = `triage ${formatDuration(triage.remainingMs)} left`;
  else text = `resolve ${formatDuration(resolve.remainingMs)} left`;

  return {
    ...base,
    triage,
    resolve,
    escalationLevel,
    escalationTarget: target(team, escalationLevel),
    nextEscalationAt,
    breached: overdue.length > 0,
    text,
  };
}

/** When an alarm's SLA clocks start: when it fired, or when the maintenance window it fired in ended. */
export function clocksStart(alarm: Pick<Alarm, 'firingAt' | 'clocksFrom'>): number | undefined {
  return alarm.firingAt === undefined ? undefined : (alarm.clocksFrom ?? alarm.firingAt);
}

function target(team: Pick<Team, 'escalation'> | undefined, level: number): string | undefined {
  if (!team || level < 1 || team.escalation.length === 0) return undefined;
  return team.escalation[Math.min(level, team.escalation.length) - 1];
}
