import type { MetricSummary } from '../metrics/summary.js';
import type { SourceFigures } from './external-figures.js';

const RECENT_ERRORS = 10;

/**
 * One API's summary from a source's figures. Without a probe (no url) the source is the whole story; beside a
 * probe, the probe's summary stays and only the metrics the source queries are taken from it, and a failing
 * source shows as the API's last error (the probe's own figures are still good).
 */
export function mergeFigures(probe: MetricSummary | undefined, figures: SourceFigures): MetricSummary {
  const v = figures.values;
  const recentErrors = [...figures.recentErrors, ...(probe?.recentErrors ?? [])].sort((a, b) => b.at - a.at).slice(0, RECENT_ERRORS);
  const latest = figures.currentError ?? (probe ? undefined : figures.recentErrors[0]);
  if (!probe) {
    const errorRate = v.error_rate ?? (v.availability !== undefined ? 1 - v.availability : 0);
    return {
      samples: figures.samples,
      latency: { p50: v.latency_p50, p95: v.latency_p95, p99: v.latency_p99 },
      errorRate5xx: v.error_rate_5xx ?? 0,
      errorRate,
      availability: v.availability ?? 1 - errorRate,
      lastOutcome: figures.currentError?.outcome ?? (figures.samples > 0 ? 'ok' : undefined),
      lastError: latest?.outcome,
      lastErrorMessage: latest?.message,
      lastSampleAt: figures.lastSampleAt,
      phases: {},
      statusCounts: {},
      recentErrors,
      history: figures.history,
    };
  }
  return {
    ...probe,
    latency: { p50: v.latency_p50 ?? probe.latency.p50, p95: v.latency_p95 ?? probe.latency.p95, p99: v.latency_p99 ?? probe.latency.p99 },
    errorRate5xx: v.error_rate_5xx ?? probe.errorRate5xx,
    errorRate: v.error_rate ?? probe.errorRate,
    availability: v.availability ?? probe.availability,
    lastError: latest?.outcome ?? probe.lastError,
    lastErrorMessage: latest?.message ?? probe.lastErrorMessage,
    recentErrors,
  };
}
