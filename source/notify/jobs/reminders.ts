import type { Alarm, AlarmEvent } from '../../core/alarm.js';
import type { Muter } from '../stages/mute.js';

/**
 * Reminders while an alarm fires unacknowledged and unmuted: one at firingAt + n * repeat for n = 1, 2, ...
 * A reminder carries its slot's time, so the notification log recognises it after a restart.
 */
export class Reminders {
  /** The last slot reminded, per alarm episode. */
  private readonly reminded = new Map<string, number>();

  constructor(private readonly repeatMs: number) {}

  due(now: number, alarms: readonly Alarm[], muter: Muter): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    const live = new Set<string>();
    for (const alarm of alarms) {
      if (alarm.state !== 'firing' || alarm.firingAt === undefined) continue;
      const episode = `${alarm.id}@${alarm.startedAt}`;
      live.add(episode);
      if (alarm.ack || this.repeatMs <= 0 || muter.isMuted(alarm, now)) continue;
      const slot = Math.floor((now - alarm.firingAt) / this.repeatMs);
      if (slot < 1 || slot <= (this.reminded.get(episode) ?? 0)) continue;
      this.reminded.set(episode, slot);
      events.push({ kind: 'reminder', at: alarm.firingAt + slot * this.repeatMs, alarm });
    }
    for (const episode of this.reminded.keys()) if (!live.has(episode)) this.reminded.delete(episode);
    return events;
  }
}
