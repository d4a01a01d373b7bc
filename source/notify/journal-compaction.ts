/**
 * When an append-only journal (the outbox, the notification log) is rewritten with only its live records:
 * once it holds COMPACT_FACTOR times more lines than it had live records at the last rewrite, and never
 * for fewer than COMPACT_MIN_LINES. Each rewrite then costs a constant per appended line, and the file
 * stays within a constant factor of what is live however long the process runs.
 */
export const COMPACT_MIN_LINES = 512;
const COMPACT_FACTOR = 4;

/** The line count at which a journal with `live` records is next rewritten. */
export function nextCompactionAt(live: number): number {
  return Math.max(COMPACT_MIN_LINES, COMPACT_FACTOR * live);
}

/** After a failed rewrite (disk full, say) the journal keeps growing: try again once it has doubled, not on every append. */
export function retryCompactionAt(lines: number): number {
  return Math.max(COMPACT_MIN_LINES, 2 * lines);
}
