import type { ApiConfig, Config } from '../config/types.js';
import { METRIC } from '../core/metric-names.js';
import { teamLabel } from '../core/labels.js';
import { promDuration, type MetricFlavour } from './promql.js';

/** The alert a dead, unscraped or stalled monitor raises: without it, no series means no alert, which reads as healthy. */
export const DEADMAN_ALERT = 'ApiHealthProbesAbsent';

/** Long enough for a restart and a missed scrape or two, short enough that a dead monitor is noticed before an outage is. */
const DEADMAN_FOR_MS = 120_000;
/** Counting no probe for this long (or three of the team's longest intervals) is a stalled monitor. */
const STALL_WINDOW_MS = 300_000;

export interface DeadmanSpec {
  team: string;
  alert: string;
  expr: string;
  forMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * One deadman alert per team whose APIs we probe, labelled with that team so the exported routing tree brings
 * it to them: their probe series are absent (the monitor or blackbox_exporter is down or not scraped), or,
 * over api-health's own series, present but no longer counting (the monitor is stalled).
 */
export function deadmanRules(config: Pick<Config, 'apis'>, flavour: MetricFlavour): DeadmanSpec[] {
  const byTeam = new Map<string, ApiConfig[]>();
  for (const api of config.apis) {
    if (api.url === undefined) continue;
    const team = teamLabel(api.owner);
    byTeam.set(team, [...(byTeam.get(team) ?? []), api]);
  }
  return [...byTeam].map(([team, apis]) => {
    const stall = promDuration(Math.max(STALL_WINDOW_MS, 3 * Math.max(...apis.map((api) => api.intervalMs))));
    const series = `${METRIC.probes}{team=${JSON.stringify(team)}}`;
    const expr =
      flavour === 'apihealth'
        ? `absent(${series}) or sum(increase(${series}[${stall}])) == 0`
        : `absent(probe_success{api=~${JSON.stringify(apis.map((api) => escapeRegex(api.id)).join('|'))}})`;
    const watcher = flavour === 'apihealth' ? 'api-health' : 'blackbox_exporter';
    return {
      team,
      alert: DEADMAN_ALERT,
      expr,
      forMs: DEADMAN_FOR_MS,
      labels: { severity: 'critical', team },
      annotations: {
        summary: `No ${watcher} probe figures for team ${team}: its APIs cannot alert`,
        description:
          `Prometheus has had no ${watcher} probe series for the ${apis.length} API(s) of team ${team}` +
          `${flavour === 'apihealth' ? `, or counted no probe of them in ${stall},` : ''} for ${promDuration(DEADMAN_FOR_MS)}: ` +
          `the prober is down, not scraped or stalled, so their alerts cannot fire however the APIs are doing.`,
      },
    };
  });
}

/** One `promtool test rules` case: with no series at all, every team's deadman alert fires (promtool compares them all at once). */
export function deadmanTests(specs: readonly DeadmanSpec[], evaluationMs: number): object[] {
  if (specs.length === 0) return [];
  // The first evaluation after `for` has passed: promtool evaluates only every evaluationMs.
  const evalMs = Math.ceil((Math.max(...specs.map((spec) => spec.forMs)) + 1) / evaluationMs) * evaluationMs;
  return [
    {
      name: `${DEADMAN_ALERT} fires for every team when no probe series exist`,
      interval: '1m',
      input_series: [],
      alert_rule_test: [
        {
          eval_time: promDuration(evalMs),
          alertname: DEADMAN_ALERT,
          exp_alerts: specs.map((spec) => ({ exp_labels: spec.labels, exp_annotations: spec.annotations })),
        },
      ],
    },
  ];
}
