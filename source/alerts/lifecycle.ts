import type { AlarmSpec, Observation } from './alarm-spec.js';
import { describeAlarm } from './metric-format.js';
import type { Alarm, AlarmState } from '../core/alarm.js';

/** Everything the life cycle remembers about one rule on one API between evaluations. */
export interface Track {
  alarmId: string;
  apiId: string;
  team: string | undefined;
  rule: string;
  /** The current or most recent episode; undefined when the rule has been quiet. */
  alarm: Alarm | undefined;
  /** When the condition started to hold without a break (drives pending -> firing). */
  breachSince: number | undefined;
  /** When the condition started to be clear without a break (drives firing -> resolved). */
  clearSince: number | undefined;
  lastStatus: Observation['status'] | undefined;
}

export type ChangeKind = 'pending' | 'firing' | 'resolved' | 'cleared';

export interface Change {
  kind: ChangeKind;
  at: number;
  alarm: Alarm;
}

export function newTrack(apiId: string, team: string | undefined, rule: string): Track {
  return { alarmId: `${apiId}/${rule}`, apiId, team, rule, alarm: undefined, breachSince: undefined, clearSince: undefined, lastStatus: undefined };
}

/**
 * One evaluation of one rule: pending after the first breach, firing once it has held for `forMs`,
 * resolved once clear for `resolveAfterMs`. Insufficient data cancels a pending alarm (nothing proven)
 * but holds a firing one (a gap in data is not a recovery).
 */
export function stepTrack(track: Track, spec: AlarmSpec, observation: Observation, now: number): { track: Track; changes: Change[] } {
  const changes: Change[] = [];
  let alarm = track.alarm ? { ...track.alarm, severity: spec.severity, threshold: spec.threshold, comparison: spec.comparison } : undefined;
  let { breachSince, clearSince } = track;

  const move = (to: AlarmState, value: number, kind: ChangeKind = to): void => {
    const current = alarm!;
    alarm = {
      ...current,
      state: to,
      since: now,
      value,
      summary: describeAlarm(spec, value),
      transitions: [...current.transitions, { at: now, from: current.state, to, value }],
      ...(to === 'firing' ? { firingAt: now } : {}),
      ...(to === 'resolved' ? { resolvedAt: now } : {}),
    };
    changes.push({ kind, at: now, alarm });
  };

  if (observation.status === 'insufficient_data') {
    breachSince = undefined;
    clearSince = undefined;
    if (alarm?.state === 'pending') {
      changes.push({ kind: 'cleared', at: now, alarm });
      alarm = undefined;
    }
  } else if (observation.status === 'breach') {
    const { value } = observation;
    clearSince = undefined;
    if (!alarm || alarm.state === 'resolved') {
      alarm = openEpisode(track, spec, value, now);
      breachSince = now;
      changes.push({ kind: 'pending', at: now, alarm });
    }
    breachSince ??= now;
    if (alarm.state === 'pending' && now - breachSince >= spec.forMs) move('firing', value);
    else alarm = { ...alarm, value, summary: describeAlarm(spec, value) };
  } else {
    const { value } = observation;
    breachSince = undefined;
    if (alarm?.state === 'pending') {
      changes.push({ kind: 'cleared', at: now, alarm });
      alarm = undefined;
    } else if (alarm?.state === 'firing') {
      clearSince ??= now;
      if (now - clearSince >= spec.resolveAfterMs) {
        move('resolved', value);
        clearSince = undefined;
      } else alarm = { ...alarm, value, summary: describeAlarm(spec, value) };
    }
  }
  return { track: { ...track, alarm, breachSince, clearSince, lastStatus: observation.status }, changes };
}

function openEpisode(track: Track, spec: AlarmSpec, value: number, now: number): Alarm {
  return {
    id: track.alarmId,
    apiId: track.apiId,
    team: track.team,
    rule: spec.name,
    metric: spec.metric,
    severity: spec.severity,
    state: 'pending',
    comparison: spec.comparison,
    value,
    threshold: spec.threshold,
    since: now,
    startedAt: now,
    transitions: [{ at: now, from: 'none', to: 'pending', value }],
    flapping: false,
    escalationLevel: 0,
    summary: describeAlarm(spec, value),
  };
}
