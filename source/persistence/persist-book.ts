import type { AlarmBook } from '../alerts/alarm-book.js';
import { appendEventLog } from './event-log.js';
import { saveAlarmState, type WriteResult } from './state-file.js';

/** Appends what happened since the last call to events.jsonl, then saves the book's state; errors come back as text. */
export function persistAlarmBook(dir: string, book: Pick<AlarmBook, 'takeLog' | 'snapshot'>): WriteResult {
  const logged = appendEventLog(dir, book.takeLog());
  const saved = saveAlarmState(dir, book.snapshot());
  const errors = [logged, saved].flatMap((r) => (r.ok ? [] : [r.error]));
  return errors.length === 0 ? { ok: true } : { ok: false, error: errors.join('; ') };
}
