import { describe, expect, it } from 'vitest';
import { percentile } from '../../source/metrics/percentile.js';
import { SortedValues } from '../../source/metrics/sorted-values.js';

describe('SortedValues', () => {
  it('has no percentile when empty', () => {
    expect(new SortedValues(4).percentile(50)).toBeUndefined();
  });

  it('answers the same nearest-rank percentiles as sorting the values, whatever the insertion order', () => {
    const values = [42, 7, 7, 19, 3, 88, 61, 7, 25, 14];
    const sorted = new SortedValues(values.length);
    for (const value of values) sorted.add(value);
    const expected = [...values].sort((a, b) => a - b);
    for (const p of [1, 25, 50, 75, 90, 95, 99, 100]) expect(sorted.percentile(p)).toBe(percentile(expected, p));
  });

  it('removes one copy of a value and ignores values it never held', () => {
    const sorted = new SortedValues(4);
    for (const value of [5, 5, 9]) sorted.add(value);
    sorted.remove(5);
    sorted.remove(6);
    expect(sorted.size).toBe(2);
    expect([sorted.percentile(1), sorted.percentile(100)]).toEqual([5, 9]);
  });

  it('grows past its initial size', () => {
    const sorted = new SortedValues(1);
    for (let i = 100; i > 0; i--) sorted.add(i);
    expect([sorted.size, sorted.percentile(1), sorted.percentile(95)]).toEqual([100, 1, 95]);
  });

  it('holds values as 32-bit floats and still finds them to remove', () => {
    const sorted = new SortedValues(2);
    sorted.add(0.1);
    sorted.remove(0.1);
    expect(sorted.size).toBe(0);
  });
});
