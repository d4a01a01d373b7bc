import type { Alarm, Mute, MuteScope } from '../core/alarm.js';

export function scopeCovers(scope: MuteScope, alarm: Pick<Alarm, 'id' | 'apiId' | 'team' | 'rule'>): boolean {
  switch (scope.kind) {
    case 'alarm':
      return scope.alarmId === alarm.id;
    case 'api':
      return scope.apiId === alarm.apiId;
    case 'team':
      return alarm.team !== undefined && scope.team === alarm.team;
    case 'rule':
      return scope.rule === alarm.rule;
  }
}

/** A mute holds from the moment it is made until it ends: a clock stepped back after it was made must not lift it. */
export function isActive(mute: Mute, now: number): boolean {
  return now < mute.until;
}

/** The active mute covering the alarm that lasts longest, so the UI shows the real "MUTED until". */
export function muteCovering(mutes: readonly Mute[], alarm: Pick<Alarm, 'id' | 'apiId' | 'team' | 'rule'>, now: number): Mute | undefined {
  let best: Mute | undefined;
  for (const mute of mutes) {
    if (isActive(mute, now) && scopeCovers(mute.scope, alarm) && (!best || mute.until > best.until)) best = mute;
  }
  return best;
}

export function isMuted(mutes: readonly Mute[], alarm: Pick<Alarm, 'id' | 'apiId' | 'team' | 'rule'>, now: number): boolean {
  return muteCovering(mutes, alarm, now) !== undefined;
}

/** "alarm mw-rest/HighLatency", "api mw-rest", "team mwi", "rule HighLatency" */
export function describeScope(scope: MuteScope): string {
  switch (scope.kind) {
    case 'alarm':
      return `alarm ${scope.alarmId}`;
    case 'api':
      return `api ${scope.apiId}`;
    case 'team':
      return `team ${scope.team}`;
    case 'rule':
      return `rule ${scope.rule}`;
  }
}
