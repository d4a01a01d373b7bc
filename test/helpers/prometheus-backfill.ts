import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTool, startPrometheus, type RunningServer } from './real-binaries.js';
import { requireBinary } from './system-binaries.js';
import { tempDir } from './temp-dir.js';

/** One series: its labels and its value at each step of the backfill (index 0 at `startMs`). */
export interface BackfillSeries {
  labels: Record<string, string>;
  values: readonly number[];
}

/** A counter family (samples named `<name>_total`). */
export interface CounterFamily {
  type: 'counter';
  name: string;
  series: BackfillSeries[];
}

/** A histogram family: per label set, cumulative counts per `le` (the last one `+Inf`), and the sum. */
export interface HistogramFamily {
  type: 'histogram';
  name: string;
  series: { labels: Record<string, string>; buckets: { le: string; values: readonly number[] }[]; sum: readonly number[] }[];
}

const labelText = (labels: Record<string, string>): string => `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;

/**
 * OpenMetrics text with explicit timestamps, as `promtool tsdb create-blocks-from openmetrics` reads it: families
 * one after another, each series' points in time order, a histogram's buckets, count and sum together per point.
 */
export function openMetricsText(families: readonly (CounterFamily | HistogramFamily)[], startMs: number, stepMs: number): string {
  const lines: string[] = [];
  const at = (i: number): string => String((startMs + i * stepMs) / 1000);
  for (const family of families) {
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type === 'counter') {
      for (const series of family.series) series.values.forEach((value, i) => lines.push(`${family.name}_total${labelText(series.labels)} ${value} ${at(i)}`));
      continue;
    }
    for (const series of family.series) {
      const inf = series.buckets.find((b) => b.le === '+Inf')!;
      series.sum.forEach((sum, i) => {
        for (const bucket of series.buckets) lines.push(`${family.name}_bucket${labelText({ ...series.labels, le: bucket.le })} ${bucket.values[i]} ${at(i)}`);
        lines.push(`${family.name}_count${labelText(series.labels)} ${inf.values[i]} ${at(i)}`);
        lines.push(`${family.name}_sum${labelText(series.labels)} ${sum} ${at(i)}`);
      });
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

/**
 * A real Prometheus serving exactly the given series: the text is turned into TSDB blocks by promtool, and the
 * server keeps them however old they are (retention is measured from the newest sample, and 15d by default).
 */
export async function backfilledPrometheus(text: string): Promise<RunningServer> {
  requireBinary('promtool');
  const dir = tempDir('api-health-backfill-');
  try {
    const input = join(dir.path, 'series.om');
    const storage = join(dir.path, 'data');
    writeFileSync(input, text);
    const made = await runTool('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, storage]);
    if (made.code !== 0) throw new Error(`promtool could not backfill:\n${made.stdout}${made.stderr}`);
    const server = await startPrometheus([], { storage, retention: '100y' });
    return {
      ...server,
      stop: async () => {
        await server.stop();
        dir.remove();
      },
    };
  } catch (error) {
    dir.remove();
    throw error;
  }
}
