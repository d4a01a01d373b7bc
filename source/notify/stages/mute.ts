import type { Alarm } from '../../core/alarm.js';

/** Mutes and maintenance behind one question, answered by whoever owns them. */
export interface Muter {
  isMuted(alarm: Alarm, at: number): boolean;
}

export const noMutes: Muter = { isMuted: () => false };

/** Muted alarms send nothing: not firing, not reminders, not resolutions. */
export function dropMuted<T extends { alarm: Alarm }>(items: readonly T[], muter: Muter, at: number): T[] {
  return items.filter((item) => !muter.isMuted(item.alarm, at));
}
