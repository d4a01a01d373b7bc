import { describe, expect, it } from 'vitest';
import { percentile } from '../../source/metrics/percentile.js';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('nearest-rank percentile', () => {
  it.each([
    [[], 50, undefined],
    [[7], 50, 7],
    [[7], 99, 7],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [[1, 2, 3, 4], 76, 4],
    [oneToHundred, 50, 50],
    [oneToHundred, 95, 95],
    [oneToHundred, 99, 99],
    [oneToHundred, 100, 100],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 1000], 95, 1000],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 1000], 90, 90],
  ])('of %j at p%d is %j', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('never interpolates: the answer is always one of the samples', () => {
    const values = [3, 9, 27, 81, 243];
    for (let p = 1; p <= 100; p++) expect(values).toContain(percentile(values, p));
  });
});
