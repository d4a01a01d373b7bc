import { describe, expect, it } from 'vitest';
import { cumulativeBucket, histogramQuantile, sumBuckets } from '../../source/metrics/histogram-quantile.js';

/** 90 observations in (0.05, 0.1], 10 in (0.2, 0.3]: the buckets the exporter would fill. */
const buckets = [
  { le: 0.05, count: 0 },
  { le: 0.1, count: 90 },
  { le: 0.2, count: 90 },
  { le: 0.3, count: 100 },
  { le: Infinity, count: 100 },
];

describe('histogramQuantile (as Prometheus reads its buckets)', () => {
  it.each([
    [0.5, 0.05 + 0.05 * (50 / 90)],
    [0.9, 0.1],
    [0.95, 0.2 + 0.1 * (5 / 10)],
    [0.99, 0.2 + 0.1 * (9 / 10)],
  ])('q=%s interpolates linearly inside the rank bucket', (q, expected) => {
    expect(histogramQuantile(q, buckets)).toBeCloseTo(expected, 12);
  });

  it('reads the first bucket from 0', () => {
    expect(histogramQuantile(0.5, [{ le: 0.1, count: 10 }, { le: Infinity, count: 10 }])).toBeCloseTo(0.05, 12);
  });

  it('answers the highest finite edge for a rank in the +Inf bucket', () => {
    expect(histogramQuantile(0.99, [{ le: 0.1, count: 90 }, { le: 1, count: 95 }, { le: Infinity, count: 100 }])).toBe(1);
  });

  it('takes the buckets in any order', () => {
    expect(histogramQuantile(0.95, [...buckets].reverse())).toBeCloseTo(0.25, 12);
  });

  it('lifts a bucket that increase() extrapolated a hair below the one under it', () => {
    const dented = [{ le: 0.1, count: 90 }, { le: 0.2, count: 89.99 }, { le: 0.3, count: 100 }, { le: Infinity, count: 100 }];
    expect(histogramQuantile(0.5, dented)).toBeCloseTo(0.1 * (50 / 90), 12);
  });

  it.each([
    ['no observations', [{ le: 0.1, count: 0 }, { le: Infinity, count: 0 }]],
    ['no +Inf bucket', [{ le: 0.1, count: 5 }, { le: 0.2, count: 10 }]],
    ['a single bucket', [{ le: Infinity, count: 10 }]],
    ['no buckets at all', []],
  ])('has no answer for %s (Prometheus says NaN)', (_what, set) => {
    expect(histogramQuantile(0.5, set)).toBeUndefined();
  });
});

describe('sumBuckets', () => {
  it('adds the counts of the same edges across sets (vantages, or the APIs of a team)', () => {
    const other = buckets.map((b) => ({ le: b.le, count: b.count * 2 }));
    expect(sumBuckets([buckets, other])).toEqual(buckets.map((b) => ({ le: b.le, count: b.count * 3 })));
  });
});

describe('cumulativeBucket: a bucket from a series as Prometheus answers it', () => {
  it.each([
    ['0.25', 12, { le: 0.25, count: 12 }],
    ['+Inf', 40, { le: Infinity, count: 40 }],
  ] as const)('reads le %s with count %d', (le, count, bucket) => {
    expect(cumulativeBucket(le, count)).toEqual(bucket);
  });

  it.each([
    ['no le label', undefined, 3],
    ['an le that is no number', 'fast', 3],
    ['a count that is no number', '0.5', Number.NaN],
  ] as const)('leaves out a series with %s', (_what, le, count) => {
    expect(cumulativeBucket(le, count)).toBeUndefined();
  });
});
