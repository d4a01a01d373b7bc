import type { AlarmEvent } from '../../core/alarm.js';
import type { NotificationSettings } from '../../config/types.js';

/** Resolutions go out only when `notifications.resolved` says so. */
export function dropUnwanted(events: readonly AlarmEvent[], settings: Pick<NotificationSettings, 'resolved'>): AlarmEvent[] {
  return events.filter((event) => event.kind !== 'resolved' || settings.resolved);
}
