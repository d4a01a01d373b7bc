import type { MetricSummary } from '../metrics/summary.js';
import type { SourceFigures } from './external-figures.js';
import type { MetricName } from '../core/rules.js';

const RECENT_ERRORS = 10;

/**
 * One API's summary from a source's figures. Without a probe (no url) the source is the whole story; beside a
 * probe, the probe's summary stays and the metrics the source queries are taken from it alone (no data there
 * is no data, not the probe's figure under the source's name), and a failing source shows as the API's last
 * error (the probe's own figures are still good). `sourced` says which figures came from where.
 */
export function mergeFigures(probe: MetricSummary | undefined, figures: SourceFigures): MetricSummary {
  const v = figures.values;
  const recentErrors = [...figures.recentErrors, ...(probe?.recentErrors ?? [])].sort((a, b) => b.at - a.at).slice(0, RECENT_ERRORS);
  const latest = figures.currentError ?? (probe ? undefined : figures.recentErrors[0]);
  const pick = <T>(metric: MetricName, own: T | undefined): number | T | undefined => (metric in figures.sourced ? v[metric] : own);
  if (!probe) {
    // Availability and the error rate are complements: either one read from the source gives the other.
    const sourced = { ...figures.sourced };
    if (!sourced.availability && sourced.error_rate) sourced.availability = sourced.error_rate;
    if (!sourced.error_rate && sourced.availability) sourced.error_rate = sourced.availability;
    return {
      samples: figures.samples,
      latency: { p50: v.latency_p50, p95: v.latency_p95, p99: v.latency_p99 },
      errorRate5xx: v.error_rate_5xx,
      errorRate: v.error_rate ?? complement(v.availability),
      availability: v.availability ?? complement(v.error_rate),
      lastOutcome: figures.currentError?.outcome ?? (figures.samples > 0 ? 'ok' : undefined),
      lastError: latest?.outcome,
      lastErrorMessage: latest?.message,
      lastSampleAt: figures.lastSampleAt,
      phases: {},
      statusCounts: {},
      recentErrors,
      history: figures.history,
      historyAt: figures.historyAt,
      sourced,
    };
  }
  return {
    ...probe,
    latency: { p50: pick('latency_p50', probe.latency.p50), p95: pick('latency_p95', probe.latency.p95), p99: pick('latency_p99', probe.latency.p99) },
    errorRate5xx: pick('error_rate_5xx', probe.errorRate5xx),
    errorRate: pick('error_rate', probe.errorRate),
    availability: pick('availability', probe.availability),
    lastError: latest?.outcome ?? probe.lastError,
    lastErrorMessage: latest?.message ?? probe.lastErrorMessage,
    recentErrors,
    sourced: figures.sourced,
  };
}

function complement(value: number | undefined): number | undefined {
  return value === undefined ? undefined : 1 - value;
}
