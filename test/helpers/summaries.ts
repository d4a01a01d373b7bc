import type { MetricSummary } from '../../source/metrics/summary.js';

/** A MetricSummary as the engine would produce it, with only the figures a test cares about changed. */
export function summary(patch: Partial<MetricSummary> = {}): MetricSummary {
  return {
    samples: 10,
    latency: { p50: 40, p95: 80, p99: 95 },
    errorRate5xx: 0,
    errorRate: 0,
    availability: 1,
    lastStatus: 200,
    lastOutcome: 'ok',
    phases: { connectMs: 1.2, ttfbMs: 30, totalMs: 40 },
    statusCounts: { '200': 10 },
    recentErrors: [],
    history: [30, 40, 50, 60, 40, 30, 45, 80, 35, 40],
    ...patch,
  };
}

export const healthy = (patch: Partial<MetricSummary> = {}): MetricSummary => summary(patch);

export const failing = (patch: Partial<MetricSummary> = {}): MetricSummary =>
  summary({
    errorRate5xx: 0.5,
    errorRate: 0.5,
    availability: 0.5,
    lastStatus: 503,
    lastOutcome: 'http_5xx',
    lastError: 'http_5xx',
    lastErrorMessage: 'HTTP 503',
    statusCounts: { '200': 5, '503': 5 },
    ...patch,
  });

export const slow = (patch: Partial<MetricSummary> = {}): MetricSummary => summary({ latency: { p50: 900, p95: 1_500, p99: 2_000 }, ...patch });
