import type { PersistedTrack } from '../core/persisted-state.js';
import { newTrack } from './lifecycle.js';
import type { AlarmTrack } from './notification-policy.js';

/** The tracks worth saving: an alarm, something receivers were told, or flips still counting toward flapping. */
export function savedTracks(tracks: Iterable<AlarmTrack>): PersistedTrack[] {
  return [...tracks]
    .filter((t) => t.alarm !== undefined || t.notified !== undefined || t.flips.length > 0)
    .map((t) => ({
      alarmId: t.alarmId,
      apiId: t.apiId,
      rule: t.rule,
      alarm: t.alarm,
      notified: t.notified,
      flapping: t.flapping,
      flips: [...t.flips],
      ...(t.mutedAfterTold ? { mutedAfterTold: true } : {}),
    }));
}

/**
 * A saved track under the API's current owner. Acks and alarms come back; a pending alarm does not, and
 * the timers toward pending->firing and firing->resolved restart, because the metric windows they were
 * measured on did not survive the restart.
 */
export function restoredTrack(saved: PersistedTrack, owner: string | undefined): AlarmTrack {
  const alarm = saved.alarm && saved.alarm.state !== 'pending' ? { ...saved.alarm, team: owner } : undefined;
  const mutedAfterTold = alarm?.state === 'firing' && saved.mutedAfterTold === true;
  return { ...newTrack(saved.apiId, owner, saved.rule), alarm, notified: saved.notified, flapping: saved.flapping, flips: [...saved.flips], ...(mutedAfterTold ? { mutedAfterTold } : {}) };
}
