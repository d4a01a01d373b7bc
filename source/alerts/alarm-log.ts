import { describeScope } from './mutes.js';
import type { Alarm, AlarmState, Mute, MuteScope } from '../core/alarm.js';
import type { Severity } from '../core/rules.js';

export const LOG_KINDS = [
  'pending',
  'firing',
  'resolved',
  'cleared',
  'escalated',
  'acknowledged',
  'unacknowledged',
  'flapping',
  'settled',
  'muted',
  'unmuted',
  'mute_expired',
] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/** One line of events.jsonl: self-contained, so the report needs neither the config nor the state file. */
export interface AlarmLogEntry {
  /** ISO 8601. */
  at: string;
  kind: LogKind;
  alarmId?: string | undefined;
  api?: string | undefined;
  team?: string | undefined;
  rule?: string | undefined;
  severity?: Severity | undefined;
  state?: AlarmState | undefined;
  value?: number | undefined;
  threshold?: number | undefined;
  summary?: string | undefined;
  /** The episode the entry belongs to (ISO): acks and resolutions are matched to their firing by it. */
  firingAt?: string | undefined;
  actor?: string | undefined;
  note?: string | undefined;
  escalationLevel?: number | undefined;
  escalationTarget?: string | undefined;
  /** On firing: the SLA in force, so later reports judge the episode by the policy of its time. */
  slaPolicy?: string | undefined;
  sla?: { triageMs: number; escalateMs: number; resolveMs: number } | undefined;
  mute?: { id: string; scope: MuteScope; scopeText: string; until: string; reason?: string | undefined } | undefined;
}

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
