import { SEVERITY_RANK } from '../alerts/severity.js';

import type { AlarmView } from '../state/alarm-view.js';
import { clockTime } from './clock-time.js';
import { sanitize } from '../text/sanitize.js';
import type { Alarm } from '../core/alarm.js';
import type { RowInput } from './format-row.js';
import type { Severity } from '../core/rules.js';

export const SEVERITY_GLYPH: Record<Severity, string> = { page: '‼', critical: '!', warning: '▲', info: 'i' };

/** "MAINTENANCE until 20:00 (weekly train deploy)": the window's name comes from the config, so it is sanitized. */
export function maintenanceText(maintenance: NonNullable<Alarm['maintenance']>): string {
  return `MAINTENANCE until ${clockTime(maintenance.until, false)} (${sanitize(maintenance.name)})`;
}

/** What a dashboard row says about its API's alarms: the most urgent one wins. */
export function rowAlarmStatus(views: readonly AlarmView[]): RowInput['status'] {
  const active = views.filter((v) => v.alarm.state !== 'resolved');
  if (active.length === 0) return undefined;
  const urgency = (v: AlarmView): number =>
    (v.mute || v.alarm.maintenance ? 40 : 0) + (v.alarm.ack ? 20 : 0) + (v.alarm.state === 'pending' ? 10 : 0) - (v.sla?.breached ? 5 : 0) - SEVERITY_RANK[v.alarm.severity];
  const top = [...active].sort((a, b) => urgency(a) - urgency(b))[0]!;
  const more = active.length > 1 ? ` +${active.length - 1}` : '';
  const { alarm } = top;
  if (alarm.maintenance) return { text: `${maintenanceText(alarm.maintenance)} ${alarm.rule}${more}`, role: 'dim' };
  if (top.mute) return { text: `MUTED until ${clockTime(top.mute.until, false)} ${alarm.rule}${more}`, role: 'dim' };
  if (alarm.ack) return { text: `ACKED by ${alarm.ack.by} ${alarm.rule}${more}`, role: 'info' };
  if (alarm.state === 'pending') return { text: `pending ${alarm.rule}${more}`, role: 'dim' };
  if (top.sla?.breached) return { text: `${SEVERITY_GLYPH[alarm.severity]} ${top.sla.text} ${alarm.rule}${more}`, role: 'breach' };
  const role = alarm.severity === 'page' || alarm.severity === 'critical' ? 'failing' : 'degraded';
  return { text: `${SEVERITY_GLYPH[alarm.severity]} FIRING ${alarm.rule}${more}`, role };
}

export interface AlarmCounts {
  firing: number;
  pending: number;
  acked: number;
  muted: number;
  breaches: number;
}

export function alarmCounts(views: readonly AlarmView[]): AlarmCounts {
  const counts: AlarmCounts = { firing: 0, pending: 0, acked: 0, muted: 0, breaches: 0 };
  for (const v of views) {
    if (v.alarm.state === 'resolved') continue;
    if (v.mute || v.alarm.maintenance) counts.muted++;
    else if (v.alarm.state === 'pending') counts.pending++;
    else if (v.alarm.ack) counts.acked++;
    else counts.firing++;
    if (v.sla?.breached && !v.mute && !v.alarm.maintenance) counts.breaches++;
  }
  return counts;
}
