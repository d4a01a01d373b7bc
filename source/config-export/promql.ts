import type { ApiConfig } from '../config/types.js';
import { METRIC } from '../core/metric-names.js';
import type { MetricName } from '../core/rules.js';

/** Whose metric names the generated rules query: api-health's own exporter, or blackbox_exporter's probe_* series. */
export const METRIC_FLAVOURS = ['apihealth', 'blackbox'] as const;
export type MetricFlavour = (typeof METRIC_FLAVOURS)[number];

/** The oldest Prometheus that knows `keep_firing_for`. */
export const KEEP_FIRING_FOR_SINCE = '2.42';

const UNITS: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]];

/** An exact Prometheus/Alertmanager duration: 300000 -> "5m", 5400000 -> "1h30m". */
export function promDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let text = '';
  for (const [unit, size] of UNITS) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}

/** A number as PromQL reads it, without floating-point noise such as 0.07200000000000001. */
export function promNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** The blackbox 5xx ratio's subquery step: finer than any scrape interval. */
const SUBQUERY_RESOLUTION = '1s';

const QUANTILE: Partial<Record<MetricName, string>> = { latency_p50: '0.5', latency_p95: '0.95', latency_p99: '0.99' };

function selector(labels: Record<string, string>, extra = ''): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `{${[...parts, ...(extra ? [extra] : [])].join(',')}}`;
}

/**
 * Where an API's series are found, or undefined when the flavour cannot see it (no url to probe). Both
 * flavours select by the `api` label, never by the URL: a URL may carry a ${VAR} secret, and the rules are
 * published. blackbox_exporter targets carry it as a target label (BLACKBOX_TARGET_LABEL).
 */
function probeSelector(api: ApiConfig): Record<string, string> | undefined {
  return api.url === undefined ? undefined : { api: api.id };
}

export const BLACKBOX_TARGET_LABEL =
  'blackbox_exporter targets carry the label api=<API id> (e.g. file_sd: { targets: [URL], labels: { api: ID } }): the rules select by it, not by the URL';

/** The label the per-vantage queries keep: each monitor's series carry it (defaults.vantage). */
export const VANTAGE_LABEL = 'vantage';

/** An aggregation over every vantage at once, or, per vantage, one keeping the vantage label (`sum by (vantage) (`). */
function aggregate(fn: string, perVantage: boolean, by: readonly string[] = []): string {
  const labels = perVantage ? [...by, VANTAGE_LABEL] : by;
  return labels.length === 0 ? `${fn}(` : `${fn} by (${labels.join(', ')}) (`;
}

/** The share of probes matching `outcome` (e.g. `outcome!="ok"`) over a window; 0, not nothing, when none did. */
function outcomeRatio(labels: Record<string, string>, outcome: string, window: string, perVantage = false): string {
  const sum = aggregate('sum', perVantage);
  const all = `${sum}rate(${METRIC.probes}${selector(labels)}[${window}]))`;
  // vector(0) has no labels: per vantage, a vantage that saw no bad outcome answers 0 through its own total.
  const none = perVantage ? `0 * ${all}` : 'vector(0)';
  return `(${sum}rate(${METRIC.probes}${selector(labels, outcome)}[${window}])) or ${none}) / ${all}`;
}

/**
 * The PromQL for one metric of one API, in Prometheus units (latency in seconds, rates as fractions), or
 * undefined when neither the flavour's series nor the API's own `queries` can give it.
 * An API read from a Prometheus source uses its configured query as it stands.
 */
export function metricQuery(flavour: MetricFlavour, api: ApiConfig, metric: MetricName, windowMs: number, perVantage = false): string | undefined {
  const labels = probeSelector(api);
  if (!labels) {
    const query = api.queries[metric];
    return query === undefined ? undefined : `(${query})`;
  }
  const w = promDuration(windowMs);
  const quantile = QUANTILE[metric];
  // A gauge of the expiry's Unix time, read at evaluation: no window to average over.
  if (metric === 'certificate_days_left') {
    return `${aggregate('min', perVantage)}(${flavour === 'apihealth' ? METRIC.certificateNotAfter : 'probe_ssl_earliest_cert_expiry'}${selector(labels)} - time()) / 86400)`;
  }
  if (flavour === 'apihealth') {
    if (quantile) return `histogram_quantile(${quantile}, ${aggregate('sum', perVantage, ['le'])}rate(${METRIC.probeDuration}_bucket${selector(labels)}[${w}])))`;
    if (metric === 'error_rate_5xx') return outcomeRatio(labels, 'outcome="http_5xx"', w, perVantage);
    if (metric === 'error_rate') return outcomeRatio(labels, 'outcome!="ok"', w, perVantage);
    return outcomeRatio(labels, 'outcome="ok"', w, perVantage);
  }
  const s = selector(labels);
  if (quantile) return `${aggregate('max', perVantage)}quantile_over_time(${quantile}, probe_duration_seconds${s}[${w}]))`;
  // A 1s resolution weighs each scrape by how long it was the latest, which is its share of the probes when
  // scrapes are regular; a coarser one (window/10 was 30s) samples only some scrapes: 0.25 where they give 0.19.
  if (metric === 'error_rate_5xx') return `${aggregate('max', perVantage)}avg_over_time((probe_http_status_code${s} >= bool 500)[${w}:${SUBQUERY_RESOLUTION}]))`;
  if (metric === 'error_rate') return `1 - ${aggregate('min', perVantage)}avg_over_time(probe_success${s}[${w}]))`;
  return `${aggregate('min', perVantage)}avg_over_time(probe_success${s}[${w}]))`;
}

/** The error ratio over a window for SLO burn rates; undefined for APIs we do not probe. */
export function errorRatioQuery(flavour: MetricFlavour, api: ApiConfig, windowMs: number): string | undefined {
  const labels = probeSelector(api);
  if (!labels) return undefined;
  const w = promDuration(windowMs);
  return flavour === 'apihealth' ? outcomeRatio(labels, 'outcome!="ok"', w) : `1 - min(avg_over_time(probe_success${selector(labels)}[${w}]))`;
}
