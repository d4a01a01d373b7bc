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
  const series = flavour === 'apihealth' ? METRIC.buildInfo : 'probe_success';
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
