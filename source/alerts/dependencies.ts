import type { ApiConfig } from '../config/types.js';
import type { Alarm } from '../core/alarm.js';

const isOpen = (alarm: Alarm | undefined): boolean => alarm !== undefined && alarm.state !== 'resolved';

/**
 * Marks the open alarms of APIs whose `dependsOn` API is failing (has a pending or firing alarm) as suppressed
 * by it, and each failing API's alarms with how many alarms it suppresses: one outage of a shared dependency
 * is one message, not one per dependant. An alarm no longer suppressed loses the mark, and the policy then
 * announces it if it is still firing. Pure: the tracks come back in the order given.
 */
export function withDependencies<T extends { alarm: Alarm | undefined }>(tracks: readonly { api: ApiConfig; track: T }[]): T[] {
  const failing = new Set(tracks.filter(({ track }) => isOpen(track.alarm)).map(({ api }) => api.id));
  const suppressedBy = tracks.map(({ api, track }) => (isOpen(track.alarm) ? api.dependsOn.find((parent) => failing.has(parent)) : undefined));
  const counts = new Map<string, number>();
  for (const parent of suppressedBy) if (parent !== undefined) counts.set(parent, (counts.get(parent) ?? 0) + 1);
  return tracks.map(({ api, track }, i) => {
    const alarm = track.alarm;
    if (!alarm) return track;
    const { suppressedBy: _was, suppresses: _count, ...rest } = alarm;
    const parent = suppressedBy[i];
    const count = isOpen(alarm) ? counts.get(api.id) : undefined;
    return { ...track, alarm: { ...rest, ...(parent !== undefined ? { suppressedBy: parent } : {}), ...(count !== undefined ? { suppresses: count } : {}) } };
  });
}
