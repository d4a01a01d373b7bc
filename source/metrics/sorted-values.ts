import { nearestRank } from './percentile.js';

/**
 * A multiset of numbers kept in ascending order in one typed array: a window adds and drops one value per
 * probe, so a binary search and a short memmove replace a full sort per summary. Values are stored as
 * 32-bit floats, exactly as the window's sample arrays hold them. The array doubles when full; give the
 * full size up front where it will be reached, so memory is set at start.
 */
export class SortedValues {
  private values: Float32Array;
  private count = 0;

  constructor(initialCapacity: number) {
    this.values = new Float32Array(Math.max(1, initialCapacity));
  }

  get size(): number {
    return this.count;
  }

  add(value: number): void {
    if (this.count === this.values.length) {
      const grown = new Float32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const at = this.lowerBound(value);
    this.values.copyWithin(at + 1, at, this.count);
    this.values[at] = value;
    this.count++;
  }

  /** Removes one copy of `value`; a value never added is ignored. */
  remove(value: number): void {
    const at = this.lowerBound(value);
    if (at >= this.count || this.values[at] !== Math.fround(value)) return;
    this.values.copyWithin(at, at + 1, this.count);
    this.count--;
  }

  /** Nearest-rank percentile; undefined when empty. */
  percentile(p: number): number | undefined {
    return this.count === 0 ? undefined : this.values[nearestRank(this.count, p)];
  }

  private lowerBound(value: number): number {
    const target = Math.fround(value);
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.values[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
