import { formatDuration } from '../core/duration.js';
import { FAILURE_MARK } from './sparkline.js';

const EIGHTHS = ' ▁▂▃▄▅▆▇█';

export interface LatencyChartInput {
  /** Latency per probe, oldest first; NaN marks a failed probe. */
  history: readonly number[];
  /** The window's p95, marked on the axis. */
  p95: number | undefined;
  /** How often the API is probed: with the number of probes shown, the span the chart covers. */
  intervalMs: number;
  /** Columns for the plot itself, the axis not included. */
  width: number;
  /** Rows of the plot, at least 2. */
  rows: number;
}

const msText = (value: number): string => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

/**
 * The API detail's latency chart: one column per probe, scaled from 0 to the largest latency shown, drawn in
 * eighths of a row so a spike reads at its height; failed probes are crosses on the baseline. The axis
 * names the top (max), the p95's row and 0; below it, min, p95, max and the span the columns cover.
 */
export function latencyChart({ history, p95, intervalMs, width, rows }: LatencyChartInput): string[] {
  const shown = history.slice(-Math.max(1, width));
  const measured = shown.filter((v) => !Number.isNaN(v));
  const max = Math.max(1, ...measured);
  const min = measured.length === 0 ? undefined : Math.min(...measured);
  const p95Row = p95 === undefined ? undefined : Math.min(rows - 1, Math.floor((Math.min(p95, max) / max) * rows));
  const axisLabels = new Map<number, string>([[rows - 1, msText(max)], [0, '0 ms']]);
  if (p95Row !== undefined && !axisLabels.has(p95Row)) axisLabels.set(p95Row, `p95 ${msText(p95!)}`);
  const axisWidth = Math.max(...[...axisLabels.values()].map((l) => l.length));
  const lines: string[] = [];
  for (let row = rows - 1; row >= 0; row--) {
    let plot = '';
    for (const v of shown) {
      if (Number.isNaN(v)) plot += row === 0 ? FAILURE_MARK : ' ';
      else plot += EIGHTHS[Math.max(row === 0 && v > 0 ? 1 : 0, Math.min(8, Math.round((v / max) * rows * 8) - row * 8))]!;
    }
    lines.push(`${(axisLabels.get(row) ?? '').padStart(axisWidth)} ┤${plot}`);
  }
  const failed = shown.length - measured.length;
  const span = `last ${formatDuration(shown.length * intervalMs)} (${shown.length} probe${shown.length === 1 ? '' : 's'}${failed > 0 ? `, ${failed} failed ${FAILURE_MARK}` : ''})`;
  const figures = min === undefined ? 'no latency yet' : `min ${msText(min)}   p95 ${p95 === undefined ? '-' : msText(p95)}   max ${msText(max)}`;
  lines.push(`${' '.repeat(axisWidth)} └${'─'.repeat(shown.length)}`, `${' '.repeat(axisWidth + 2)}${figures}   ${span}`);
  return lines;
}
