import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { COARSE_SPAN_MS, FINE_SPAN_MS } from '../alerts/slo-counters.js';
import type { RollupRow } from '../metrics/rollup.js';
import { COARSE_STEP_MS, FINE_STEP_MS, HISTORY_FILE, HistoryDb } from '../persistence/history-db.js';

/**
 * The stored rows the SLO burn-rate windows need: minute rows for the windows up to 6 h, hour rows for the
 * 3-day one, each with one bucket to spare. Nothing when there is no history yet; a file that cannot be read
 * is the writer's to report, so it is skipped here without a word.
 */
export function sloHistory(dir: string, now: number): RollupRow[] {
  if (!existsSync(join(dir, HISTORY_FILE))) return [];
  let db: HistoryDb | undefined;
  try {
    db = HistoryDb.open(dir, now, { readonly: true, busyTimeoutMs: 1_000 });
    return [...db.rows(FINE_STEP_MS, now - FINE_SPAN_MS - FINE_STEP_MS, now + 1), ...db.rows(COARSE_STEP_MS, now - COARSE_SPAN_MS - COARSE_STEP_MS, now + 1)];
  } catch {
    return [];
  } finally {
    db?.close();
  }
}
