import { stringify } from 'yaml';

import { LATENCY_BUCKETS, METRIC } from '../core/metric-names.js';
import type { AlertSpec, RuleExport } from './prometheus-rules.js';
import { deadmanTests } from './deadman-rules.js';
import { promNumber, type MetricFlavour } from './promql.js';
import type { MetricName } from '../core/rules.js';

interface Series {
  series: string;
  values: string;
}

const STEP_MS = 60_000;
/** promtool evaluates every rule at every step; 5m keeps a 3-day window affordable and `for` still holds. */
const EVALUATION_MINUTES = 5;
const BAD_OUTCOME: Record<Exclude<MetricName, `latency_${string}` | 'certificate_days_left'>, { high: string; low: string }> = {
  error_rate_5xx: { high: 'http_5xx', low: 'ok' },
  error_rate: { high: 'timeout', low: 'ok' },
  availability: { high: 'ok', low: 'timeout' },
};

function seriesName(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/**
 * A series that holds the alert's condition from the start: every probe failing, every latency in the top
 * bucket, and so on. Undefined (with a reason) when no series can, e.g. "availability below 0%".
 */
function synthesize(flavour: MetricFlavour, spec: AlertSpec, points: number): Series[] | string {
  const { api, condition } = spec;
  const constant = (value: number | string): string => `${value}x${points}`;
  const counting = `0+60x${points}`;
  const own = { api: api.id, team: spec.labels.team!, family: api.family };
  const blackbox = { api: api.id, job: 'blackbox' };
  if (condition.kind === 'slo') {
    if (condition.errorRatio >= 1) return `an error ratio of 1 cannot exceed ${promNumber(condition.errorRatio)}`;
    return flavour === 'apihealth'
      ? [{ series: seriesName(METRIC.probes, { ...own, outcome: 'timeout', status_class: 'none' }), values: counting }]
      : [{ series: seriesName('probe_success', blackbox), values: constant(0) }];
  }
  const high = condition.comparison === 'above';
  if (condition.metric.startsWith('latency')) {
    const seconds = condition.threshold / 1_000;
    if (flavour === 'blackbox') {
      if (!high && seconds <= 0) return 'no latency is below 0';
      return [{ series: seriesName('probe_duration_seconds', blackbox), values: constant(high ? promNumber(seconds * 2 + 1) : 0) }];
    }
    const top = LATENCY_BUCKETS.at(-1)!;
    const bottom = LATENCY_BUCKETS[0];
    if (high && seconds >= top) return `the histogram's top bucket (${top}s) cannot show a latency above ${promNumber(seconds)}s`;
    if (!high && seconds <= bottom) return `the histogram's first bucket (${bottom}s) cannot show a latency below ${promNumber(seconds)}s`;
    const bucket = (le: string, values: string): Series => ({ series: seriesName(`${METRIC.probeDuration}_bucket`, { ...own, le }), values });
    return high ? [bucket(String(top), constant(0)), bucket('+Inf', counting)] : [bucket(String(bottom), counting), bucket('+Inf', counting)];
  }
  if (condition.metric === 'certificate_days_left') {
    // An expiry a day past (above) or short of (below) the threshold, counted from time 0 where promtool starts.
    const seconds = promNumber((condition.threshold + (high ? 1 + evalMinutes(spec) / 1_440 : -1)) * 86_400);
    const series = flavour === 'apihealth' ? seriesName(METRIC.certificateNotAfter, own) : seriesName('probe_ssl_earliest_cert_expiry', blackbox);
    return [{ series, values: constant(seconds) }];
  }
  if (high ? condition.threshold >= 1 : condition.threshold <= 0) return `no rate is ${condition.comparison} ${promNumber(condition.threshold)}`;
  if (flavour === 'apihealth') {
    const outcome = BAD_OUTCOME[condition.metric as keyof typeof BAD_OUTCOME][high ? 'high' : 'low'];
    const statusClass = outcome === 'ok' ? '2xx' : outcome === 'http_5xx' ? '5xx' : 'none';
    return [{ series: seriesName(METRIC.probes, { ...own, outcome, status_class: statusClass }), values: counting }];
  }
  if (condition.metric === 'error_rate_5xx') return [{ series: seriesName('probe_http_status_code', blackbox), values: constant(high ? 500 : 200) }];
  const success = condition.metric === 'availability' ? high : !high;
  return [{ series: seriesName('probe_success', blackbox), values: constant(success ? 1 : 0) }];
}

function evalMinutes(spec: AlertSpec): number {
  const span = spec.condition.kind === 'slo' ? spec.condition.longMs : spec.condition.windowMs + spec.forMs;
  const minutes = Math.ceil(span / STEP_MS) + 2 * EVALUATION_MINUTES;
  return Math.ceil(minutes / EVALUATION_MINUTES) * EVALUATION_MINUTES;
}

/**
 * Minutes between synthetic points: about six points in the shortest window the alert reads. A 3-day window
 * sampled every minute would make promtool read millions of points at every evaluation step.
 */
function seriesInterval(spec: AlertSpec): number {
  const shortest = spec.condition.kind === 'slo' ? spec.condition.shortMs : spec.condition.windowMs;
  return Math.max(1, Math.floor(shortest / 6 / STEP_MS));
}

/**
 * A `promtool test rules` file proving each alert over probe series fires on a synthetic series that breaks it,
 * with exactly its labels and annotations. Alerts over an API's own PromQL cannot be synthesized and are listed.
 */
export function renderRuleTests(exported: RuleExport, flavour: MetricFlavour, ruleFile: string): string {
  const notes: string[] = [];
  const tests: object[] = [];
  for (const spec of exported.alerts) {
    const where = `${spec.api.id}/${spec.alert}`;
    if (!spec.overProbeSeries) {
      notes.push(`not tested: ${where} reads the API's own query`);
      continue;
    }
    const minutes = evalMinutes(spec);
    const interval = seriesInterval(spec);
    const series = synthesize(flavour, spec, Math.ceil(minutes / interval) + 5);
    if (typeof series === 'string') {
      notes.push(`not tested: ${where}: ${series}`);
      continue;
    }
    tests.push({
      name: `${where} fires`,
      interval: `${interval}m`,
      input_series: series,
      alert_rule_test: [{ eval_time: `${minutes}m`, alertname: spec.alert, exp_alerts: [{ exp_labels: spec.labels, exp_annotations: spec.annotations }] }],
    });
  }
  const header = [`Generated by api-health export prometheus-rules --metrics ${flavour} --tests; run: promtool test rules FILE`, ...notes];
  tests.push(...deadmanTests(exported.deadman, EVALUATION_MINUTES * STEP_MS));
  const body = stringify({ rule_files: [ruleFile], evaluation_interval: `${EVALUATION_MINUTES}m`, tests }, { lineWidth: 0 });
  return `${header.map((line) => `# ${line}`).join('\n')}\n${body}`;
}
