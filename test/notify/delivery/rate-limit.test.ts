import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../source/notify/delivery/rate-limit.js';

describe('rate limiter', () => {
  it('lets the first send go at once', () => {
    expect(new RateLimiter(1_000).waitMs(5_000)).toBe(0);
  });

  it('spaces the next send minInterval after the last one', () => {
    const limiter = new RateLimiter(1_000);
    limiter.sent(5_000);
    expect(limiter.waitMs(5_000)).toBe(1_000);
    expect(limiter.waitMs(5_600)).toBe(400);
    expect(limiter.waitMs(6_000)).toBe(0);
  });

  it('never waits with no limit', () => {
    const limiter = new RateLimiter(0);
    limiter.sent(5_000);
    expect(limiter.waitMs(5_000)).toBe(0);
  });
});
