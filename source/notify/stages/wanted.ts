import type { AlarmEvent } from '../../core/alarm.js';
import type { NotificationSettings } from '../../config/types.js';
import type { Stage } from './stage.js';

/** Resolutions go out only when `notifications.resolved` says so. */
export function dropUnwanted(events: readonly AlarmEvent[], settings: Pick<NotificationSettings, 'resolved'>): AlarmEvent[] {
  return events.filter((event) => event.kind !== 'resolved' || settings.resolved);
}

export function wanted(settings: Pick<NotificationSettings, 'resolved'>): Stage<readonly AlarmEvent[], AlarmEvent[]> {
  return {
    name: 'drop unwanted',
    run(events, next) {
      const kept = dropUnwanted(events, settings);
      if (kept.length > 0) next(kept);
    },
  };
}
