import { stringify } from 'yaml';
import { alertSummary } from '../alerts/alert-summary.js';
import { BURN_RATE_PAIRS, burnRatePairSpec, SLO_RESOLVE_AFTER_MS } from '../alerts/burn-rate.js';
import { formatThreshold, metricLabel } from '../alerts/metric-format.js';
import type { ApiConfig, Config, Rule } from '../config/types.js';
import { configRedactor, redactValue } from '../text/redact.js';
import { BLACKBOX_TARGET_LABEL, errorRatioQuery, KEEP_FIRING_FOR_SINCE, metricQuery, promDuration, promNumber, type MetricFlavour } from './promql.js';
import type { MetricName, Severity } from '../core/rules.js';
import { alarmLabels, teamLabel } from '../core/labels.js';
import { deadmanRules, type DeadmanSpec } from './deadman-rules.js';
import { countedCondition, quorumExpr, SCOPE_LABEL, SCOPES, scopeSentence, vantagesTemplate, type QuorumSpec } from './quorum-rules.js';
import { vantageDeadman, type VantageDeadman } from './vantage-deadman.js';

export type AlertCondition =
  | { kind: 'metric'; metric: MetricName; comparison: Rule['comparison']; threshold: number; windowMs: number }
  | { kind: 'slo'; errorRatio: number; longMs: number; shortMs: number };

/** One generated alert, with what a test needs to make it fire. */
export interface AlertSpec {
  api: ApiConfig;
  alert: string;
  expr: string;
  forMs: number;
  /** api-health's hysteresis (the rule's resolveAfter): how long the alert stays firing once the condition clears. */
  keepFiringForMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  condition: AlertCondition;
  /** True when the alert reads the flavour's probe series (so a synthetic series can drive it), false for an API's own queries. */
  overProbeSeries: boolean;
  /** Set when the rule names a quorum: the alert counts the vantages that see the condition. */
  quorum?: QuorumSpec | undefined;
}

/** What the target Prometheus understands. */
export interface RuleExportOptions {
  /** `keep_firing_for` (Prometheus 2.42 and later); without it the hysteresis is said in an annotation. */
  keepFiringFor: boolean;
}

export interface RuleExport {
  alerts: AlertSpec[];
  options: RuleExportOptions;
  /** Rules that could not be expressed, with the reason (e.g. no url and no query for the metric). */
  skipped: string[];
  /** Per team, the alert that fires when its probe series are absent: a dead monitor must not look healthy. */
  deadman: DeadmanSpec[];
  /** With quorum rules: the alert a vantage raises when its monitor stops, so the others' agreement is not read as all of them. */
  vantageDeadman?: VantageDeadman | undefined;
}

/** How each flavour times a probe, said on latency alerts: the two differ by a connection set-up. */
const LATENCY_NOTE: Record<MetricFlavour, string> = {
  apihealth: 'api-health times each request from when it is written to the socket: DNS, connect and TLS are never in it.',
  blackbox: 'blackbox_exporter times each whole probe on a new connection, DNS, connect and TLS included, so it reads higher than api-health\'s own figure.',
};

/**
 * Each API's effective rules and SLO burn rates as Prometheus alerts, over the chosen flavour's metric names.
 * Annotations are text for people, so ${VAR} values (a key in a runbook link) are redacted from them.
 */
