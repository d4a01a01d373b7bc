import { describe, expect, it } from 'vitest';
import {
  addLatency,
  bucketOf,
  bucketValue,
  decodeHistogram,
  encodeHistogram,
  GROWTH,
  histogramCount,
  histogramPercentile,
  mergeHistogram,
  RELATIVE_ERROR,
  type LatencyHistogram,
} from '../../source/metrics/latency-histogram.js';
import { percentile } from '../../source/metrics/percentile.js';

/** A deterministic spread of latencies from 2 ms to about 6 s, with a slow tail. */
function latencies(count: number, seed = 7): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    const u = x / 2_147_483_648;
    out.push(u < 0.9 ? 2 + u * 300 : 300 + (u - 0.9) * 57_000);
  }
  return out;
}

function histogramOf(values: readonly number[]): LatencyHistogram {
  const h: LatencyHistogram = new Map();
  for (const v of values) addLatency(h, v);
  return h;
}

describe('latency histogram', () => {
  it('states a relative error under 4.5 %', () => {
    expect(RELATIVE_ERROR).toBeLessThan(0.045);
    expect(RELATIVE_ERROR).toBeCloseTo((GROWTH - 1) / (GROWTH + 1), 12);
  });

  it.each([1.5, 10, 99.9, 250, 1_000, 4_321, 60_000])('puts %d ms in a bucket whose value is within the stated error', (ms) => {
    const value = bucketValue(bucketOf(ms));
    expect(Math.abs(value - ms) / ms).toBeLessThanOrEqual(RELATIVE_ERROR + 1e-12);
  });

  it('puts everything up to 1 ms in bucket 0', () => {
    expect([0, 0.3, 1].map(bucketOf)).toEqual([0, 0, 0]);
  });

  it('keeps an exact bucket edge in the lower bucket', () => {
    expect(bucketOf(GROWTH ** 40)).toBe(40);
  });

  it.each([50, 95, 99])('reads p%d from merged minute histograms within the stated error of the raw latencies', (p) => {
    const raw = latencies(5_000);
    const minutes = Array.from({ length: 50 }, (_, i) => histogramOf(raw.slice(i * 100, (i + 1) * 100)));
    const merged = minutes.reduce((into, h) => mergeHistogram(into, h), new Map());
    const exact = percentile([...raw].sort((a, b) => a - b), p)!;
    const read = histogramPercentile(merged, p)!;
    expect(Math.abs(read - exact) / exact).toBeLessThanOrEqual(RELATIVE_ERROR);
  });

  it('has no percentile when empty', () => {
    expect(histogramPercentile(new Map(), 95)).toBeUndefined();
  });

  it('merges by adding counts', () => {
    const merged = mergeHistogram(histogramOf([10, 10, 500]), histogramOf([10, 2_000]));
    expect(histogramCount(merged)).toBe(5);
    expect(merged.get(bucketOf(10))).toBe(3);
  });

  it('round-trips through its text form', () => {
    const h = histogramOf(latencies(300));
    expect(decodeHistogram(encodeHistogram(h))).toEqual(new Map([...h.entries()].sort((a, b) => a[0] - b[0])));
  });

  it('writes ascending pairs of index step and count in base 36', () => {
    expect(encodeHistogram(histogramOf([500, 10, 10]))).toBe(`${bucketOf(10).toString(36)}:2,${(bucketOf(500) - bucketOf(10)).toString(36)}:1`);
    expect(encodeHistogram(new Map([[40, 100], [41, 1]]))).toBe('14:2s,1:1');
  });

  it('skips pairs that do not parse instead of guessing', () => {
    expect(decodeHistogram('3:2,x!:1,1:1')).toEqual(new Map([[3, 2], [4, 1]]));
  });
});
