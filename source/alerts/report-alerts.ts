import type { AlarmTracker } from './alarm-tracker.js';
import { sortAlarmsForView } from './alarm-order.js';
import type { Alarm, AlarmState } from '../core/alarm.js';
import type { Severity } from '../core/rules.js';

/** One entry of `check --json` "alerts": a contract for scripts, so keys are only ever added. */
export interface ReportedAlert {
  id: string;
  api: string;
  team: string | null;
  rule: string;
  severity: Severity;
  state: AlarmState;
  /** ISO time the alarm entered its current state. */
  since: string;
  value: number | null;
  threshold: number;
  acknowledged: boolean;
  ackedBy: string | null;
  muted: boolean;
  mutedUntil: string | null;
  flapping: boolean;
  /** The maintenance window the alarm is inside, and when it ends; null outside maintenance. */
  maintenance: string | null;
  maintenanceUntil: string | null;
  escalationLevel: number;
  sla: string;
  slaBreached: boolean;
  summary: string;
}

/** Which alarm, as every JSON output names it (check --json alerts, monitor --json alarm lines). */
export function alarmIdentity(alarm: Alarm): Pick<ReportedAlert, 'id' | 'api' | 'team' | 'rule' | 'severity' | 'state'> {
  return { id: alarm.id, api: alarm.apiId, team: alarm.team ?? null, rule: alarm.rule, severity: alarm.severity, state: alarm.state };
}

export function alertsForReport(tracker: Pick<AlarmTracker, 'alarms' | 'muteFor' | 'sla'>, now: number): ReportedAlert[] {
  return sortAlarmsForView(tracker.alarms()).map((alarm) => {
    const mute = tracker.muteFor(alarm, now);
    const sla = tracker.sla(alarm, now);
    return {
      ...alarmIdentity(alarm),
      since: new Date(alarm.since).toISOString(),
      value: Number.isFinite(alarm.value) ? alarm.value : null,
      threshold: alarm.threshold,
      acknowledged: alarm.ack !== undefined,
      ackedBy: alarm.ack?.by ?? null,
      muted: mute !== undefined,
      mutedUntil: mute ? new Date(mute.until).toISOString() : null,
      flapping: alarm.flapping,
      maintenance: alarm.maintenance?.name ?? null,
      maintenanceUntil: alarm.maintenance ? new Date(alarm.maintenance.until).toISOString() : null,
      escalationLevel: sla.escalationLevel,
      sla: sla.text,
      slaBreached: sla.breached,
      summary: alarm.summary,
    };
  });
}

/** `check` exits 1 when this is true: something is firing that nobody has muted and no maintenance window covers. */
export function hasUnmutedFiring(tracker: Pick<AlarmTracker, 'alarms' | 'isSilenced'>, now: number): boolean {
  return tracker.alarms().some((alarm) => alarm.state === 'firing' && !tracker.isSilenced(alarm, now));
}
