import type { Dispatcher } from 'undici';
import { buildHistoryReport, type HistoryReport, type LatencyPercentiles } from '../alerts/history-report.js';
import type { ApiConfig, MaintenanceWindow } from '../config/types.js';
import { formatDuration } from '../core/duration.js';
import { METRIC } from '../core/metric-names.js';
import { OUTCOMES, type Outcome } from '../core/probe-sample.js';
import { VANTAGE_PATTERN } from '../config/schema.js';
import { cumulativeBucket, histogramQuantile, sumBuckets, type CumulativeBucket } from '../metrics/histogram-quantile.js';
import { emptyRollup, type Rollup } from '../metrics/rollup.js';
import { sanitize } from '../text/sanitize.js';
import { queryVector, type VectorSample } from './prometheus-vector.js';

/** The instant queries, each evaluated once at the period's end over the whole period, that answer for the whole fleet. */
export interface ReportQueries {
  /** Probe turns per API, outcome and vantage (summed here: the vantages are named in the output). */
  probes: string;
  /** The duration histogram's cumulative buckets per API, every vantage summed. */
  buckets: string;
}

export function reportQueries(from: number, to: number): ReportQueries {
  const range = `${Math.max(1, Math.round((to - from) / 1000))}s`;
  return {
    probes: `sum by (api, outcome, vantage) (increase(${METRIC.probes}[${range}]))`,
    buckets: `sum by (api, le) (increase(${METRIC.probeDuration}_bucket[${range}]))`,
  };
}

export interface ReportAnswers {
  probes: readonly VectorSample[];
  buckets: readonly VectorSample[];
}

export interface ReportInput {
  apis: readonly ApiConfig[];
  from: number;
  to: number;
  /** Windows in force in the period: under --remote only told, not left out. */
  maintenance: readonly MaintenanceWindow[];
  /** Where the figures were read, as it may be shown (no credentials). */
  source: string;
}

/** Probe turns of the config's APIs one vantage (or the series without a vantage label, `name` null) reported over the period. */
export interface VantageTurns {
  name: string | null;
  probes: number;
}

export interface PrometheusReport {
  report: HistoryReport;
  vantages: VantageTurns[];
  /** Config APIs with no series in the period: shown without figures, which is not zero. */
  noSeries: string[];
  /** APIs Prometheus reports that the config does not name: left out. */
  otherApis: number;
}

const KNOWN_OUTCOMES = new Set<string>(OUTCOMES);
const round = (value: number): number | null => (Number.isFinite(value) ? Math.round(value * 1000 * 10) / 10 : null);

/**
 * The report's figures from the answers of `reportQueries`, in the shape the local history gives them, so every
 * format prints them alike. Counts are increase() of counters, extrapolated by Prometheus to the period's edges,
 * so they are rounded to whole turns; percentiles are read from the exporter's buckets as histogram_quantile
 * does, per API and per family and team of the config.
 */
export function prometheusReportFrom(answers: ReportAnswers, input: ReportInput): PrometheusReport {
  const known = new Set(input.apis.map((api) => api.id));
  const totals = new Map<string, Rollup>();
  const others = new Set<string>();
  const perVantage = new Map<string | null, number>();
  for (const sample of answers.probes) {
    const api = sample.labels.api;
    if (api === undefined || !Number.isFinite(sample.value)) continue;
    if (!known.has(api)) {
      others.add(api);
      continue;
    }
    const rollup = totals.get(api) ?? emptyRollup();
    totals.set(api, rollup);
    const turns = Math.round(sample.value);
    addTurns(rollup, sample.labels.outcome, turns);
    const vantage = sample.labels.vantage ?? null;
    perVantage.set(vantage, (perVantage.get(vantage) ?? 0) + turns);
  }
  const buckets = new Map<string, CumulativeBucket[]>();
  for (const sample of answers.buckets) {
    const api = sample.labels.api;
    const bucket = cumulativeBucket(sample.labels.le, sample.value);
    if (api === undefined || !known.has(api) || !bucket) continue;
    const own = buckets.get(api);
    if (own) own.push(bucket);
    else buckets.set(api, [bucket]);
  }
  const latency = (ids: readonly string[]): LatencyPercentiles => {
    const merged = sumBuckets(ids.flatMap((id) => (buckets.has(id) ? [buckets.get(id)!] : [])));
    const at = (q: number): number | null => round(histogramQuantile(q, merged) ?? Number.NaN);
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  };
  const report = buildHistoryReport({ apis: input.apis, totals, maintenanceRows: [], from: input.from, to: input.to, maintenance: input.maintenance, latency });
  const vantages = [...perVantage]
    .map(([name, probes]) => ({ name, probes }))
    // A label value is anyone's text who can push series: only names a vantage may have are shown.
    .filter((v) => v.name === null || VANTAGE_PATTERN.test(v.name))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  const noSeries = input.apis.filter((api) => !totals.has(api.id)).map((api) => api.id);
  return {
    report: { ...report, relativeError: null, origin: { source: input.source, notes: notes(report, vantages, noSeries, others.size) } },
    vantages,
    noSeries,
    otherApis: others.size,
  };
}

