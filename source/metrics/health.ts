import type { ApiConfig } from '../config/types.js';
import type { MetricSummary } from './summary.js';

export type Health = 'unknown' | 'healthy' | 'degraded' | 'failing';

/** Latency above which an API with no `expect.maxLatency` counts as degraded. */
export const DEFAULT_SLOW_MS = 1_000;

/** Failing: most recent probes fail or availability is poor; degraded: slow or some errors in the window. */
export function healthOf(summary: MetricSummary | undefined, api: Pick<ApiConfig, 'expect'>): Health {
  if (!summary || summary.samples === 0) return 'unknown';
  const lastFailed = summary.lastOutcome !== undefined && summary.lastOutcome !== 'ok';
  if (summary.availability < 0.9 || (lastFailed && summary.availability < 0.99)) return 'failing';
  const slow = (summary.latency.p95 ?? 0) > (api.expect.maxLatencyMs ?? DEFAULT_SLOW_MS);
  if (lastFailed || slow || summary.errorRate > 0) return 'degraded';
  return 'healthy';
}

export const HEALTH_RANK: Record<Health, number> = { failing: 0, degraded: 1, unknown: 2, healthy: 3 };
