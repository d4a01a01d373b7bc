import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../source/metrics/ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps items oldest first', () => {
    const ring = new RingBuffer<number>(4);
    [1, 2, 3].forEach((n) => ring.push(n));
    expect(ring.toArray()).toEqual([1, 2, 3]);
  });

  it('stays bounded: pushing past capacity drops the oldest', () => {
    const ring = new RingBuffer<number>(3);
    for (let n = 1; n <= 1_000; n++) ring.push(n);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([998, 999, 1_000]);
  });

  it('drops from the oldest end while the predicate holds, and no further', () => {
    const ring = new RingBuffer<number>(5);
    [1, 2, 10, 3, 4].forEach((n) => ring.push(n));
    ring.dropWhile((n) => n < 5);
    expect(ring.toArray()).toEqual([10, 3, 4]);
    ring.dropWhile(() => true);
    expect(ring.size).toBe(0);
    expect(ring.toArray()).toEqual([]);
  });

  it('wraps around after drops', () => {
    const ring = new RingBuffer<number>(3);
    [1, 2, 3].forEach((n) => ring.push(n));
    ring.dropWhile((n) => n <= 2);
    [4, 5].forEach((n) => ring.push(n));
    expect(ring.toArray()).toEqual([3, 4, 5]);
  });
});
