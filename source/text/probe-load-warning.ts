import type { ProbeLoad, SkipReason } from '../core/probe-load.js';

/** Below these shares the scheduler keeps up: timer jitter or one slow second is not news. */
export const SKIPPED_WARN_SHARE = 0.01;
export const LATE_WARN_SHARE = 0.1;
/** Figures over less time than this are not judged: the first connections of a run are slower than the rest. */
export const MIN_JUDGED_MS = 5_000;

export interface LoadLimits {
  concurrency: number;
  perHostConcurrency: number;
}

export interface LoadWarning {
  /** e.g. "57% probes skipped: raise defaults.concurrency (64)". */
  text: string;
  /** What held the turns back, and the config key to change. */
  reason: SkipReason;
  setting: string;
  skippedShare: number;
  lateShare: number;
}

/** What would let the held-back turns run, naming the setting. */
function remedy(reason: SkipReason, limits: LoadLimits): { setting: string; advice: string } {
  switch (reason) {
    case 'concurrency':
      return { setting: 'defaults.concurrency', advice: `raise defaults.concurrency (${limits.concurrency})` };
    case 'per_host':
      return { setting: 'defaults.perHostConcurrency', advice: `raise defaults.perHostConcurrency (${limits.perHostConcurrency}) or lengthen interval` };
    case 'overrun':
      return { setting: 'interval', advice: 'probes outlast their interval: lengthen interval or shorten timeout' };
  }
}

/** The warning for a scheduler that does not keep up with its fleet; undefined while it does. */
export function loadWarning(load: ProbeLoad | undefined, limits: LoadLimits): LoadWarning | undefined {
  if (!load || load.due === 0 || load.windowMs < MIN_JUDGED_MS) return undefined;
  const skippedShare = load.skipped / load.due;
  const lateShare = load.late / load.due;
  const skipping = skippedShare >= SKIPPED_WARN_SHARE;
  const reason = skipping ? load.skippedBy : lateShare >= LATE_WARN_SHARE ? load.lateBy : undefined;
  if (reason === undefined) return undefined;
  const { setting, advice } = remedy(reason, limits);
  const share = Math.max(1, Math.round((skipping ? skippedShare : lateShare) * 100));
  return { text: `${share}% probes ${skipping ? 'skipped' : 'late'}: ${advice}`, reason, setting, skippedShare, lateShare };
}
