import type { ProbeLoad } from '../core/probe-load.js';
import { loadWarning, type LoadLimits, type LoadWarning } from '../text/probe-load-warning.js';

/** While probes are being skipped, how often `monitor` repeats the figures. */
export const LOAD_SUMMARY_EVERY_MS = 60_000;
/** How long the scheduler must keep up before that is announced: a share hovering at the threshold says one thing, not a stream. */
export const LOAD_CLEAR_AFTER_MS = 60_000;

export interface LoadEvent {
  kind: 'started' | 'ongoing' | 'ended';
  load: ProbeLoad;
  /** Undefined for "ended". */
  warning: LoadWarning | undefined;
}

/**
 * Turns the scheduler's load, read at every flush, into the few events `monitor` writes: one when probes
 * start being skipped (or late), a summary every minute while that lasts, and one once it has kept up again.
 */
export class LoadReporter {
  /** When the last event of the current episode went out; undefined between episodes. */
  private lastEventAt: number | undefined;
  private clearSince: number | undefined;

  constructor(private readonly limits: LoadLimits) {}

  observe(load: ProbeLoad | undefined, now: number): LoadEvent | undefined {
    if (!load) return undefined;
    const warning = loadWarning(load, this.limits);
    if (warning) {
      this.clearSince = undefined;
      const kind = this.lastEventAt === undefined ? 'started' : now - this.lastEventAt >= LOAD_SUMMARY_EVERY_MS ? 'ongoing' : undefined;
      if (kind === undefined) return undefined;
      this.lastEventAt = now;
      return { kind, load, warning };
    }
    if (this.lastEventAt === undefined) return undefined;
    this.clearSince ??= now;
    if (now - this.clearSince < LOAD_CLEAR_AFTER_MS) return undefined;
    this.lastEventAt = undefined;
    this.clearSince = undefined;
    return { kind: 'ended', load, warning: undefined };
  }
}
