import { formatDuration } from '../core/duration.js';
import { CHART_RANGE_MS, type ChartMark, type ChartSeries } from '../core/chart-range.js';
import { FAILURE_MARK, timeCells } from './sparkline.js';

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
  const { lines, axisWidth } = plot(shown, max, p95, rows);
  const failed = shown.length - measured.length;
  const span = `last ${formatDuration(shown.length * intervalMs)} (${shown.length} probe${shown.length === 1 ? '' : 's'}${failed > 0 ? `, ${failed} failed ${FAILURE_MARK}` : ''})`;
  const figures = min === undefined ? 'no latency yet' : `min ${msText(min)}   p95 ${p95 === undefined ? '-' : msText(p95)}   max ${msText(max)}`;
  lines.push(`${' '.repeat(axisWidth)} └${'─'.repeat(shown.length)}`, `${' '.repeat(axisWidth + 2)}${figures}   ${span}`);
  return lines;
}

/**
 * The chart over a stored range (keys 1…6): the range cut into one column per equal slice (at most one per bucket), each the highest
 * minute's (or hour's) p95 in it, blank where nothing was stored, a cross where every probe failed. The time
 * axis names the range's start and end; below it min, p95 and max over the whole range (merged histograms).
 */
export function rangeChart(series: ChartSeries, width: number, rows: number): string[] {
  const spanMs = CHART_RANGE_MS[series.range];
  // Never more columns than stored buckets: 15 minutes of minute rows are 15 columns, not gaps between them.
  const columns = Math.max(1, Math.min(Math.max(10, width), Math.round(spanMs / series.stepMs)));
  // Each stored bucket sits at its middle, so a bucket straddling a column edge lands on one side only.
  const cells = timeCells(
    series.points.map((p) => p.p95),
    series.points.map((p) => Math.min(series.to, p.at + series.stepMs / 2)),
    series.to,
    spanMs,
    columns,
  );
  const measured = cells.filter((v): v is number => v !== undefined && !Number.isNaN(v));
  const max = Math.max(1, series.latency.max ?? 0, ...measured);
  const { lines, axisWidth } = plot(cells, max, series.latency.p95, rows);
  const pad = ' '.repeat(axisWidth + 2);
  const from = `-${series.range}`;
  const probes = series.points.reduce((sum, p) => sum + p.probes, 0);
  const failures = series.points.reduce((sum, p) => sum + p.failures, 0);
  const { min, p95 } = series.latency;
  const figures =
    series.unavailable ?? (min === undefined ? 'no latency stored in this range' : `min ${msText(min)}   p95 ${p95 === undefined ? '-' : msText(p95)}   max ${msText(series.latency.max!)}`);
  const step = series.stepMs >= 3_600_000 ? 'hour' : 'minute';
  const marks = markLine(series, spanMs, columns);
  lines.push(
    `${' '.repeat(axisWidth)} └${'─'.repeat(columns)}`,
    ...(marks ? [`${pad}${marks}`] : []),
    `${pad}${from}${'now'.padStart(columns - from.length)}`,
    `${pad}${figures}   ${series.range} from ${series.source ?? `${step} rows`} (${probes} probes${failures > 0 ? `, ${failures} failed` : ''})`,
  );
  return lines;
}

export const MARK_GLYPH: Record<ChartMark['kind'], string> = { firing: '!', resolved: '✓', maintenance: 'M', offline: 'o' };

/**
 * The marks under the time axis: `!` where the API's alarm fired, `✓` where it resolved, `M` over maintenance
 * and `o` over the prober's offline spells (a transition wins over a spell in its column), then what they mean;
 * undefined when the range has none.
 */
function markLine(series: ChartSeries, spanMs: number, columns: number): string | undefined {
  if (series.marks.length === 0) return undefined;
  const from = series.to - spanMs;
  const column = (at: number): number => Math.max(0, Math.min(columns - 1, Math.floor(((at - from) / spanMs) * columns)));
  const cells = new Array<string>(columns).fill(' ');
  for (const mark of series.marks.filter((m) => m.to !== undefined)) for (let c = column(mark.from); c <= column(mark.to!); c++) cells[c] = MARK_GLYPH[mark.kind];
  for (const mark of series.marks.filter((m) => m.to === undefined)) cells[column(mark.from)] = MARK_GLYPH[mark.kind];
  const kinds = new Set(series.marks.map((m) => m.kind));
  const legend = (['firing', 'resolved', 'maintenance', 'offline'] as const).filter((k) => kinds.has(k)).map((k) => `${MARK_GLYPH[k]} ${k}`);
  return `${cells.join('')}  ${legend.join('  ')}`;
}

/** The plot's rows, top first, each after its axis label: the top (max), the p95's row and 0 are named. */
function plot(shown: readonly (number | undefined)[], max: number, p95: number | undefined, rows: number): { lines: string[]; axisWidth: number } {
  const p95Row = p95 === undefined ? undefined : Math.min(rows - 1, Math.floor((Math.min(p95, max) / max) * rows));
  const axisLabels = new Map<number, string>([[rows - 1, msText(max)], [0, '0 ms']]);
  if (p95Row !== undefined && !axisLabels.has(p95Row)) axisLabels.set(p95Row, `p95 ${msText(p95!)}`);
  const axisWidth = Math.max(...[...axisLabels.values()].map((l) => l.length));
  const lines: string[] = [];
  for (let row = rows - 1; row >= 0; row--) {
    let out = '';
    for (const v of shown) {
      if (v === undefined) out += ' ';
      else if (Number.isNaN(v)) out += row === 0 ? FAILURE_MARK : ' ';
      else out += EIGHTHS[Math.max(row === 0 && v > 0 ? 1 : 0, Math.min(8, Math.round((v / max) * rows * 8) - row * 8))]!;
    }
    lines.push(`${(axisLabels.get(row) ?? '').padStart(axisWidth)} ┤${out}`);
  }
  return { lines, axisWidth };
}
