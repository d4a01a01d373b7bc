import { formatDuration } from '../core/duration.js';
import { BURN_RATE_PAIRS, SLO_RESOLVE_AFTER_MS } from '../alerts/burn-rate.js';
import { formatThreshold, metricLabel } from '../alerts/metric-format.js';
import { MIN_SAMPLES_FLOOR } from '../alerts/rule-observation.js';
import type { ApiConfig, Config, MaintenanceMatch, MaintenanceWindow, Rule, Slo } from '../config/types.js';
import type { Block, Inline } from '../text/markup.js';
import { page, type Page } from './page.js';
import { quorumBlocks } from './vantage-blocks.js';

const pct = (fraction: number): string => `${Number((fraction * 100).toFixed(3))}%`;

export function condition(rule: Rule): string {
  return `${metricLabel(rule.metric)} ${rule.comparison} ${formatThreshold(rule.metric, rule.threshold)}`;
}

function ruleRow(api: ApiConfig, rule: Rule, fleet: Rule | undefined): Inline[][] {
  const changed = fleet !== undefined && (condition(fleet) !== condition(rule) || fleet.severity !== rule.severity || fleet.forMs !== rule.forMs);
  const note = fleet === undefined ? 'this API only' : changed ? 'overridden for this API' : '';
  const why = rule.description !== fleet?.description ? (rule.description ?? '') : '';
  return [[api.name], [{ code: rule.name }], [condition(rule)], [formatDuration(rule.forMs)], [rule.severity], [[note, why].filter(Boolean).join(': ')]];
}

/**
 * The engine's own burn-rate pairs, so the page cannot promise other windows than the alarms use. The share
 * of the budget a pair lets go before it fires depends on the period, so it is given for the fleet's SLO.
 */
function burnRateTable(slo: Slo | undefined): Block {
  return {
    kind: 'table',
    header: ['Alarm', 'Severity', 'Long window', 'Short window', 'Burn rate', ...(slo ? [`Budget spent (of ${formatDuration(slo.periodMs)})`] : [])],
    rows: BURN_RATE_PAIRS.map((pair) => [
      [{ code: pair.rule }],
      [pair.severity],
      [formatDuration(pair.longMs)],
      [formatDuration(pair.shortMs)],
      [`${pair.burnRate}x`],
      ...(slo ? [[pct((pair.burnRate * pair.longMs) / slo.periodMs)]] : []),
    ]),
  };
}

function sloParagraph(slo: Slo | undefined): Block {
  const rule = `An SLO alarm fires only when both windows of a pair burn the budget faster than the pair's rate, and resolves once they have stayed below it for ${formatDuration(SLO_RESOLVE_AFTER_MS)}.`;
  const text = slo
    ? `Objective ${pct(slo.objective)} over ${formatDuration(slo.periodMs)} unless an API says otherwise; each window needs at least ${Math.max(slo.minSamples, MIN_SAMPLES_FLOOR)} samples. ${rule}`
    : `No fleet-wide objective; only APIs that set their own have SLO alarms, each window needing the objective's minimum number of samples (never fewer than ${MIN_SAMPLES_FLOOR}). ${rule}`;
  return { kind: 'paragraph', content: [text] };
}

function scheduleText(window: MaintenanceWindow): string {
  if (window.schedule.kind === 'once') return `once, from ${new Date(window.schedule.start).toISOString().replace('.000Z', 'Z')} for ${formatDuration(window.durationMs)}`;
  return `${window.schedule.rrule} (${window.schedule.timezone}) for ${formatDuration(window.durationMs)}`;
}

function matchText(match: MaintenanceMatch): string {
  return (['family', 'team', 'api', 'rule'] as const).flatMap((key) => (match[key] ? [`${key} ${match[key]!.join(' or ')}`] : [])).join(', ');
}

/** The config's windows and what they mean for alarms; windows started with `maintenance start` come and go, so only the command is named. */
function maintenanceBlocks(config: Config): Block[] {
  const meaning: Inline[] = [
    "Inside a window, alarms are shown as MAINTENANCE but send nothing, start no SLA clock and stay out of SLO burn rates, the report and SLA compliance; an alarm still firing when its window ends notifies then. Every key of a window's match must hold. Deploy scripts open ad-hoc windows with ",
    { code: 'api-health maintenance start --api ID|--team ID|--family NAME --for 30m --reason TEXT' },
    ' (see ',
    { code: 'api-health maintenance list' },
    ').',
  ];
  return [
    { kind: 'heading', level: 2, text: 'Maintenance windows' },
    { kind: 'paragraph', content: meaning },
    config.maintenance.length === 0
      ? { kind: 'paragraph', content: ['No maintenance windows are configured.'] }
      : {
          kind: 'table',
          header: ['Window', 'Covers', 'When', 'Reason'],
          rows: config.maintenance.map((w) => [[w.name], [matchText(w.match)], [scheduleText(w)], [w.reason ?? '']]),
        },
  ];
}

