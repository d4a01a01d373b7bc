import type { Config } from '../config/types.js';
import { humanize, humanizeDuration, humanizePercentage } from './go-humanize.js';
import { configRedactor, redactValue } from '../text/redact.js';
import { renderRuleTests } from './prometheus-rule-tests.js';
import type { AlertSpec, RuleExport } from './prometheus-rules.js';
import { renderPrometheusRules } from './prometheus-rules.js';
import type { MetricFlavour } from './promql.js';
import { teamLabel } from '../core/labels.js';
import { teamVantageDeadman } from './vantage-deadman.js';

/** The Prometheus instances operations/alerts deploys a file to when none is asked for. */
export const DEFAULT_DEPLOY_TAG = 'ops';
export const RULE_FILE = 'api-health.yaml';
export const TEST_FILE = 'api-health_test.yaml';

export interface LayoutFile {
  /** Relative to the repository root, e.g. "team-mwi/api-health.yaml". */
  path: string;
  text: string;
}

/** operations/alerts pages exactly the alerts whose summary carries this tag, and requires it of severity page. */
const PAGE_TAG = '#page';

const HUMANIZE = { humanize, humanizeDuration, humanizePercentage } as const;
const VALUE = /\{\{ \$value \| (humanize|humanizeDuration|humanizePercentage) \}\}/g;

/**
 * How each metric's value reads in a summary, by the Go template function Prometheus renders it with.
 * The SLO pairs' expression yields the long window's error ratio.
 */
function valueTemplate(spec: AlertSpec): string {
  const { condition } = spec;
  if (condition.kind === 'metric' && condition.metric.startsWith('latency')) return '{{ $value | humanizeDuration }}';
  if (condition.kind === 'metric' && condition.metric === 'certificate_days_left') return '{{ $value | humanize }} days left';
  return '{{ $value | humanizePercentage }}';
}

function summary(spec: AlertSpec): string {
  // The API by id, written in: the expressions aggregate their series, so `$labels.api` would render empty.
  const text = `${(spec.annotations.summary ?? '').replaceAll(PAGE_TAG, '').trim()} (${spec.api.id}, now ${valueTemplate(spec)})`;
  return spec.labels.severity === 'page' ? `${text} ${PAGE_TAG}` : text;
}

/** The annotations as Prometheus renders them when the expression's value is `value`. */
function rendered(spec: AlertSpec, value: number): Record<string, string> {
  return Object.fromEntries(Object.entries(spec.annotations).map(([key, text]) => [key, text.replace(VALUE, (_, name: keyof typeof HUMANIZE) => HUMANIZE[name](value))]));
}

/**
 * The alert's annotations as operations/alerts wants them. A runbook or dashboard the rule and its API do not
 * name falls back to `defaults.links`; with neither, the annotation is left out rather than left empty (the
 * repository's CI then names the alert), and the file's header lists it.
 */
function annotate(annotations: Record<string, string>, fallback: Record<string, string>, missing: (key: string) => void): Record<string, string> {
  const out: Record<string, string> = { ...annotations };
  for (const key of ['dashboard', 'runbook']) {
    const value = out[key] || fallback[key];
    if (value) out[key] = value;
    else {
      delete out[key];
      missing(key);
    }
  }
  return out;
}

/**
 * The export split by team into operations/alerts' layout: `team-<team>/api-health.yaml` with the team's
 * alerts (its deadman alert included) and `team-<team>/api-health_test.yaml` with their promtool tests,
 * each opening with the deploy-tag header that picks the Prometheus instances.
 */
export function renderOperationsAlerts(
  config: Pick<Config, 'apis' | 'defaults' | 'secrets' | 'secretVariables'>,
  exported: RuleExport,
  flavour: MetricFlavour,
  deployTag: string = DEFAULT_DEPLOY_TAG,
): LayoutFile[] {
  const fallback = redactValue({ ...config.defaults.links }, configRedactor(config)) as Record<string, string>;
  const teams = new Map<string, RuleExport>();
  const team = (name: string): RuleExport => {
    const found = teams.get(name) ?? { alerts: [], skipped: [], options: exported.options, deadman: [] };
    teams.set(name, found);
    return found;
  };
  // Notes name the API first ("api/rule: ..." or "api: ..."): each goes to the file of the API's team.
  for (const note of exported.skipped) {
    const api = config.apis.find((a) => note.startsWith(`${a.id}/`) || note.startsWith(`${a.id}:`));
    if (api) team(teamLabel(api.owner)).skipped.push(note);
  }
  const missing: Map<string, string[]> = new Map();
  const lack = (name: string, note: string) => missing.set(name, [...(missing.get(name) ?? []), note]);
  for (const spec of exported.alerts) {
    const part = team(spec.labels.team!);
    const note = (key: string) => lack(spec.labels.team!, `${spec.api.id}/${spec.alert} has no ${key}: set the API's or defaults.links`);
    part.alerts.push({ ...spec, annotations: annotate({ ...spec.annotations, summary: summary(spec) }, fallback, note) });
  }
  for (const deadman of exported.deadman) {
    const part = team(deadman.team);
    const note = (key: string) => lack(deadman.team, `${deadman.alert} has no ${key}: set defaults.links`);
    part.deadman.push({ ...deadman, annotations: annotate(deadman.annotations, fallback, note) });
  }
  if (exported.vantageDeadman) {
    for (const [name, part] of teams) {
      const deadman = teamVantageDeadman(exported.vantageDeadman, name);
      const note = (key: string) => lack(name, `${deadman.alert} has no ${key}: set defaults.links`);
      part.vantageDeadman = { ...deadman, annotations: annotate(deadman.annotations, fallback, note) };
    }
  }
  const header = (name: string) => [`# deploy-tag: ${deployTag}`, ...(missing.get(name) ?? []).map((line) => `# ${line}`)].join('\n') + '\n';
  return [...teams].flatMap(([name, part]) => [
    { path: `team-${name}/${RULE_FILE}`, text: header(name) + renderPrometheusRules(part, flavour) },
    { path: `team-${name}/${TEST_FILE}`, text: `# deploy-tag: ${deployTag}\n` + renderRuleTests(part, flavour, RULE_FILE, rendered) },
  ]);
}
