import { compareAlarmsForView } from '../alerts/alarm-order.js';
import type { AlarmView } from './alarm-view.js';

/**
 * Where an alarm stands in the alarms view: an overdue SLA first, then what needs someone now (firing, nobody on it), then what is
 * about to (pending), then what someone has, then what is silenced, then what is over whatever covers it.
 */
export function alarmStanding(view: AlarmView): number {
  const { alarm } = view;
  if (alarm.state === 'resolved') return 4;
  if (view.mute || view.silence || alarm.maintenance) return 3;
  // An overdue SLA clock is late already, whoever has the alarm.
  if (view.sla?.breached) return -1;
  if (alarm.ack) return 2;
  return alarm.state === 'pending' ? 1 : 0;
}

/** Overdue SLAs, firing unacknowledged (severity, then age), pending, acknowledged, muted, resolved. */
export function orderAlarms(views: readonly AlarmView[]): AlarmView[] {
  return [...views].sort((a, b) => alarmStanding(a) - alarmStanding(b) || compareAlarmsForView(a.alarm, b.alarm));
}

/**
 * The order while paused: alarms keep the places they had, with fresh figures; new ones join at the end and
 * gone ones leave, so the row under the cursor is the one it was.
 */
export function keepOrder(previous: readonly AlarmView[], next: readonly AlarmView[]): AlarmView[] {
  const byId = new Map(next.map((v) => [v.alarm.id, v]));
  const kept = previous.flatMap((v) => {
    const fresh = byId.get(v.alarm.id);
    return fresh ? [fresh] : [];
  });
  const known = new Set(previous.map((v) => v.alarm.id));
  return [...kept, ...orderAlarms(next.filter((v) => !known.has(v.alarm.id)))];
}
