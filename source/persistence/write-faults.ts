import type { Clock } from '../core/clock.js';

/** How often a write that keeps failing is said again: often enough to be seen in a log, not a line per flush. */
export const WRITE_FAULT_REPEAT_MS = 60_000;

/**
 * Failed writes to the state directory (a full disk, a read-only remount): the first failure of each kind is
 * reported at once and then once a minute while it goes on; monitoring carries on meanwhile. A write that
 * succeeds again is reported as recovered.
 */
export class WriteFaults {
  private readonly lastSaid = new Map<string, number>();

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly report: (text: string) => void,
    private readonly repeatMs = WRITE_FAULT_REPEAT_MS,
  ) {}

  failed(text: string): void {
    const now = this.clock.now();
    const last = this.lastSaid.get(text);
    if (last !== undefined && now - last < this.repeatMs) return;
    this.lastSaid.set(text, now);
    this.report(text);
  }

  succeeded(): void {
    if (this.lastSaid.size === 0) return;
    this.lastSaid.clear();
    this.report('the state directory can be written again');
  }

  get failing(): boolean {
    return this.lastSaid.size > 0;
  }
}
