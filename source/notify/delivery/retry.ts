import type { DeliveryResult } from '../message.js';

export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  /** A message still undelivered this long after it was queued is given up and recorded as failed. */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1_000, maxDelayMs: 5 * 60_000, giveUpAfterMs: 24 * 3_600_000 };

/** Exponential backoff with jitter: between half and all of base * 2^(attempt-1), capped. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** Retry what may succeed later, when the receiver said (Retry-After) or by backoff; give up on the rest. */
export function decideRetry(result: DeliveryResult, attempt: number, ageMs: number, policy: RetryPolicy, random: () => number): RetryDecision {
  if (result.ok || !result.retryable) return { retry: false };
  const delayMs = result.retryAfterMs !== undefined ? Math.min(result.retryAfterMs, policy.maxDelayMs) : backoffMs(attempt, policy, random);
  if (ageMs + delayMs > policy.giveUpAfterMs) return { retry: false };
  return { retry: true, delayMs };
}
