const BARS = '▁▂▃▄▅▆▇█';
export const FAILURE_MARK = '×';

/**
 * Draws the last `width` values as block characters, scaled from 0 to the largest value shown (at least
 * `floorMs`, so a quiet API does not look spiky), or to `scaleMs` when the screen shares one scale; NaN (a
 * failed probe) draws as a cross.
 */
export function sparkline(values: readonly number[], width: number, floorMs = 100, scaleMs?: number): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const max = scaleMs ?? sparkMax(shown, floorMs);
  let out = '';
  for (const v of shown) {
    out += Number.isNaN(v) ? FAILURE_MARK : BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1) + 0.5))]!;
  }
  return ' '.repeat(width - shown.length) + out;
}

/** The largest value a sparkline of these values scales to: the largest shown, at least `floorMs`. */
export function sparkMax(values: readonly number[], floorMs = 100): number {
  let max = floorMs;
  for (const v of values) if (!Number.isNaN(v) && v > max) max = v;
  return max;
}
