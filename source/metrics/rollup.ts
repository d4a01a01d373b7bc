import type { Outcome, ProbeSample } from '../core/probe-sample.js';
import { addLatency, mergeHistogram, type LatencyHistogram } from './latency-histogram.js';

/**
 * One API's probe turns in one time bucket, in counts that add up across buckets. "probes" are requests
 * the API was asked to serve (ok or failed); turns skipped while a 429 backs us off are "throttled" and
 * count against the API like a failure; turns refused by a User-Agent or rate policy are "blocked", our
 * fault, and count for nothing (as the SLO counters treat them).
 */
export interface Rollup {
  probes: number;
  ok: number;
  http5xx: number;
  throttled: number;
  blocked: number;
  /** Failed probes by outcome (http_5xx included). */
  failures: Partial<Record<Outcome, number>>;
  /** Total latency of the ok probes. */
  latency: LatencyHistogram;
}

export function emptyRollup(): Rollup {
  return { probes: 0, ok: 0, http5xx: 0, throttled: 0, blocked: 0, failures: {}, latency: new Map() };
}

export function addSample(rollup: Rollup, sample: ProbeSample): void {
  if (sample.outcome === 'blocked' || (sample.outcome === 'throttled' && sample.throttle?.blocked)) {
    rollup.blocked++;
    return;
  }
  if (sample.outcome === 'throttled') {
    rollup.throttled++;
    return;
  }
  rollup.probes++;
  if (sample.outcome === 'ok') {
    rollup.ok++;
    if (sample.totalMs !== undefined) addLatency(rollup.latency, sample.totalMs);
    return;
  }
  if (sample.outcome === 'http_5xx') rollup.http5xx++;
  rollup.failures[sample.outcome] = (rollup.failures[sample.outcome] ?? 0) + 1;
}

export function mergeRollup(into: Rollup, from: Rollup): Rollup {
  into.probes += from.probes;
  into.ok += from.ok;
  into.http5xx += from.http5xx;
  into.throttled += from.throttled;
  into.blocked += from.blocked;
  for (const [outcome, count] of Object.entries(from.failures) as [Outcome, number][]) into.failures[outcome] = (into.failures[outcome] ?? 0) + count;
  mergeHistogram(into.latency, from.latency);
  return into;
}

/** Takes rows back out of a total (those inside a maintenance window): counts never go below zero. */
export function subtractRollup(from: Rollup, part: Rollup): Rollup {
  const minus = (a: number, b: number): number => Math.max(0, a - b);
  from.probes = minus(from.probes, part.probes);
  from.ok = minus(from.ok, part.ok);
  from.http5xx = minus(from.http5xx, part.http5xx);
  from.throttled = minus(from.throttled, part.throttled);
  from.blocked = minus(from.blocked, part.blocked);
  for (const [outcome, count] of Object.entries(part.failures) as [Outcome, number][]) {
    const left = minus(from.failures[outcome] ?? 0, count);
    if (left > 0) from.failures[outcome] = left;
    else delete from.failures[outcome];
  }
  for (const [index, count] of part.latency) {
    const left = minus(from.latency.get(index) ?? 0, count);
    if (left > 0) from.latency.set(index, left);
    else from.latency.delete(index);
  }
  return from;
}

/** Turns that count for availability and the SLO: every probe and every throttled turn, never a blocked one. */
export function countedTurns(rollup: Pick<Rollup, 'probes' | 'throttled'>): number {
  return rollup.probes + rollup.throttled;
}

export function bucketStart(at: number, stepMs: number): number {
  return Math.floor(at / stepMs) * stepMs;
}

/**
 * What the SLO burn-rate windows need of one API's stored rows of one step: each row's start, good and counted
 * turns, in three lists of the same length. Read without the latency histograms, so restoring days of minute
 * rows for a large fleet costs a few numbers per row.
 */
export interface CountSeries {
  apiId: string;
  stepMs: number;
  starts: number[];
  ok: number[];
  counted: number[];
}

/** A rollup and where it belongs: which API, which step (fine or coarse) and which bucket. */
export interface RollupRow {
  apiId: string;
  stepMs: number;
  start: number;
  rollup: Rollup;
}

/**
 * Samples gathered between two writes of the history, already rolled up at each step: recording is a few
 * additions, so the probe path never waits for the disk. A failed write hands its rows back to be retried.
 */
export class RollupBatch {
  private readonly pending = new Map<string, RollupRow>();

  constructor(private readonly stepsMs: readonly number[]) {}

  record(sample: ProbeSample): void {
    for (const stepMs of this.stepsMs) addSample(this.row(sample.apiId, stepMs, bucketStart(sample.at, stepMs)), sample);
  }

  /** Takes every pending row out of the batch. */
  drain(): RollupRow[] {
    const rows = [...this.pending.values()];
    this.pending.clear();
    return rows;
  }

  /** Puts rows of a write that failed back, merged with what arrived since. */
  restore(rows: readonly RollupRow[]): void {
    for (const row of rows) mergeRollup(this.row(row.apiId, row.stepMs, row.start), row.rollup);
  }

  get size(): number {
    return this.pending.size;
  }

  private row(apiId: string, stepMs: number, start: number): Rollup {
    const key = `${apiId}\u0000${stepMs}\u0000${start}`;
    let row = this.pending.get(key);
    if (!row) {
      row = { apiId, stepMs, start, rollup: emptyRollup() };
      this.pending.set(key, row);
    }
    return row.rollup;
  }
}
