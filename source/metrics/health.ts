import type { ApiConfig, Rule } from '../config/types.js';
import type { MetricSummary } from './summary.js';

export type Health = 'unknown' | 'healthy' | 'degraded' | 'failing';

/** Latency above which an API with no `expect.maxLatency` counts as degraded. */
export const DEFAULT_SLOW_MS = 1_000;

/** Availability under which an API with enough samples counts as failing. */
export const FAILING_AVAILABILITY = 0.9;

/**
 * Failing: availability over the window is poor, judged only once there are as many samples as the API's
 * rules need (so a row never reads failing while every rule still says too few samples); degraded: slow or
 * some errors in the window. The window, not the latest probe, decides: one failed probe among successes
 * degrades a row for as long as it stays in the window and never flips it to failing and back. The same
 * whether our probes or a source supplied the figures; with no figure at all, or fewer good samples than the
 * rules need, unknown.
 */
export function healthOf(summary: MetricSummary | undefined, api: Pick<ApiConfig, 'expect'> & Partial<Pick<ApiConfig, 'rules'>>): Health {
  if (!summary || summary.samples === 0) return 'unknown';
  const available = availableShare(summary);
  const p95 = summary.latency.p95;
  if (available === undefined && p95 === undefined) return 'unknown';
  const lastFailed = summary.lastOutcome !== undefined && summary.lastOutcome !== 'ok';
  const judged = summary.samples >= minSamplesOf(api.rules ?? []);
  if (judged && available !== undefined && available < FAILING_AVAILABILITY) return 'failing';
  const slow = (p95 ?? 0) > (api.expect.maxLatencyMs ?? DEFAULT_SLOW_MS);
  if (lastFailed || slow || (available ?? 1) < 1) return 'degraded';
  // A few good probes are not yet a verdict: the row says "no data yet" until the rules can judge it.
  return judged ? 'healthy' : 'unknown';
}

/** The fewest samples any of the API's rules judges on (each rule carries `defaults.minSamples` unless it sets its own). */
function minSamplesOf(rules: readonly Pick<Rule, 'minSamples'>[]): number {
  let least = Infinity;
  for (const rule of rules) if (rule.minSamples < least) least = rule.minSamples;
  return least === Infinity ? 1 : least;
}

/**
 * The share of requests served, as far as the figures tell: the worst of availability, 1 - the error rate and
 * 1 - the 5xx rate (a source may supply only one of them; our probes' agree with each other).
 */
function availableShare(summary: MetricSummary): number | undefined {
  const { errorRate, errorRate5xx, availability } = summary;
  // Asked for every API at every flush: no arrays in between.
  return lowest(lowest(availability, errorRate === undefined ? undefined : 1 - errorRate), errorRate5xx === undefined ? undefined : 1 - errorRate5xx);
}

/** The smaller of two figures, either of which may be unknown. */
function lowest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

export const HEALTH_RANK: Record<Health, number> = { failing: 0, degraded: 1, unknown: 2, healthy: 3 };
