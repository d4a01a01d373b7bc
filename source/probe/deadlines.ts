import { performance } from 'node:perf_hooks';

/**
 * The deadlines of the probes in flight, kept by one timer. A timer per probe (set, then cleared a
 * millisecond later) cost CPU on every probe, and its closure, holding the probe's request and response,
 * outlived young-generation collections: a third of every probe's memory was promoted to the old heap.
 *
 * Items of one timeout length expire in the order they were added, so each length is a queue; the timer is
 * set for the earliest deadline of all, and a fleet with one timeout length re-arms it about once per
 * timeout. Each item still expires at its own deadline (never earlier; later only by the event loop's
 * delay, as a timer of its own would). The timer does not keep the process alive: the requests it guards do.
 */
export class Deadlines<T> {
  /** By timeout length: item to deadline (performance.now() ms), oldest first. */
  private readonly queues = new Map<number, Map<T, number>>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(
    /** Called once for an item whose deadline passed; it is no longer kept. */
    private readonly onExpire: (item: T, timeoutMs: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    let size = 0;
    for (const queue of this.queues.values()) size += queue.size;
    return size;
  }

  /** Every item whose deadline has not passed. */
  *items(): IterableIterator<T> {
    for (const queue of this.queues.values()) yield* queue.keys();
  }

  add(item: T, timeoutMs: number): void {
    let queue = this.queues.get(timeoutMs);
    if (!queue) {
      queue = new Map();
      this.queues.set(timeoutMs, queue);
    }
    const deadline = this.now() + timeoutMs;
    queue.set(item, deadline);
    if (deadline < this.timerAt) this.arm(deadline);
  }

  /** The item ended before its deadline. */
  delete(item: T, timeoutMs: number): void {
    this.queues.get(timeoutMs)?.delete(item);
  }

  /** Forgets every item and stops the timer. */
  clear(): void {
    this.queues.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(at - this.now())));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [timeoutMs, queue] of this.queues) {
      for (const [item, deadline] of queue) {
        if (deadline > now) {
          next = Math.min(next, deadline);
          break;
        }
        queue.delete(item);
        this.onExpire(item, timeoutMs);
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  }
}
