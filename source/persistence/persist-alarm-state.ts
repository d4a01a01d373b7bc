import type { AlarmLogEntry } from '../core/alarm-log-entry.js';
import type { PersistedAlarmState } from '../core/persisted-state.js';
import { appendEventLog } from './event-log.js';
import { saveAlarmState, type WriteResult } from './state-file.js';

/**
 * Appends what happened to events.jsonl, then saves the alarm state; both errors, if any, come back as one line of
 * text. `logged` says whether the entries reached the log: the caller keeps them for the next save when not.
 */
export function persistAlarmState(dir: string, log: readonly AlarmLogEntry[], state: PersistedAlarmState): WriteResult & { logged: boolean } {
  const logged = appendEventLog(dir, log);
  const saved = saveAlarmState(dir, state);
  const errors = [logged, saved].flatMap((r) => (r.ok ? [] : [r.error]));
  return errors.length === 0 ? { ok: true, logged: true } : { ok: false, error: errors.join('; '), logged: logged.ok };
}
