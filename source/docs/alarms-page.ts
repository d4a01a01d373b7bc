import { formatDuration } from '../config/duration.js';
import type { ApiConfig, Config, Rule } from '../config/types.js';
import type { Block, Inline } from './markup.js';
import type { Page } from './page.js';

const METRIC: Record<Rule['metric'], string> = {
  latency_p50: 'latency p50',
  latency_p95: 'latency p95',
  latency_p99: 'latency p99',
  error_rate_5xx: '5xx rate',
  error_rate: 'error rate',
  availability: 'availability',
};

/** Multiwindow, multi-burn-rate alerting as in the Google SRE workbook: both windows must burn. */
export const BURN_RATE_WINDOWS = [
  { severity: 'page', long: '1h', short: '5m', burnRate: 14.4, budget: '2%' },
  { severity: 'page', long: '6h', short: '30m', burnRate: 6, budget: '5%' },
  { severity: 'warning', long: '3d', short: '6h', burnRate: 1, budget: '10%' },
] as const;

const pct = (fraction: number): string => `${Number((fraction * 100).toFixed(3))}%`;

export function condition(rule: Rule): string {
  const value = rule.metric.startsWith('latency') ? formatDuration(rule.threshold) : pct(rule.threshold);
  return `${METRIC[rule.metric]} ${rule.comparison} ${value}`;
}

function ruleRow(api: ApiConfig, rule: Rule, fleet: Rule | undefined): Inline[][] {
  const changed = fleet !== undefined && (condition(fleet) !== condition(rule) || fleet.severity !== rule.severity || fleet.forMs !== rule.forMs);
  const note = fleet === undefined ? 'this API only' : changed ? 'overridden for this API' : '';
  const why = rule.description !== fleet?.description ? (rule.description ?? '') : '';
  return [[api.name], [{ code: rule.name }], [condition(rule)], [formatDuration(rule.forMs)], [rule.severity], [[note, why].filter(Boolean).join(': ')]];
}

export function alarmsPage(config: Config): Page {
  const byName = new Map(config.rules.map((r) => [r.name, r]));
  const families = [...new Set(config.apis.map((a) => a.family))].sort((a, b) => a.localeCompare(b));
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: 'Alarms' },
    {
      kind: 'paragraph',
      content: [
        'A rule fires when its condition holds for its whole "for" time over the rolling window, with at least its minimum number of samples; it resolves when the condition has been clear as long again.',
      ],
    },
    { kind: 'heading', level: 2, text: 'Rules' },
    config.rules.length === 0
      ? { kind: 'paragraph', content: ['No rules are configured.'] }
      : {
          kind: 'table',
          header: ['Rule', 'Condition', 'For', 'Severity', 'Min samples', 'Rationale', 'Runbook'],
          rows: config.rules.map((rule) => [
            [{ code: rule.name }],
            [condition(rule)],
            [formatDuration(rule.forMs)],
            [rule.severity],
            [String(rule.minSamples)],
            [rule.description ?? ''],
            rule.runbook ? [{ link: rule.runbook, text: 'runbook' }] : [],
          ]),
        },
    { kind: 'heading', level: 2, text: 'Error budget (SLO) alarms' },
    config.slo
      ? {
          kind: 'paragraph',
          content: [
            `Objective ${pct(config.slo.objective)} over ${formatDuration(config.slo.periodMs)} unless an API says otherwise, with at least ${config.slo.minSamples} samples in a window. An SLO alarm fires only when both windows burn the budget faster than the rate below.`,
          ],
        }
      : { kind: 'paragraph', content: ['No fleet-wide objective; only APIs that set their own have SLO alarms.'] },
    {
      kind: 'table',
      header: ['Severity', 'Long window', 'Short window', 'Burn rate', 'Budget spent'],
      rows: BURN_RATE_WINDOWS.map((w) => [[w.severity], [w.long], [w.short], [String(w.burnRate)], [w.budget]]),
    },
  ];
  for (const family of families) {
    const apis = config.apis.filter((a) => a.family === family).sort((a, b) => a.name.localeCompare(b.name));
    blocks.push(
      { kind: 'heading', level: 2, text: family },
      {
        kind: 'table',
        header: ['API', 'Rule', 'Condition', 'For', 'Severity', 'Note'],
        rows: apis.flatMap((api) => api.rules.map((rule) => ruleRow(api, rule, byName.get(rule.name)))),
      },
      {
        kind: 'list',
        items: apis.map((api) => [
          { bold: api.name },
          `: ${api.slo ? `SLO ${pct(api.slo.objective)} over ${formatDuration(api.slo.periodMs)}` : 'no SLO'}; probed every ${formatDuration(api.intervalMs)}`,
          ...(api.runbook ? [' - ', { link: api.runbook, text: 'runbook' }] : []),
          ...(api.dashboard ? [' - ', { link: api.dashboard, text: 'dashboard' }] : []),
        ]),
      },
    );
  }
  return { name: 'alarms', title: 'Alarms', blocks };
}
