export interface Counts {
  good: number;
  total: number;
}

/**
 * Good/total probe counts in fixed-width time buckets, reused in a ring: memory is fixed at
 * creation (12 bytes a bucket), whatever the run time or probe rate.
 */
export class BucketRing {
  private readonly keys: Int32Array;
  private readonly good: Uint32Array;
  private readonly total: Uint32Array;

  constructor(
    private readonly size: number,
    private readonly widthMs: number,
  ) {
    this.keys = new Int32Array(size).fill(-1);
    this.good = new Uint32Array(size);
    this.total = new Uint32Array(size);
  }

  add(at: number, ok: boolean): void {
    this.addCounts(at, ok ? 1 : 0, 1);
  }

  /** Adds counts gathered elsewhere (the stored history of an earlier run) to the bucket of `at`. */
  addCounts(at: number, good: number, total: number): void {
    const key = Math.floor(at / this.widthMs);
    const slot = key % this.size;
    const held = this.keys[slot]!;
    if (held > key) return;
    if (held < key) {
      this.keys[slot] = key;
      this.good[slot] = 0;
      this.total[slot] = 0;
    }
    this.total[slot]! += total;
    this.good[slot]! += good;
  }

  /** Counts over every bucket that overlaps (now - windowMs, now]: the oldest may lie partly outside it. */
  sum(now: number, windowMs: number): Counts {
    const last = Math.floor(now / this.widthMs);
    const first = Math.floor((now - windowMs) / this.widthMs);
    let good = 0;
    let total = 0;
    for (let key = Math.max(first, last - this.size + 1); key <= last; key++) {
      const slot = key % this.size;
      if (this.keys[slot] === key) {
        good += this.good[slot]!;
        total += this.total[slot]!;
      }
    }
    return { good, total };
  }
}
