/** The longest back-off a 429 buys, in the API's own probe intervals and in time: whichever is shorter applies. */
export const MAX_BACKOFF_INTERVALS = 10;
export const MAX_BACKOFF_MS = 600_000;

/**
 * How long the scheduler holds an API off after a 429: its Retry-After, capped. A server can ask for any
 * wait (999999999999 seconds is a valid header), and an API we stop probing can neither be seen to recover
 * nor to stay broken. Ten intervals keep the gap in proportion to how closely the API is watched; ten
 * minutes bound the slowly probed ones, so a throttled API is asked again at least that often.
 */
export function backoffFor(retryAfterMs: number, intervalMs: number): number {
  return Math.max(0, Math.min(retryAfterMs, MAX_BACKOFF_INTERVALS * intervalMs, MAX_BACKOFF_MS));
}