export function buildRuleExport(config: Pick<Config, 'apis' | 'defaults' | 'secrets'>, flavour: MetricFlavour, options: RuleExportOptions = { keepFiringFor: true }): RuleExport {
  // Without keep_firing_for, Prometheus resolves as soon as the condition clears: the reader is told api-health waits.
  const hysteresis = (ms: number): Record<string, string> =>
    options.keepFiringFor || ms <= 0 ? {} : { resolve_after: `api-health resolves after ${promDuration(ms)} clear; this Prometheus (before ${KEEP_FIRING_FOR_SINCE}, no keep_firing_for) resolves at once` };
  const redact = configRedactor(config);
  const alerts: AlertSpec[] = [];
  const skipped: string[] = [];
  for (const api of config.apis) {
    // Prometheus names the alert itself (alertname); the rest is the label set every api-health path gives the alarm.
    const labels = (rule: string, severity: Severity): Record<string, string> => {
      const { alertname: _alertname, ...rest } = alarmLabels({ rule, apiId: api.id, team: api.owner, severity }, api.family);
      return rest as Record<string, string>;
    };
    const links = { runbook: api.runbook ?? api.docs ?? '', dashboard: api.dashboard ?? '' };
    const measured = api.url === undefined ? `the ${api.source ?? ''} Prometheus query` : flavour === 'apihealth' ? 'api-health probes' : 'blackbox_exporter probes';
    const timing = (metric: string): string => (api.url !== undefined && metric.startsWith('latency') ? ` ${LATENCY_NOTE[flavour]}` : '');
    for (const rule of api.rules) {
      const windowMs = config.defaults.windowMs;
      const query = metricQuery(flavour, api, rule.metric, windowMs);
      if (query === undefined) {
        skipped.push(`${api.id}/${rule.name}: no url to probe and no query for ${rule.metric}`);
        continue;
      }
      const threshold = rule.metric.startsWith('latency') ? rule.threshold / 1_000 : rule.threshold;
      const bound = `${rule.comparison} ${formatThreshold(rule.metric, rule.threshold)}`;
      const spec: AlertSpec = {
        api,
        alert: rule.name,
        expr: `${query} ${rule.comparison === 'above' ? '>' : '<'} ${promNumber(threshold)}`,
        forMs: rule.forMs,
        keepFiringForMs: rule.resolveAfterMs,
        labels: labels(rule.name, rule.severity),
        annotations: redactValue({
          summary: alertSummary(api.name, rule),
          description:
            rule.description ??
            `${metricLabel(rule.metric)} of ${api.name} (${api.id}, team ${teamLabel(api.owner)}) has been ${bound}` +
              `${rule.forMs > 0 ? ` for ${promDuration(rule.forMs)}` : ''}, over ${promDuration(windowMs)} of ${measured}.${timing(rule.metric)}`,
          runbook: rule.runbook ?? links.runbook,
          dashboard: links.dashboard,
          ...hysteresis(rule.resolveAfterMs),
        }, redact),
        condition: { kind: 'metric', metric: rule.metric, comparison: rule.comparison, threshold: rule.threshold, windowMs },
        overProbeSeries: api.url !== undefined,
      };
      const quorum = rule.quorum ?? config.defaults.quorum;
      // Only a quorum someone asked for changes the rule: a config that names none exports as it always did.
      const perVantage = quorum === undefined ? undefined : metricQuery(flavour, api, rule.metric, windowMs, true);
      if (quorum === undefined || perVantage === undefined || api.url === undefined) {
        alerts.push(spec);
        continue;
      }
      const condition = countedCondition(flavour, `${perVantage} ${rule.comparison === 'above' ? '>' : '<'} ${promNumber(threshold)}`);
      // With a quorum of 1 every vantage that sees it is enough: nothing is regional.
      for (const scope of quorum > 1 ? SCOPES : (['global'] as const)) {
        const q: QuorumSpec = { quorum, scope, perVantage: condition };
        const { resolve_after: resolveAfter, ...annotations } = spec.annotations;
        alerts.push({
          ...spec,
          expr: quorumExpr(q),
          // A regional alert follows the vantages at once: held on, it would linger beside the global one it became.
          keepFiringForMs: scope === 'regional' ? 0 : spec.keepFiringForMs,
          labels: { ...spec.labels, [SCOPE_LABEL]: scope },
          annotations: {
            ...annotations,
            ...(scope === 'global' && resolveAfter !== undefined ? { resolve_after: resolveAfter } : {}),
            description: `${spec.annotations.description} ${scopeSentence(quorum, scope)}`,
            vantages: vantagesTemplate(condition),
          },
          quorum: q,
        });
      }
    }
    if (!api.slo) continue;
    if (api.url === undefined) {
      skipped.push(`${api.id}: SLO burn rates need probe series (the API has no url)`);
      continue;
    }
    const budget = 1 - api.slo.objective;
    for (const pair of BURN_RATE_PAIRS) {
      const errorRatio = pair.burnRate * budget;
      const long = errorRatioQuery(flavour, api, pair.longMs)!;
      const short = errorRatioQuery(flavour, api, pair.shortMs)!;
      const spent = promNumber(((pair.burnRate * pair.longMs) / api.slo.periodMs) * 100);
      alerts.push({
        api,
        alert: pair.rule,
        expr: `(${long} > ${promNumber(errorRatio)}) and (${short} > ${promNumber(errorRatio)})`,
        forMs: 0,
        keepFiringForMs: SLO_RESOLVE_AFTER_MS,
        labels: labels(pair.rule, pair.severity),
        annotations: redactValue({
          summary: alertSummary(api.name, burnRatePairSpec(pair)),
          description:
            `The error ratio of ${api.name} (${api.id}, team ${teamLabel(api.owner)}) over ${promDuration(pair.longMs)} and ` +
            `${promDuration(pair.shortMs)} is above ${pair.burnRate}x the budget of its ${promNumber(api.slo.objective * 100)}% SLO; ` +
            `at this rate ${spent}% of the ${promDuration(api.slo.periodMs)} budget goes in ${promDuration(pair.longMs)}.`,
          ...links,
          ...hysteresis(SLO_RESOLVE_AFTER_MS),
        }, redact),
        condition: { kind: 'slo', errorRatio, longMs: pair.longMs, shortMs: pair.shortMs },
        overProbeSeries: true,
      });
    }
  }
  const quorumUsed = alerts.some((a) => a.quorum !== undefined);
  return { alerts, skipped, options, deadman: deadmanRules(config, flavour), ...(quorumUsed ? { vantageDeadman: vantageDeadman(flavour) } : {}) };
}

