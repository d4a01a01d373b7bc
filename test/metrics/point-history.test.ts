import { describe, expect, it } from 'vitest';
import { PointHistory } from '../../source/metrics/point-history.js';

const pushAll = (history: PointHistory, from: number, to: number): void => {
  for (let n = from; n <= to; n++) history.push(n, n * 1_000);
};
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('PointHistory', () => {
  it('keeps values and their times oldest first', () => {
    const history = new PointHistory(10);
    pushAll(history, 1, 3);
    expect(history.snapshot().values()).toEqual([1, 2, 3]);
    expect(history.snapshot().times()).toEqual([1_000, 2_000, 3_000]);
  });

  it.each([
    { capacity: 5, pushed: 1_000 },
    { capacity: 300, pushed: 1_000 },
    { capacity: 128, pushed: 129 },
    { capacity: 2_000, pushed: 5_000 },
  ])('keeps the last $capacity of $pushed points', ({ capacity, pushed }) => {
    const history = new PointHistory(capacity);
    pushAll(history, 1, pushed);
    expect(history.size).toBe(capacity);
    expect(history.snapshot().values()).toEqual(range(pushed - capacity + 1, pushed));
  });

  it('keeps NaN, the mark of a failed probe', () => {
    const history = new PointHistory(4);
    history.push(Number.NaN, 1);
    history.push(12.5, 2);
    expect(history.snapshot().values()).toEqual([Number.NaN, 12.5]);
  });

  it('hands out a snapshot that later points never change, across chunks and past the capacity', () => {
    const history = new PointHistory(200);
    pushAll(history, 1, 150);
    const before = history.snapshot();
    pushAll(history, 151, 1_000);
    expect(before.values()).toEqual(range(1, 150));
    expect(before.times()).toEqual(range(1, 150).map((n) => n * 1_000));
    expect(history.snapshot().values()).toEqual(range(801, 1_000));
  });

  it('hands out the same snapshot until the next point', () => {
    const history = new PointHistory(10);
    pushAll(history, 1, 2);
    const first = history.snapshot();
    expect(history.snapshot()).toBe(first);
    history.push(3, 3_000);
    expect(history.snapshot()).not.toBe(first);
  });
});
