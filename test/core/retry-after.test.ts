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
    { value: 'Thursday, 01-Jan-26 00:01:00 GMT', ms: 60_000 },
    { value: 'Thu Jan  1 00:02:00 2026', ms: 120_000 },
    { value: '999999999999', ms: 999_999_999_999_000 },
    { value: '99999999999999999999999', ms: Number.MAX_SAFE_INTEGER },
  ])('$value waits $ms ms', ({ value, ms }) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each(['1.5', '-1', '+5', 'soon 5', '2026-01-01', '5 seconds', 'Thu, 01 Jan 2026 99:00:00 GMT', 'Thu, 32 Jan 2026 00:00:00 GMT', '0x10'])(
    'reads the garbage "%s" as no Retry-After at all',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});
