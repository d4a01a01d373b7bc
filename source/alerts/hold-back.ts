import type { Alarm } from '../core/alarm.js';
import type { Outcome } from '../core/probe-sample.js';
import { isNetworkOutcome, type OfflineSpell } from './connectivity.js';

/**
 * Why receivers are not told about an alarm now. Each reason is one small test of the alarm against what the
 * tracker knows; the tracker asks them all and holds the alarm back when any holds.
 */
export type HoldReason = 'dependency' | 'muted' | 'silenced' | 'maintenance' | 'offline';

/** What the reasons look at, as the tracker knows it at the moment of asking. */
export interface HoldFacts {
  /** A dependency of the API is failing: the alarm is suppressed by it. */
  dependencyFailing(alarm: Alarm): boolean;
  /** One of our mutes covers the alarm. */
  muted(alarm: Alarm, now: number): boolean;
  /** A silence made outside (Alertmanager, amtool, Karma) matches the alarm's labels. */
  silenced(alarm: Alarm, now: number): boolean;
  /** A maintenance window covers the alarm's API, team or rule. */
  inMaintenance(alarm: Alarm, now: number): boolean;
  /** The prober's own network is the likelier cause of the API's failures (see offlineHolds). */
  offline(alarm: Alarm): boolean;
}

const REASONS: readonly { reason: HoldReason; holds: (alarm: Alarm, now: number, facts: HoldFacts) => boolean }[] = [
  { reason: 'dependency', holds: (alarm, _now, facts) => facts.dependencyFailing(alarm) },
  { reason: 'muted', holds: (alarm, now, facts) => facts.muted(alarm, now) },
  { reason: 'silenced', holds: (alarm, now, facts) => facts.silenced(alarm, now) },
  { reason: 'maintenance', holds: (alarm, now, facts) => facts.inMaintenance(alarm, now) },
  { reason: 'offline', holds: (alarm, _now, facts) => facts.offline(alarm) },
];

/** Every reason that holds the alarm back now, in the order above; empty when receivers are to be told. */
export function holdReasons(alarm: Alarm, now: number, facts: HoldFacts): HoldReason[] {
  return REASONS.filter((r) => r.holds(alarm, now, facts)).map((r) => r.reason);
}

/** Whether any reason holds the alarm back; stops at the first. */
export function heldBack(alarm: Alarm, now: number, facts: HoldFacts): boolean {
  return REASONS.some((r) => r.holds(alarm, now, facts));
}

/**
 * Network-class failures while the prober is offline say nothing about the API: held. An episode that opened
 * during a spell stays held after it while the API has not failed since.
 */
export function offlineHolds(
  alarm: Pick<Alarm, 'startedAt'>,
  lastFailure: { at: number; outcome: Outcome } | undefined,
  current: OfflineSpell | undefined,
  lastEnded: OfflineSpell | undefined,
): boolean {
  if (!lastFailure || !isNetworkOutcome(lastFailure.outcome)) return false;
  if (current) return true;
  return lastEnded !== undefined && bornIn(alarm, lastEnded) && lastFailure.at < lastEnded.until!;
}

/** Whether the alarm's episode began during the spell. */
export function bornIn(alarm: Pick<Alarm, 'startedAt'>, spell: OfflineSpell): boolean {
  return alarm.startedAt >= spell.since && (spell.until === undefined || alarm.startedAt < spell.until);
}
