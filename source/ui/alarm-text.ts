import { SEVERITY_RANK } from '../alerts/severity.js';
import { sanitize } from '../text/sanitize.js';

import { crosses } from '../alerts/alarm-spec.js';
import { formatMetricValue, formatThreshold } from '../alerts/metric-format.js';
import type { SlaStatus } from '../alerts/sla-clock.js';
import type { Alarm } from '../core/alarm.js';
import { formatDuration } from '../core/duration.js';
import type { AlarmView } from '../state/alarm-view.js';
import { clockTime } from './clock-time.js';
import type { RowInput } from './format-row.js';
import type { Severity } from '../core/rules.js';

export const SEVERITY_GLYPH: Record<Severity, string> = { page: '‼', critical: '!', warning: '▲', info: 'i' };

/** "MAINTENANCE until 20:00 (weekly train deploy)": the window's name comes from the config, so it is sanitized. */
export function maintenanceText(maintenance: NonNullable<Alarm['maintenance']>): string {
  return `MAINTENANCE until ${clockTime(maintenance.until, false)} (${sanitize(maintenance.name)})`;
}

/** "suppressed: restbase-health is failing": the alarm is shown, its dependency's alarm is the one notified. */
export function suppressedText(parent: string): string {
  return `suppressed: ${sanitize(parent)} is failing`;
}

/** What a dashboard row says about its API's alarms: the most urgent one wins. */
export function rowAlarmStatus(views: readonly AlarmView[]): RowInput['status'] {
  const active = views.filter((v) => v.alarm.state !== 'resolved');
  if (active.length === 0) return undefined;
  const urgency = (v: AlarmView): number =>
    (v.mute || v.alarm.maintenance || v.alarm.suppressedBy ? 40 : 0) + (v.alarm.ack ? 20 : 0) + (v.alarm.state === 'pending' ? 10 : 0) - (v.sla?.breached ? 5 : 0) - SEVERITY_RANK[v.alarm.severity];
  const top = [...active].sort((a, b) => urgency(a) - urgency(b))[0]!;
  const more = active.length > 1 ? ` +${active.length - 1}` : '';
  const { alarm } = top;
  if (alarm.maintenance) return { text: `${maintenanceText(alarm.maintenance)} ${alarm.rule}${more}`, role: 'dim' };
  if (alarm.suppressedBy) return { text: `${suppressedText(alarm.suppressedBy)} ${alarm.rule}${more}`, role: 'dim' };
  if (top.mute) return { text: `MUTED until ${clockTime(top.mute.until, false)} ${alarm.rule}${more}`, role: 'dim' };
  if (alarm.ack) return { text: `ACKED by ${sanitize(alarm.ack.by)} ${alarm.rule}${more}`, role: 'info' };
  if (alarm.state === 'pending') return { text: `pending ${alarm.rule}${more}`, role: 'dim' };
  if (top.sla?.breached) return { text: `${SEVERITY_GLYPH[alarm.severity]} ${top.sla.text} ${alarm.rule}${more}`, role: 'breach' };
  const role = alarm.severity === 'page' || alarm.severity === 'critical' ? 'failing' : 'degraded';
  const suppresses = alarm.suppresses ? ` (suppresses ${alarm.suppresses})` : '';
  return { text: `${SEVERITY_GLYPH[alarm.severity]} FIRING ${alarm.rule}${suppresses}${more}`, role };
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
    if (v.mute || v.alarm.maintenance || v.alarm.suppressedBy) counts.muted++;
    else if (v.alarm.state === 'pending') counts.pending++;
    else if (v.alarm.ack) counts.acked++;
    else counts.firing++;
    if (v.sla?.breached && !v.mute && !v.alarm.maintenance) counts.breaches++;
  }
  return counts;
}

