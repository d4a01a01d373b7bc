import type { AlarmState, MuteScope } from './alarm.js';
import type { Severity } from './rules.js';

/** Every kind of line events.jsonl holds: the reader accepts these and skips anything else. */
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
  'maintenance_started',
  'maintenance_ended',
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
  /** On a window's start and end: the occurrence (ISO times). On firing: the name of the window the alarm fired in, which leaves it out of SLA figures. */
  maintenance?: { id: string; name: string; start: string; end: string; reason?: string | undefined } | string | undefined;
  /** On pending and firing: the API's latest probe failure in the window, such as a failed assertion. */
  lastError?: string | undefined;
}
