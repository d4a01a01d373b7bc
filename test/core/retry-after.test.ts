import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../source/core/retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    { value: '120', ms: 120_000 },
    { value: ' 5 ', ms: 5_000 },
    { value: ['7', '9'], ms: 7_000 },
    { value: 'Thu, 01 Jan 2026 00:00:30 GMT', ms: 30_000 },
    { value: 'Wed, 31 Dec 2025 23:00:00 GMT', ms: 0 },
    { value: undefined, ms: undefined },
    { value: '', ms: undefined },
    { value: 'soon', ms: undefined },
  ])('$value waits $ms ms', ({ value, ms }) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