function addTurns(rollup: Rollup, label: string | undefined, count: number): void {
  if (count === 0) return;
  const outcome: Outcome = label !== undefined && KNOWN_OUTCOMES.has(label) ? (label as Outcome) : 'error';
  if (outcome === 'throttled') rollup.throttled += count;
  else if (outcome === 'blocked') rollup.blocked += count;
  else {
    rollup.probes += count;
    if (outcome === 'ok') rollup.ok += count;
    else {
      if (outcome === 'http_5xx') rollup.http5xx += count;
      rollup.failures[outcome] = (rollup.failures[outcome] ?? 0) + count;
    }
  }
}

function notes(report: HistoryReport, vantages: readonly VantageTurns[], noSeries: readonly string[], otherApis: number): string[] {
  const named = vantages.map((v) => `${v.name ?? 'without a vantage label'} ${v.probes}`).join(', ');
  const summed =
    vantages.length > 1 ? `summed over the ${vantages.length} vantages that reported (${named} turns)` : vantages.length === 1 ? `from one vantage (${named} turns)` : 'no vantage reported';
  const windows = report.maintenanceMs > 0 ? ` (windows covering these APIs were in force for ${formatDuration(report.maintenanceMs)} of the period)` : '';
  return [
    `Read from Prometheus: the increase of ${METRIC.probes} and ${METRIC.probeDuration} over the period, ${summed}.`,
    'Availability and error rates count probes and turns throttled by a 429 (turns refused for our User-Agent or rate policy count for nothing); latency percentiles are of every probe, failed ones at the time they took, interpolated within the exported histogram buckets as histogram_quantile does.',
    `Maintenance is not left out under --remote: Prometheus keeps no record of the windows${windows}.`,
    ...(noSeries.length > 0 ? [`No series in the period (no figures, not zero): ${noSeries.map((id) => sanitize(id)).join(', ')}.`] : []),
    ...(otherApis > 0 ? [`${otherApis} more API${otherApis === 1 ? '' : 's'} in Prometheus, not in this config, left out.`] : []),
  ];
}

export interface PrometheusReportRequest extends ReportInput {
  url: string;
  headers?: Record<string, string> | undefined;
  dispatcher: Dispatcher;
  /** Each query's whole exchange. */
  timeoutMs: number;
  maxAnswerBytes?: number | undefined;
}

export type PrometheusReportResult = { ok: true; value: PrometheusReport; queries: ReportQueries } | { ok: false; message: string };

/** Asks the team's Prometheus the report's queries at once, each evaluated at the period's end; the first failure is the answer. */
export async function readPrometheusReport(request: PrometheusReportRequest): Promise<PrometheusReportResult> {
  const queries = reportQueries(request.from, request.to);
  const client = { url: request.url, headers: request.headers, dispatcher: request.dispatcher, timeoutMs: request.timeoutMs, maxAnswerBytes: request.maxAnswerBytes };
  const [probes, buckets] = await Promise.all([queryVector(client, queries.probes, request.to), queryVector(client, queries.buckets, request.to)]);
  if (!probes.ok) return probes;
  if (!buckets.ok) return buckets;
  return { ok: true, value: prometheusReportFrom({ probes: probes.samples, buckets: buckets.samples }, request), queries };
}
