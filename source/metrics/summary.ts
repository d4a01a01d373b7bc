import type { Certificate, Outcome, Throttle } from '../core/probe-sample.js';
import type { MetricName } from '../core/rules.js';

export interface RecentError {
  at: number;
  outcome: Outcome;
  status?: number | undefined;
  message?: string | undefined;
}

/** A figure read from a source (Prometheus) rather than measured by our probes: where it came from and how old it is. */
export interface SourcedFigure {
  /** The source's id in the config (`sources:`). */
  source: string;
  /** When the source last answered it; undefined when it never has, or said it has no data. */
  at?: number | undefined;
  /** The last answer once it is too old to drive rules and health (the figure itself is then no data): shown with its age. */
  staleValue?: number | undefined;
}

/**
 * What one API's rolling window says: the figures the rules, the store and the reports read. A rate that is
 * undefined is no data (no samples, or a source that answered nothing), never 0% or 100%.
 */
export interface MetricSummary {
  samples: number;
  latency: { p50?: number | undefined; p95?: number | undefined; p99?: number | undefined };
  /** 5xx responses / all attempts, 0..1. */
  errorRate5xx: number | undefined;
  /** Any failure / all attempts, 0..1. */
  errorRate: number | undefined;
  availability: number | undefined;
  lastStatus?: number | undefined;
  lastOutcome?: Outcome | undefined;
  /** The class of the most recent failure still in the window. */
  lastError?: Outcome | undefined;
  lastErrorMessage?: string | undefined;
  lastSampleAt?: number | undefined;
  /** Medians over the window; connect and TLS only over probes that opened a connection. */
  phases: { connectMs?: number | undefined; tlsMs?: number | undefined; ttfbMs?: number | undefined; totalMs?: number | undefined };
  /** Counts by HTTP status ("200") or, for transport failures, by outcome ("timeout"). */
  statusCounts: Record<string, number>;
  recentErrors: RecentError[];
  /** Latency per probe, oldest first, for the sparkline; NaN marks a failed probe. */
  history: number[];
  /** When each point of `history` was measured (epoch ms); absent where a source gives values alone. */
  historyAt?: number[] | undefined;
  /**
   * Warm start: the figures the stored history gives over the rules' window, shown (never judged by the
   * rules) until this run has samples of its own.
   */
  stored?: StoredFigures | undefined;
  /** Set while the API backs us off with 429 (its latest sample was a 429 or a turn skipped for one). */
  throttled?: Throttle | undefined;
  /** The figures a source supplies, by metric (absent for a probe-only API); every other figure is our probes'. */
  sourced?: Partial<Record<MetricName, SourcedFigure>> | undefined;
  /** https only: the last certificate read from the API, and the days it has left (fractional, negative once expired). */
  certificate?: (Certificate & { daysLeft: number }) | undefined;
}

/** Figures over a past period read back from history.db; a rate is undefined when no probe counted. */
export interface StoredFigures {
  probes: number;
  latency: { p50?: number | undefined; p95?: number | undefined };
  errorRate5xx: number | undefined;
  availability: number | undefined;
}

export const EMPTY_SUMMARY: MetricSummary = {
  samples: 0,
  latency: {},
  errorRate5xx: undefined,
  errorRate: undefined,
  availability: undefined,
  phases: {},
  statusCounts: {},
  recentErrors: [],
  history: [],
};

/**
 * The 5xx rate as far as there was an answer to rate: undefined when no probe got an HTTP response at all (DNS,
 * refused, timeouts), where 0% would read as "the server is fine". statusCounts keys are status codes, or the
 * outcome of a probe without one; figures from a source count no probes and are taken as they come.
 */
export function answeredRate5xx(summary: MetricSummary): number | undefined {
  if (summary.samples === 0) return undefined;
  const keys = Object.keys(summary.statusCounts);
  return keys.length === 0 || keys.some((key) => /^\d+$/.test(key)) ? summary.errorRate5xx : undefined;
}
