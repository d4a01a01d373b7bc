import { describe, expect, it } from 'vitest';
import { FAILURE_MARK, sparkline } from '../../source/ui/sparkline.js';

describe('sparkline', () => {
  it('draws one bar per value, scaled to the largest value shown', () => {
    expect(sparkline([100, 200, 400, 800], 4)).toBe('▂▃▅█');
  });

  it('does not magnify a quiet API: small values stay low against the 100 ms floor', () => {
    expect(sparkline([5, 10, 12, 8], 4)).toBe('▁▂▂▂');
  });

  it('marks failed probes with a cross', () => {
    expect(sparkline([100, Number.NaN, 100], 3)).toBe(`█${FAILURE_MARK}█`);
  });

  it('shows only the newest values that fit, right-aligned when there are fewer', () => {
    expect(sparkline([800, 800, 100, 100], 2)).toBe('██');
    expect(sparkline([100], 4)).toBe('   █');
    expect(sparkline([], 3)).toBe('   ');
  });

  it('draws nothing in no width', () => {
    expect(sparkline([1, 2, 3], 0)).toBe('');
  });

  it('is exactly `width` characters long', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? Number.NaN : i));
    for (const width of [1, 10, 24, 30]) expect([...sparkline(values, width)]).toHaveLength(width);
  });
});
