import { describe, expect, it } from 'vitest';
import { FAILURE_MARK, sparkline, timeCells } from '../../source/ui/sparkline.js';

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

describe('timeCells', () => {
  const NOW = 1_000_000;

  it('cuts the span into equal slices, oldest first, each the largest latency in it', () => {
    expect(timeCells([50, 300, 80, 120], [NOW - 55, NOW - 52, NOW - 25, NOW], NOW, 60, 3)).toEqual([300, 80, 120]);
  });

  it('leaves a slice without probes empty, and marks one whose probes all failed', () => {
    expect(timeCells([Number.NaN, Number.NaN, 90], [NOW - 55, NOW - 50, NOW - 50], NOW, 60, 3)).toEqual([90, undefined, undefined]);
    expect(timeCells([Number.NaN], [NOW - 30], NOW, 60, 3)).toEqual([undefined, Number.NaN, undefined]);
  });

  it('leaves out what lies before the span, and counts a point just after its end as the newest', () => {
    expect(timeCells([500, 40], [NOW - 61, NOW - 1], NOW, 60, 2)).toEqual([undefined, 40]);
    expect(timeCells([40, 900], [NOW - 1, NOW + 5], NOW, 60, 2)).toEqual([undefined, 900]);
  });

  it('covers the same span at any number of cells', () => {
    const at = [NOW - 59, NOW - 31, NOW - 29, NOW - 1];
    for (const cells of [2, 4, 12, 30]) {
      const drawn = timeCells([40, 10, 10, 30], at, NOW, 60, cells);
      expect(drawn).toHaveLength(cells);
      expect(drawn[0]).toBe(40);
      expect(drawn.at(-1)).toBe(30);
    }
  });

  it('draws a slice without probes as a blank', () => {
    expect(sparkline([100, undefined, 100], 3)).toBe('█ █');
  });
});
