import type { Alarm } from '../../core/alarm.js';
import type { Clock } from '../../core/clock.js';
import type { Group } from './group.js';
import type { Stage } from './stage.js';

/** Mutes and maintenance behind one question, answered by whoever owns them. */
export interface Muter {
  isMuted(alarm: Alarm, at: number): boolean;
}

export const noMutes: Muter = { isMuted: () => false };

/** Muted alarms send nothing: not firing, not reminders, not resolutions. */
export function dropMuted<T extends { alarm: Alarm }>(items: readonly T[], muter: Muter, at: number): T[] {
  return items.filter((item) => !muter.isMuted(item.alarm, at));
}

/** Asked when a group goes out, not when its events arrive: a mute set during groupWait still holds. */
export function muting(muter: Muter, clock: Clock): Stage<Group, Group> {
  return {
    name: 'mute',
    run(group, next) {
      const items = dropMuted(group.items, muter, clock.now());
      if (items.length > 0) next({ ...group, items });
    },
  };
}
