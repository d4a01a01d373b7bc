import { METRIC } from '../core/metric-names.js';
import { promDuration, VANTAGE_LABEL, type MetricFlavour } from './promql.js';
import { SCOPE_LABEL } from './quorum-rules.js';

/** The alert of a vantage whose monitor stopped being scraped. */
export const VANTAGE_DEADMAN_ALERT = 'ApiHealthVantageAbsent';

/** How far back a vantage is remembered: a monitor gone for longer is taken as retired, not dead. */
const REMEMBERED = '1h';
/** As the team deadman: a restart and a missed scrape or two pass without an alert. */
export const VANTAGE_DEADMAN_FOR_MS = 120_000;

export interface VantageDeadman {
  alert: string;
  expr: string;
  forMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * One alert per vantage that reported within the last hour and reports no more: its series went stale, so it
 * counts neither for nor against any quorum, and the others decide. Labelled regional, as it concerns the prober,
 * not an API, so the exported routing brings it to the prober's people rather than paging API owners.
 */
export function vantageDeadman(flavour: MetricFlavour): VantageDeadman {
  const series = deadmanSeries(flavour);
  const by = `max by (${VANTAGE_LABEL})`;
  return {
    alert: VANTAGE_DEADMAN_ALERT,
    expr: `${by} (max_over_time(${series}[${REMEMBERED}])) unless on (${VANTAGE_LABEL}) ${by} (${series})`,
    forMs: VANTAGE_DEADMAN_FOR_MS,
    labels: { severity: 'critical', [SCOPE_LABEL]: 'regional' },
    annotations: {
      summary: 'api-health vantage {{ $labels.vantage }} reports no more',
      description:
        `Prometheus has had no ${series} series from vantage {{ $labels.vantage }} for ${promDuration(VANTAGE_DEADMAN_FOR_MS)}, after seeing it in the last ${REMEMBERED}: ` +
        'its monitor is down or not scraped. Quorum alerts count the vantages that still report.',
    },
  };
}

function deadmanSeries(flavour: MetricFlavour): string {
  return flavour === 'apihealth' ? METRIC.buildInfo : 'probe_success';
}

/**
 * The vantage deadman for one team's file of a layout split by team (operations/alerts wants a team on every
 * alert): the same alert, labelled with the team, whose quorum alerts lose the vantage.
 */
export function teamVantageDeadman(deadman: VantageDeadman, team: string): VantageDeadman {
  return {
    ...deadman,
    labels: { ...deadman.labels, team },
    annotations: { ...deadman.annotations, description: `${deadman.annotations.description} Team ${team}'s quorum alerts are among them.` },
  };
}

/** How far into a test the stopped vantage's series go stale. */
const STOPS_AT_MIN = 5;

/**
 * `promtool test rules` cases: a vantage whose series stop raises the alert once its `for` has passed, labelled
 * with that vantage, and no alert while it still reports; a second vantage that goes on reporting never does.
 */
export function vantageDeadmanTests(deadman: VantageDeadman, flavour: MetricFlavour, evaluationMs: number): object[] {
  const series = (vantage: string, values: string) => ({ series: `${deadmanSeries(flavour)}{${VANTAGE_LABEL}="${vantage}"}`, values });
  const firingMs = STOPS_AT_MIN * 60_000 + (Math.ceil((deadman.forMs + 1) / evaluationMs) + 1) * evaluationMs;
  const annotations = Object.fromEntries(Object.entries(deadman.annotations).map(([key, text]) => [key, text.replaceAll('{{ $labels.vantage }}', 'stopped')]));
  return [
    {
      name: `${deadman.alert} fires for a vantage that stops reporting, and for no other`,
      interval: '1m',
      input_series: [series('stopped', `1x${STOPS_AT_MIN - 1} stale`), series('running', `1x${firingMs / 60_000 + 1}`)],
      alert_rule_test: [
        { eval_time: `${STOPS_AT_MIN - 1}m`, alertname: deadman.alert, exp_alerts: [] },
        {
          eval_time: promDuration(firingMs),
          alertname: deadman.alert,
          exp_alerts: [{ exp_labels: { ...deadman.labels, [VANTAGE_LABEL]: 'stopped' }, exp_annotations: annotations }],
        },
      ],
    },
  ];
}