function dependencyBlocks(config: Config): Block[] {
  const dependants = config.apis.filter((api) => api.dependsOn.length > 0);
  const nameOf = new Map(config.apis.map((api) => [api.id, api.name]));
  return [
    { kind: 'heading', level: 2, text: 'Dependencies' },
    {
      kind: 'paragraph',
      content: [
        "While an API another depends on has an open alarm, the dependant's alarms are shown as suppressed and not notified; the failing API's alarm says how many it suppresses. A dependant still failing when its dependency recovers notifies then. The exported Alertmanager config carries each dependency as an inhibit rule.",
      ],
    },
    dependants.length === 0
      ? { kind: 'paragraph', content: ['No API declares dependsOn.'] }
      : { kind: 'table', header: ['API', 'Depends on'], rows: dependants.map((api) => [[api.name], [api.dependsOn.map((id) => nameOf.get(id) ?? id).join(', ')]]) },
  ];
}

/** "; checks: status 200, header content-type /^application\/json/, $.pages at least 1 item": what a probe must prove. */
function checksText(api: ApiConfig): string {
  const { expect } = api;
  const checks = [
    ...(expect.status ? [`status ${expect.status.join('/')}`] : []),
    ...(expect.bodyContains !== undefined ? [`body contains ${expect.bodyContains}`] : []),
    ...(expect.headers ?? []).map((h) => `header ${h.name} ${h.value.pattern ? h.value.text : JSON.stringify(h.value.text)}`),
    ...(expect.json ?? []).map((j) => {
      if (j.equals) return `${j.path} = ${JSON.stringify(j.equals.value)}`;
      if (j.matches) return `${j.path} matches /${j.matches.pattern?.source ?? j.matches.text}/`;
      if (j.minItems !== undefined) return `${j.path} at least ${j.minItems} item${j.minItems === 1 ? '' : 's'}`;
      return `${j.path} ${j.exists === false ? 'absent' : 'present'}`;
    }),
    ...(expect.schema ? [`JSON Schema ${expect.schema.source}`] : []),
    ...(expect.certificate ? [`certificate valid ${formatDuration(expect.certificate.minValidityMs)} or more`] : []),
  ];
  return checks.length === 0 ? '' : `; checks: ${checks.join(', ')}`;
}

export function alarmsPage(config: Config): Page {
  const byName = new Map(config.rules.map((r) => [r.name, r]));
  const families = [...new Set(config.apis.map((a) => a.family))].sort((a, b) => a.localeCompare(b));
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Rules' },
    config.rules.length === 0
      ? { kind: 'paragraph', content: ['No rules are configured.'] }
      : {
          kind: 'table',
          header: ['Rule', 'Condition', 'For', 'Resolve after', 'Severity', 'Min samples', 'Rationale', 'Runbook'],
          rows: config.rules.map((rule) => [
            [{ code: rule.name }],
            [condition(rule)],
            [formatDuration(rule.forMs)],
            [formatDuration(rule.resolveAfterMs)],
            [rule.severity],
            [String(rule.minSamples)],
            [rule.description ?? ''],
            rule.runbook ? [{ link: rule.runbook, text: 'runbook' }] : [],
          ]),
        },
    { kind: 'heading', level: 2, text: 'Error budget (SLO) alarms' },
    sloParagraph(config.slo),
    burnRateTable(config.slo),
    ...quorumBlocks(config),
    ...maintenanceBlocks(config),
    ...dependencyBlocks(config),
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
          `: ${api.slo ? `SLO ${pct(api.slo.objective)} over ${formatDuration(api.slo.periodMs)}` : 'no SLO'}; probed every ${formatDuration(api.intervalMs)}${checksText(api)}`,
          ...(api.runbook ? [' - ', { link: api.runbook, text: 'runbook' }] : []),
          ...(api.dashboard ? [' - ', { link: api.dashboard, text: 'dashboard' }] : []),
        ]),
      },
    );
  }
  return page(
    'alarms',
    'Alarms',
    ['A rule fires when its condition holds for its whole "for" time over the rolling window, with at least its minimum number of samples; it resolves once the condition has been clear for its resolve-after time (its for time unless the rule sets resolveAfter).'],
    blocks,
  );
}