/** The alarms view's state cell: short, so the API's name gets the width. A resolved alarm says so whatever covers it. */
export function compactState(view: AlarmView): string {
  const { alarm } = view;
  if (alarm.state === 'resolved') return 'RESOLVED';
  if (alarm.maintenance) return maintenanceText(alarm.maintenance);
  if (alarm.suppressedBy) return suppressedText(alarm.suppressedBy);
  if (view.mute) return `MUTED ${clockTime(view.mute.until, false)}`;
  if (view.silence) return `SILENCE ${clockTime(view.silence.until, false)}`;
  // The author may come from an Alertmanager silence anyone on the team made.
  if (alarm.ack) return `ACKED ${sanitize(alarm.ack.by)}`;
  if (alarm.state === 'pending') return 'PENDING';
  return isClearing(alarm) ? 'CLEARING' : 'FIRING';
}

/** Firing, but the last value no longer crosses the threshold: the alarm waits out its resolve time. */
export function isClearing(alarm: Alarm): boolean {
  // An alarm read from Alertmanager (--remote) carries no value: it fires as long as Alertmanager holds it.
  return alarm.state === 'firing' && !Number.isNaN(alarm.value) && !crosses(alarm.comparison, alarm.value, alarm.threshold);
}

/** "8.3% > 10%" while breaching; "8.3% ≤ 10%" once clear (it would read as a breach otherwise). */
export function valueText(alarm: Alarm): string {
  if (Number.isNaN(alarm.value)) return `${alarm.comparison === 'above' ? '>' : '<'} ${formatThreshold(alarm.metric, alarm.threshold)}`;
  const breaching = crosses(alarm.comparison, alarm.value, alarm.threshold);
  const sign = alarm.comparison === 'above' ? (breaching ? '>' : '≤') : breaching ? '<' : '≥';
  return `${formatMetricValue(alarm.metric, alarm.value)} ${sign} ${formatThreshold(alarm.metric, alarm.threshold)}`;
}

/** "clearing: 8.3% ≤ 10% for 40s of 2m" (the time only when the engine said since when). */
export function clearingText(view: AlarmView, now: number): string | undefined {
  if (!isClearing(view.alarm)) return undefined;
  const clearing = view.clearing;
  const spell = clearing ? ` for ${formatDuration(Math.max(0, now - clearing.since))} of ${formatDuration(clearing.resolveAfterMs)}` : '';
  return `clearing: ${valueText(view.alarm)}${spell}`;
}

/** An alarm's age in at most five cells: "45s", "12m", "1h5m", "2d3h" (seconds only in its first minute). */
export function ageText(ms: number): string {
  return formatDuration(ms < 60_000 ? ms : Math.floor(ms / 60_000) * 60_000);
}

/** The SLA cell: "BREACH triage +2m", "triage 4m", "resolve 2h", "met in 1h5m"; the escalation level after it. */
export function compactSla(alarm: Alarm, status: SlaStatus, form: 'narrow' | 'compact' | 'full' = 'compact'): string {
  const { triage, resolve } = status;
  if (!status.clocks) return 'no SLA';
  if (!triage || !resolve) return '';
  const level = status.escalationLevel > 0 ? ` L${status.escalationLevel}` : '';
  if (form === 'full' && status.breached) return `${status.text}${level}`;
  const overdue = [
    triage.breached && !triage.stopped ? `triage +${formatDuration(triage.overdueMs)}` : undefined,
    resolve.breached && !resolve.stopped ? `resolve +${formatDuration(resolve.overdueMs)}` : undefined,
  ].filter((part) => part !== undefined);
  if (overdue.length > 0 && form === 'narrow') return `BREACH ${overdue[0]!.replace(/^\w+ /, '')}${level}`;
  if (overdue.length > 0) return `BREACH ${overdue.join(' ')}${level}`;
  if (resolve.stopped && alarm.resolvedAt !== undefined && alarm.firingAt !== undefined) {
    return `${triage.breached || resolve.breached ? 'missed' : 'met'} in ${formatDuration(alarm.resolvedAt - alarm.firingAt)}`;
  }
  if (!triage.stopped) return `triage ${formatDuration(triage.remainingMs)}${level}`;
  return `resolve ${formatDuration(resolve.remainingMs)}${level}`;
}
