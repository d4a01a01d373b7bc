import { describe, expect, it } from 'vitest';
import { backoffMs, decideRetry, DEFAULT_RETRY, type RetryPolicy } from '../../../source/notify/delivery/retry.js';

const policy: RetryPolicy = { baseMs: 1_000, maxDelayMs: 8_000, giveUpAfterMs: 60_000 };
const transient = { ok: false, retryable: true, reason: 'HTTP 503' };

describe('retry policy', () => {
  it('doubles the backoff per attempt, from half to all of the ceiling by the jitter', () => {
    expect([1, 2, 3].map((n) => backoffMs(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000]);
    expect(backoffMs(3, policy, () => 0)).toBe(2_000);
  });

  it('caps the backoff at maxDelay', () => {
    expect(backoffMs(10, policy, () => 1)).toBe(8_000);
  });

  it('waits what the receiver asked (Retry-After), capped at maxDelay', () => {
    expect(decideRetry({ ...transient, retryAfterMs: 3_000 }, 1, 0, policy, () => 1)).toEqual({ retry: true, delayMs: 3_000 });
    expect(decideRetry({ ...transient, retryAfterMs: 600_000 }, 1, 0, policy, () => 1)).toEqual({ retry: true, delayMs: 8_000 });
  });

  it('gives up once the next attempt would come after giveUpAfter', () => {
    expect(decideRetry(transient, 1, 58_999, policy, () => 1)).toEqual({ retry: true, delayMs: 1_000 });
    expect(decideRetry(transient, 1, 59_001, policy, () => 1)).toEqual({ retry: false });
  });

  it('never retries a final answer or a delivery', () => {
    expect(decideRetry({ ok: false, retryable: false, reason: 'HTTP 400' }, 1, 0, DEFAULT_RETRY, () => 1)).toEqual({ retry: false });
    expect(decideRetry({ ok: true, retryable: false, reason: 'HTTP 200' }, 1, 0, DEFAULT_RETRY, () => 1)).toEqual({ retry: false });
  });
});
