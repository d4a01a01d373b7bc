import { SEVERITY_RANK } from './severity.js';
import type { Alarm } from '../core/alarm.js';

/**
 * The alarms view's order: most severe first, then the longest-running (by when it fired, or began
 * pending), since an old unattended alarm is the one closest to breaching its SLA.
 */
export function compareAlarmsForView(a: Alarm, b: Alarm): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (a.firingAt ?? a.startedAt) - (b.firingAt ?? b.startedAt) ||
    a.id.localeCompare(b.id)
  );
}

export function sortAlarmsForView(alarms: readonly Alarm[]): Alarm[] {
  return [...alarms].sort(compareAlarmsForView);
}
