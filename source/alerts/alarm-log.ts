import type { Config } from '../config/types.js';
import type { Alarm, Mute } from '../core/alarm.js';
import type { AlarmLogEntry, LogKind } from '../core/alarm-log-entry.js';
import { describeScope } from './mutes.js';
import { slaClocksFor } from './sla-clock.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export function alarmLogEntry(kind: LogKind, at: number, alarm: Alarm, extra: Partial<AlarmLogEntry> = {}): AlarmLogEntry {
  return {
    at: iso(at),
    kind,
    alarmId: alarm.id,
    api: alarm.apiId,
    team: alarm.team,
    rule: alarm.rule,
    severity: alarm.severity,
    state: alarm.state,
    value: Number.isFinite(alarm.value) ? alarm.value : undefined,
    threshold: alarm.threshold,
    summary: alarm.summary,
    firingAt: alarm.firingAt === undefined ? undefined : iso(alarm.firingAt),
    ...extra,
  };
}

export function muteLogEntry(kind: 'muted' | 'unmuted' | 'mute_expired', at: number, mute: Mute, actor: string | undefined): AlarmLogEntry {
  return {
    at: iso(at),
    kind,
    actor,
    mute: { id: mute.id, scope: mute.scope, scopeText: describeScope(mute.scope), until: iso(mute.until), reason: mute.reason },
  };
}

/** On firing: the SLA in force, so later reports judge the episode by the policy of its time. */
export function slaLogFields(config: Pick<Config, 'teams' | 'sla'>, alarm: Alarm): Partial<AlarmLogEntry> {
  const { policy, clocks } = slaClocksFor(config, alarm);
  return { slaPolicy: policy, sla: clocks && { triageMs: clocks.triage, escalateMs: clocks.escalate, resolveMs: clocks.resolve } };
}
