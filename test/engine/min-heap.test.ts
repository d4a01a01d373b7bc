import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../source/engine/min-heap.js';

describe('MinHeap', () => {
  it('pops every value once, in ascending key order, each with its own key', () => {
    const heap = new MinHeap<{ key: number; id: number }>();
    const keys = [50, 3, 99, 3, 17, 0, 42, 8, 8, 61, 23, 1, 77, 5, 5, 30];
    keys.forEach((key, id) => heap.push(key, { key, id }));
    const popped: { key: number; id: number }[] = [];
    while (heap.size > 0) {
      const key = heap.peekKey();
      const value = heap.pop()!;
      expect(value.key).toBe(key);
      popped.push(value);
    }
    expect(popped.map((v) => v.key)).toEqual([...keys].sort((a, b) => a - b));
    expect(new Set(popped.map((v) => v.id)).size).toBe(keys.length);
  });

  it('keeps its order when pushes and pops interleave', () => {
    const heap = new MinHeap<number>();
    for (const key of [9, 4, 7]) heap.push(key, key);
    expect(heap.pop()).toBe(4);
    for (const key of [1, 8, 5]) heap.push(key, key);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([1, 5, 7, 8, 9]);
  });

  it('is empty after popping everything', () => {
    const heap = new MinHeap<number>();
    heap.push(1, 1);
    heap.pop();
    expect([heap.size, heap.peekKey(), heap.pop()]).toEqual([0, undefined, undefined]);
  });
});
