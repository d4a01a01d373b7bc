import type { Clock, TimerHandle } from '../../source/core/clock.js';

/** A clock that moves only when told to; timers fire in order of due time. */
export class ManualClock implements Clock {
  private timers: { at: number; seq: number; callback: () => void; handle: TimerHandle }[] = [];
  private seq = 0;

  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle = { id: ++this.seq };
    this.timers.push({ at: this.current + Math.max(0, ms), seq: this.seq, callback, handle });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }

  /** Moves time forward, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.at;
      next.callback();
    }
    this.current = target;
  }
}
