const BARS = '▁▂▃▄▅▆▇█';
export const FAILURE_MARK = '×';

/**
 * Draws the last `width` values as block characters, scaled from 0 to the largest value shown (at least
 * `floorMs`, so a quiet API does not look spiky); NaN (a failed probe) draws as a cross.
 */
export function sparkline(values: readonly number[], width: number, floorMs = 100): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  let max = floorMs;
  for (const v of shown) if (!Number.isNaN(v) && v > max) max = v;
  let out = '';
  for (const v of shown) {
    out += Number.isNaN(v) ? FAILURE_MARK : BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1) + 0.5))]!;
  }
  return ' '.repeat(width - shown.length) + out;
}