/** The rule file: one group per API, so each API's alerts are evaluated and listed together. */
export function renderPrometheusRules(exported: RuleExport, flavour: MetricFlavour): string {
  const groups = new Map<string, object[]>();
  for (const a of exported.alerts) {
    const rules = groups.get(a.api.id) ?? [];
    groups.set(a.api.id, rules);
    rules.push({
      alert: a.alert,
      expr: a.expr,
      ...(a.forMs > 0 ? { for: promDuration(a.forMs) } : {}),
      ...(exported.options.keepFiringFor && a.keepFiringForMs > 0 ? { keep_firing_for: promDuration(a.keepFiringForMs) } : {}),
      labels: a.labels,
      annotations: a.annotations,
    });
  }
  const header = [
    `Generated by api-health export prometheus-rules --metrics ${flavour}; regenerate rather than edit.`,
    ...(flavour === 'blackbox' ? [BLACKBOX_TARGET_LABEL] : []),
    ...exported.skipped.map((s) => `not exported: ${s}`),
  ];
  const deadman = [...exported.deadman, ...(exported.vantageDeadman ? [exported.vantageDeadman] : [])].map((d) => ({
    alert: d.alert,
    expr: d.expr,
    for: promDuration(d.forMs),
    labels: d.labels,
    annotations: d.annotations,
  }));
  const named = [...groups].map(([api, rules]) => ({ name: `api-health:${api}`, rules }));
  const body = stringify({ groups: [...named, ...(deadman.length > 0 ? [{ name: 'api-health:deadman', rules: deadman }] : [])] }, { lineWidth: 0 });
  return `${header.map((line) => `# ${line}`).join('\n')}\n${body}`;
}
