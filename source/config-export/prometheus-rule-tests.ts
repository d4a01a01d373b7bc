import { stringify } from 'yaml';

import { LATENCY_BUCKETS, METRIC } from '../core/metric-names.js';
import type { AlertSpec, RuleExport } from './prometheus-rules.js';
import { deadmanTests } from './deadman-rules.js';
import { vantageDeadmanTests } from './vantage-deadman.js';
import { promNumber, VANTAGE_LABEL, type MetricFlavour } from './promql.js';
import type { QuorumSpec } from './quorum-rules.js';
import type { MetricName } from '../core/rules.js';

interface Series {
  series: string;
  values: string;
}

const STEP_MS = 60_000;
/** promtool evaluates every rule of the file at every step, so a test's length, not its window, is its cost. */
const EVALUATION_MINUTES = 1;
const BAD_OUTCOME: Record<Exclude<MetricName, `latency_${string}` | 'certificate_days_left'>, { high: string; low: string }> = {
  error_rate_5xx: { high: 'http_5xx', low: 'ok' },
  error_rate: { high: 'timeout', low: 'ok' },
  availability: { high: 'ok', low: 'timeout' },
};

function seriesName(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/** The synthetic series, and the value the alert's expression then has at a given minute (what `$value` renders). */
interface Synthetic {
  series: Series[];
  value: (minutes: number) => number;
}

/**
 * A series that holds the alert's condition from the start: every probe failing, every latency in the top
 * bucket, and so on. Undefined (with a reason) when no series can, e.g. "availability below 0%".
 */
function synthesize(flavour: MetricFlavour, spec: AlertSpec, points: number): Synthetic | string {
  if (spec.quorum) return synthesizeQuorum(flavour, spec, spec.quorum, points);
  const series = synthesizeSeries(flavour, spec, points);
  return typeof series === 'string' ? series : { series, value: expectedValue(flavour, spec) };
}

/** The vantages of a quorum alert's test: just enough to be global, or one short of it (at least one) to be regional. */
function testVantages(quorum: QuorumSpec): string[] {
  const count = quorum.scope === 'global' ? quorum.quorum : Math.max(1, quorum.quorum - 1);
  return Array.from({ length: count }, (_, i) => `vantage-${i + 1}`);
}

/** The same breaking series once per vantage: the alert's value is then the number of vantages. */
function synthesizeQuorum(flavour: MetricFlavour, spec: AlertSpec, quorum: QuorumSpec, points: number): Synthetic | string {
  const vantages = testVantages(quorum);
  const series: Series[] = [];
  for (const vantage of vantages) {
    const one = synthesizeSeries(flavour, spec, points, { [VANTAGE_LABEL]: vantage });
    if (typeof one === 'string') return one;
    series.push(...one);
  }
  return { series, value: () => vantages.length };
}

/** Every probe of the series fails (or succeeds) and every latency sits in one bucket, so the value is exact. */
function expectedValue(flavour: MetricFlavour, spec: AlertSpec): (minutes: number) => number {
  const { condition } = spec;
  if (condition.kind === 'slo') return () => 1;
  const high = condition.comparison === 'above';
  if (condition.metric.startsWith('latency')) {
    const seconds = condition.threshold / 1_000;
    if (flavour === 'blackbox') return () => (high ? Number(promNumber(seconds * 2 + 1)) : 0);
    const quantile = { latency_p50: 0.5, latency_p95: 0.95, latency_p99: 0.99 }[condition.metric as 'latency_p50'];
    // Past the top finite bucket histogram_quantile answers that bucket's bound; within the first, it interpolates from 0.
    return () => (high ? LATENCY_BUCKETS.at(-1)! : LATENCY_BUCKETS[0] * quantile);
  }
  if (condition.metric === 'certificate_days_left') {
    const expiryDays = condition.threshold + (high ? 1 + evalMinutes(spec) / 1_440 : -1);
    return (minutes) => expiryDays - minutes / 1_440;
  }
  return () => (high ? 1 : 0);
}

function synthesizeSeries(flavour: MetricFlavour, spec: AlertSpec, points: number, extra: Record<string, string> = {}): Series[] | string {
  const { api, condition } = spec;
  const constant = (value: number | string): string => `${value}x${points}`;
  const counting = `0+60x${points}`;
  const own = { api: api.id, team: spec.labels.team!, family: api.family, ...extra };
  const blackbox = { api: api.id, job: 'blackbox', ...extra };
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

/** A quorum alert's `vantages` annotation renders the test's vantages, sorted and joined as its template does. */
function expectedAnnotations(spec: AlertSpec, value: number, expectAnnotations: (spec: AlertSpec, value: number) => Record<string, string>): Record<string, string> {
  const annotations = expectAnnotations(spec, value);
  return spec.quorum ? { ...annotations, vantages: testVantages(spec.quorum).sort().join(',') } : annotations;
}

/**
 * When the alert must be firing: its `for` after the condition first holds. A series that breaks the condition
 * from its first point breaks it over any window as soon as the window holds two points (rate() needs two), so a
 * 3-day SLO window needs no 3 days of evaluation: that made a file of today's fleet take minutes.
 */
function evalMinutes(spec: AlertSpec): number {
  return Math.ceil(spec.forMs / STEP_MS) + 3 * EVALUATION_MINUTES;
}

/**
 * A `promtool test rules` file proving each alert over probe series fires on a synthetic series that breaks it,
 * with exactly its labels and annotations. Alerts over an API's own PromQL cannot be synthesized and are listed.
 * One test per alert name holds every API's series (they select by `api`, so they cannot meet): promtool
 * evaluates the whole file at every step of every test, and a test per API and alert made a fleet take minutes.
 */
export function renderRuleTests(
  exported: RuleExport,
  flavour: MetricFlavour,
  ruleFile: string,
  expectAnnotations: (spec: AlertSpec, value: number) => Record<string, string> = (spec) => spec.annotations,
): string {
  const notes: string[] = [];
  const byAlert = new Map<string, { alert: string; apis: string[]; input_series: Series[]; minutes: number; expected: { spec: AlertSpec; value: (minutes: number) => number }[] }>();
  for (const spec of exported.alerts) {
    const where = `${spec.api.id}/${spec.alert}`;
    if (!spec.overProbeSeries) {
      notes.push(`not tested: ${where} reads the API's own query`);
      continue;
    }
    const minutes = evalMinutes(spec);
    const synthetic = synthesize(flavour, spec, minutes + 5);
    if (typeof synthetic === 'string') {
      notes.push(`not tested: ${where}: ${synthetic}`);
      continue;
    }
    // A quorum rule's global and regional alerts share a name but never fire together: a test each.
    const key = spec.quorum ? `${spec.alert} (${spec.quorum.scope})` : spec.alert;
    const test = byAlert.get(key) ?? { alert: spec.alert, apis: [], input_series: [], minutes: 0, expected: [] };
    byAlert.set(key, test);
    test.apis.push(spec.api.id);
    test.input_series.push(...synthetic.series);
    test.minutes = Math.max(test.minutes, minutes);
    test.expected.push({ spec, value: synthetic.value });
  }
  // Every series breaks its alert from the start and goes on, so at the latest `for` every API's alert fires.
  const tests: object[] = [...byAlert].map(([key, test]) => ({
    name: `${key} fires for ${test.apis.join(', ')}`,
    interval: `${STEP_MS / 60_000}m`,
    input_series: test.input_series,
    alert_rule_test: [
      {
        eval_time: `${test.minutes}m`,
        alertname: test.alert,
        exp_alerts: test.expected.map(({ spec, value }) => ({ exp_labels: spec.labels, exp_annotations: expectedAnnotations(spec, value(test.minutes), expectAnnotations) })),
      },
    ],
  }));
  const header = [`Generated by api-health export prometheus-rules --metrics ${flavour} --tests; run: promtool test rules FILE`, ...notes];
  tests.push(...deadmanTests(exported.deadman, EVALUATION_MINUTES * STEP_MS));
  if (exported.vantageDeadman) tests.push(...vantageDeadmanTests(exported.vantageDeadman, flavour, EVALUATION_MINUTES * STEP_MS));
  const body = stringify({ rule_files: [ruleFile], evaluation_interval: `${EVALUATION_MINUTES}m`, tests }, { lineWidth: 0 });
  return `${header.map((line) => `# ${line}`).join('\n')}\n${body}`;
}
