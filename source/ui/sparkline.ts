const BARS = '▁▂▃▄▅▆▇█';
export const FAILURE_MARK = '×';

/** A sparkline cell: a latency in ms, NaN for failed probes only, undefined for no probe at all. */
export type SparkCell = number | undefined;

/**
 * Draws the last `width` cells as block characters, scaled from 0 to the largest value shown (at least
 * `floorMs`, so a quiet API does not look spiky), or to `scaleMs` when the screen shares one scale; NaN (a
 * failed probe) draws as a cross, a cell without probes as a blank.
 */
export function sparkline(values: readonly SparkCell[], width: number, floorMs = 100, scaleMs?: number): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const max = scaleMs ?? sparkMax(shown, floorMs);
  let out = '';
  for (const v of shown) {
    out += v === undefined ? ' ' : Number.isNaN(v) ? FAILURE_MARK : BARS[Math.max(0, Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1) + 0.5)))]!;
  }
  return ' '.repeat(width - shown.length) + out;
}

/** The largest value a sparkline of these values scales to: the largest shown, at least `floorMs`. */
export function sparkMax(values: readonly SparkCell[], floorMs = 100): number {
  let max = floorMs;
  for (const v of values) if (v !== undefined && !Number.isNaN(v) && v > max) max = v;
  return max;
}

/**
 * The sparkline's cells for a time span ending at `now`: the span cut into `cells` equal slices, oldest first,
 * each the largest latency measured in it (a spike is what the eye must find), NaN when every probe in it
 * failed, undefined when none fell in it. So every row covers the same period at any width.
 */
export function timeCells(values: readonly number[], times: readonly number[], now: number, spanMs: number, cells: number): SparkCell[] {
  const out: SparkCell[] = new Array<SparkCell>(Math.max(0, cells)).fill(undefined);
  if (cells <= 0) return out;
  const from = now - spanMs;
  const slice = spanMs / cells;
  for (let i = 0; i < values.length; i++) {
    const at = times[i]!;
    // A point a little after `now` (the current minute's stored row, a probe that ended after the flush) is the newest.
    if (at < from) continue;
    const cell = Math.min(cells - 1, Math.floor((at - from) / slice));
    const value = values[i]!;
    const before = out[cell];
    if (Number.isNaN(value)) out[cell] = before ?? Number.NaN;
    else if (before === undefined || Number.isNaN(before) || value > before) out[cell] = value;
  }
  return out;
}
