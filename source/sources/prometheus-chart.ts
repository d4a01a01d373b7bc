import { CHART_MAX_COLUMNS, CHART_RANGE_MS, type ChartPoint, type ChartRange, type ChartSeries } from '../core/chart-range.js';
import { formatDuration } from '../core/duration.js';
import { METRIC } from '../core/metric-names.js';
import { cumulativeBucket, histogramQuantile } from '../metrics/histogram-quantile.js';
import { PrometheusApi, type RangeResult } from './prometheus-api.js';
import { queryVector, type VectorClientOptions, type VectorResult } from './prometheus-vector.js';
import { shownText } from '../text/sanitize.js';

/** Never finer than a minute: scrapes come every 15 s or so, and increase() needs two of them in each step. */
const MIN_STEP_MS = 60_000;

/** One column per step at the chart's widest, a minute at the finest. */
export function chartStepMs(range: ChartRange): number {
  return Math.max(MIN_STEP_MS, Math.round(CHART_RANGE_MS[range] / CHART_MAX_COLUMNS / 1000) * 1000);
}

export interface ChartQueries {
  /** Per step: the p95 of the probes in it (seconds). */
  p95: string;
  /** Per step: the probes (throttled and blocked turns are not probes), and those that failed. */
  probes: string;
  failures: string;
  /** Over the whole range, the duration buckets: min, p95 and max under the chart. */
  buckets: string;
}

export function chartQueries(apiId: string, range: ChartRange): ChartQueries {
  const api = `api=${JSON.stringify(apiId)}`;
  const step = `${chartStepMs(range) / 1000}s`;
  const span = `${CHART_RANGE_MS[range] / 1000}s`;
  return {
    p95: `histogram_quantile(0.95, sum by (le) (increase(${METRIC.probeDuration}_bucket{${api}}[${step}])))`,
    probes: `sum(increase(${METRIC.probes}{${api},outcome!~"throttled|blocked"}[${step}]))`,
    failures: `sum(increase(${METRIC.probes}{${api},outcome!~"ok|throttled|blocked"}[${step}]))`,
    buckets: `sum by (le) (increase(${METRIC.probeDuration}_bucket{${api}}[${span}]))`,
  };
}

export interface ChartAnswers {
  p95: RangeResult;
  probes: RangeResult;
  failures: RangeResult;
  buckets: VectorResult;
}

/**
 * The chart's series from the answers: a point per step with probes (its p95 NaN, a cross, when every probe
 * failed), none where Prometheus has nothing; min, p95 and max over the range read from its buckets as
 * histogram_quantile does. The first failure to answer is what the chart says instead.
 */
export function chartFromAnswers(apiId: string, range: ChartRange, now: number, answers: ChartAnswers): ChartSeries {
  const stepMs = chartStepMs(range);
  const series: ChartSeries = { apiId, range, to: now, stepMs, points: [], latency: {}, marks: [], source: `Prometheus, ${formatDuration(stepMs)} steps` };
  const failed = [answers.p95, answers.probes, answers.failures].find((r): r is Extract<RangeResult, { ok: false }> => !r.ok && r.noData !== true);
  // Prometheus' error text is anyone's who can answer on its address: one short, safe line.
  if (failed) return { ...series, unavailable: shownText(failed.message.replace(/\s+/g, ' '), 160) };
  if (!answers.buckets.ok) return { ...series, unavailable: shownText(answers.buckets.message.replace(/\s+/g, ' '), 160) };
  const values = (result: RangeResult): Map<number, number> => new Map(result.ok ? result.points.filter((p) => Number.isFinite(p.value)).map((p) => [p.at, p.value]) : []);
  const p95 = values(answers.p95);
  const failures = values(answers.failures);
  for (const [at, count] of values(answers.probes)) {
    const probes = Math.round(count);
    if (probes === 0) continue;
    const failing = Math.min(probes, Math.round(failures.get(at) ?? 0));
    const latency = p95.get(at);
    const point: ChartPoint = { at: at - stepMs, p95: failing === probes || latency === undefined ? Number.NaN : latency * 1000, probes, failures: failing };
    series.points.push(point);
  }
  const buckets = answers.buckets.samples.flatMap((s) => cumulativeBucket(s.labels.le, s.value) ?? []);
  const total = Math.max(0, ...buckets.map((b) => b.count));
  const at = (q: number): number | undefined => {
    const seconds = histogramQuantile(q, buckets);
    return seconds === undefined ? undefined : seconds * 1000;
  };
  // The first and the last observation's places in the buckets stand for min and max.
  if (total > 0) series.latency = { min: at(1 / total), p95: at(0.95), max: at(1) };
  return series;
}

/** Where and how to ask Prometheus: as for a vector query. */
export type PrometheusChartRequest = VectorClientOptions;

/** The API detail's chart over `range` ending `now`, from the series api-health exports: four queries at once, every vantage summed. */
export async function readPrometheusChart(request: PrometheusChartRequest, apiId: string, range: ChartRange, now: number): Promise<ChartSeries> {
  const queries = chartQueries(apiId, range);
  const stepMs = chartStepMs(range);
  const api = new PrometheusApi({ name: 'shared.prometheus', ...request });
  const start = now - CHART_RANGE_MS[range] + stepMs;
  const [p95, probes, failures, buckets] = await Promise.all([
    api.range(queries.p95, start, now, stepMs),
    api.range(queries.probes, start, now, stepMs),
    api.range(queries.failures, start, now, stepMs),
    queryVector(request, queries.buckets, now),
  ]);
  return chartFromAnswers(apiId, range, now, { p95, probes, failures, buckets });
}
