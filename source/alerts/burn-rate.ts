import type { Slo } from '../config/types.js';
import type { AlarmSpec, Observation } from './alarm-spec.js';
import type { Counts } from './bucket-ring.js';
import { MIN_SAMPLES_FLOOR } from './rule-observation.js';
import type { Severity } from '../core/rules.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface BurnRatePair {
  rule: string;
  longMs: number;
  shortMs: number;
  burnRate: number;
  severity: Severity;
}

/** The SRE workbook's multiwindow, multi-burn-rate alarms; the "ticket" tier is our warning severity. */
export const BURN_RATE_PAIRS: readonly BurnRatePair[] = [
  { rule: 'SLOBurn1h5m', longMs: HOUR, shortMs: 5 * MINUTE, burnRate: 14.4, severity: 'page' },
  { rule: 'SLOBurn6h30m', longMs: 6 * HOUR, shortMs: 30 * MINUTE, burnRate: 6, severity: 'page' },
  { rule: 'SLOBurn3d6h', longMs: 72 * HOUR, shortMs: 6 * HOUR, burnRate: 1, severity: 'warning' },
];

/** The short window already smooths recovery; this keeps a brief clear spell from resolving and re-paging. */
export const SLO_RESOLVE_AFTER_MS = 5 * MINUTE;

export function burnRatePairSpec(pair: BurnRatePair): AlarmSpec {
  return {
    name: pair.rule,
    metric: 'slo_burn_rate',
    comparison: 'above',
    threshold: pair.burnRate,
    forMs: 0,
    resolveAfterMs: SLO_RESOLVE_AFTER_MS,
    severity: pair.severity,
  };
}

/** Burn rate = error ratio / error budget (1 - objective); a zero budget burns infinitely on any error. */
export function burnRate(counts: Counts, objective: number): number {
  if (counts.total === 0) return 0;
  const errorRatio = (counts.total - counts.good) / counts.total;
  const budget = 1 - objective;
  if (budget <= 0) return errorRatio > 0 ? Number.POSITIVE_INFINITY : 0;
  return errorRatio / budget;
}

/**
 * Both windows must burn at the pair's rate, and each must hold at least `slo.minSamples` probes (and never fewer than two).
 * The value reported is the lower of the two burns, so it is above the threshold exactly when firing.
 */
export function observeBurn(pair: BurnRatePair, long: Counts, short: Counts, slo: Slo): Observation {
  const needed = Math.max(slo.minSamples, MIN_SAMPLES_FLOOR);
  if (long.total < needed || short.total < needed) return { status: 'insufficient_data' };
  const value = Math.min(burnRate(long, slo.objective), burnRate(short, slo.objective));
  return { status: value > pair.burnRate ? 'breach' : 'clear', value };
}
