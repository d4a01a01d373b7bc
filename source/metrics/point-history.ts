/** Points per chunk: a new window allocates one (2 KB) and grows a chunk at a time up to its capacity. */
const CHUNK_POINTS = 128;

/**
 * The points as they were when `snapshot` was taken, read only when asked for: full chunks are never written
 * again and the last one only past the points it held then, so the view stays exact however many points are
 * added later.
 */
export class PointSnapshot {
  private valueList: number[] | undefined;
  private timeList: number[] | undefined;

  constructor(
    private readonly chunks: readonly Float64Array[],
    private readonly first: number,
    readonly size: number,
  ) {}

  /** Values, oldest first; read once, then the same array (its readers never change it). */
  values(): number[] {
    this.valueList ??= this.read(0);
    return this.valueList;
  }

  /** When each value was measured, oldest first. */
  times(): number[] {
    this.timeList ??= this.read(1);
    return this.timeList;
  }

  private read(field: 0 | 1): number[] {
    const out = new Array<number>(this.size);
    for (let i = 0, p = this.first; i < this.size; i++, p++) {
      out[i] = this.chunks[Math.floor(p / CHUNK_POINTS)]![(p % CHUNK_POINTS) * 2 + field]!;
    }
    return out;
  }
}

/**
 * The last `capacity` (value, time) points of one API, in append-only chunks of typed arrays. A summary is
 * rebuilt for every API every second, and copying a full sparkline span (up to 2,000 points, twice) into each
 * made tens of megabytes a second of garbage that lived long enough to be promoted: a snapshot instead
 * shares the chunks, and the points are copied out only for the few rows a screen shows.
 */
export class PointHistory {
  private chunks: Float64Array[] = [];
  /** Index of the oldest point in the first chunk. */
  private first = 0;
  private count = 0;
  private view: PointSnapshot | undefined;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  push(value: number, at: number): void {
    const end = this.first + this.count;
    if (end === this.chunks.length * CHUNK_POINTS) this.chunks.push(new Float64Array(CHUNK_POINTS * 2));
    const chunk = this.chunks[this.chunks.length - 1]!;
    const slot = (end % CHUNK_POINTS) * 2;
    chunk[slot] = value;
    chunk[slot + 1] = at;
    if (this.count < this.capacity) this.count++;
    else if (++this.first === CHUNK_POINTS) {
      this.chunks.shift();
      this.first = 0;
    }
    this.view = undefined;
  }

  /** The points now; the same object until the next push. */
  snapshot(): PointSnapshot {
    this.view ??= new PointSnapshot(this.chunks.slice(), this.first, this.count);
    return this.view;
  }
}
