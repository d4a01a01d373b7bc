import type { ChartRange } from '../core/chart-range.js';
import type { Clock, TimerHandle } from '../core/clock.js';

/** A chart's range ends when it was read: history is written every 10 s, so a minute later the right edge is stale. */
export const CHART_RELOAD_MS = 60_000;

export interface ChartReloaderOptions {
  clock: Clock;
  /** Reads the range and hands it to the store; `reload` is true for every read after the first. */
  load(apiId: string, range: ChartRange, reload: boolean): void;
  /** Whether the detail still shows this range of this API: once it does not, the reads stop. */
  stillWanted(apiId: string, range: ChartRange): boolean;
}

/**
 * Reads the detail's chart again while it stays open, so a person watching an incident over the last hour sees
 * the minutes since they opened it rather than a picture of the moment they pressed the key.
 */
export class ChartReloader {
  private timer: TimerHandle | undefined;

  constructor(private readonly options: ChartReloaderOptions) {}

  show(apiId: string, range: ChartRange): void {
    this.stop();
    this.options.load(apiId, range, false);
    this.arm(apiId, range);
  }

  stop(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(apiId: string, range: ChartRange): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.options.stillWanted(apiId, range)) return;
      this.options.load(apiId, range, true);
      this.arm(apiId, range);
    }, CHART_RELOAD_MS);
  }
}
