/** Every way a probe can end; everything but "ok" counts as a failure. */
export const OUTCOMES = [
  'ok',
  'unexpected_status',
  'http_5xx',
  'timeout',
  'connection_refused',
  'dns',
  'tls',
  'reset',
  'body_too_large',
  'expectation_failed',
  'error',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One probe's result, as the metric windows keep it. */
export interface ProbeSample {
  apiId: string;
  /** When the probe started (epoch ms). */
  at: number;
  outcome: Outcome;
  status?: number | undefined;
  /** Request written to first response byte. */
  ttfbMs?: number | undefined;
  /** Request written to the end of the body: the latency the percentiles use. */
  totalMs?: number | undefined;
  /** Set only when this probe opened a new connection. */
  connectMs?: number | undefined;
  tlsMs?: number | undefined;
  bytes?: number | undefined;
  message?: string | undefined;
  /** Seconds the target asked us to wait (429 Retry-After). */
  retryAfterMs?: number | undefined;
}
