import type { Certificate, Outcome, Throttle } from '../core/probe-sample.js';

export interface RecentError {
  at: number;
  outcome: Outcome;
  status?: number | undefined;
  message?: string | undefined;
}

/** What one API's rolling window says: the figures the rules, the store and the reports read. */
export interface MetricSummary {
  samples: number;
  latency: { p50?: number | undefined; p95?: number | undefined; p99?: number | undefined };
  /** 5xx responses / all attempts, 0..1. */
  errorRate5xx: number;
  /** Any failure / all attempts, 0..1. */
  errorRate: number;
  availability: number;
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
  /** Set while the API backs us off with 429 (its latest sample was a 429 or a turn skipped for one). */
  throttled?: Throttle | undefined;
  /** https only: the last certificate read from the API, and the days it has left (fractional, negative once expired). */
  certificate?: (Certificate & { daysLeft: number }) | undefined;
}

export const EMPTY_SUMMARY: MetricSummary = {
  samples: 0,
  latency: {},
  errorRate5xx: 0,
  errorRate: 0,
  availability: 1,
  phases: {},
  statusCounts: {},
  recentErrors: [],
  history: [],
};
