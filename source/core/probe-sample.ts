/**
 * Every way a probe turn can end; everything but "ok" counts as a failure. "throttled" is a turn not probed
 * because the API answered 429 and we are backing off: the API is not serving us, and saying nothing for
 * the length of the back-off would read as healthy (or, once the window empties, as no data at all).
 * "assertion" is an answer that broke one of the API's header, JSON or schema expectations: the API
 * answered, but not what it promises. "blocked" is a 403 or 429 that points at a User-Agent or rate
 * policy: the API refuses this client, which is ours to fix, so it is not counted as the API failing.
 */
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
  'assertion',
  'throttled',
  'blocked',
  'error',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** An API backing us off with 429: since the first 429 of the episode, what it asked, and what we wait. */
export interface Throttle {
  /** The first 429 of this episode (epoch ms). */
  since: number;
  /** What the latest Retry-After asked for. */
  retryAfterMs: number;
  /** What the scheduler waits before probing again: Retry-After capped (see engine/backoff). */
  backoffMs: number;
  /** The 429 pointed at a rate policy (outcome "blocked"): the window counts the turns skipped for it as blocked too. */
  blocked?: boolean | undefined;
}

/** An https API's leaf certificate, as read on the latest new connection to it. */
export interface Certificate {
  /** Epoch ms. */
  notBefore: number;
  notAfter: number;
  /** Organisation and common name, such as "Let's Encrypt R11". */
  issuer: string;
  subject: string;
  /** Subject alternative names, such as "DNS:en.wikipedia.org". */
  sans: string[];
  /** Read over a connection that skipped verification (tls.insecure): reported, not trusted. */
  unverified: boolean;
}

/** One probe turn's result, as the metric windows keep it. */
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
  /** Start to failure, for a probe that got no response (timeout, reset, refused): how long it kept the API's turn. */
  elapsedMs?: number | undefined;
  /** Set only when this probe opened a new connection. */
  connectMs?: number | undefined;
  tlsMs?: number | undefined;
  bytes?: number | undefined;
  message?: string | undefined;
  /** How long the target asked us to wait (429 Retry-After), in ms. */
  retryAfterMs?: number | undefined;
  /** Set by the scheduler on a 429 and on every turn it skips while backing off. */
  throttle?: Throttle | undefined;
  /** https only: the certificate of this probe's connection, or of the last new one to the same origin when it was reused. */
  certificate?: Certificate | undefined;
}
