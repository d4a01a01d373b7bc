import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { bucketOf } from '../../source/metrics/latency-histogram.js';
import { addSample, bucketStart, countedTurns, emptyRollup, mergeRollup, RollupBatch, subtractRollup } from '../../source/metrics/rollup.js';

const sample = (over: Partial<ProbeSample>): ProbeSample => ({ apiId: 'a', at: 0, outcome: 'ok', totalMs: 100, ...over });

describe('rollup', () => {
  it('counts an ok probe and its latency', () => {
    const r = emptyRollup();
    addSample(r, sample({ totalMs: 120 }));
    expect(r).toMatchObject({ probes: 1, ok: 1, failures: {} });
    expect(r.latency.get(bucketOf(120))).toBe(1);
  });

  it('counts a 5xx as a failure by outcome and as a 5xx', () => {
    const r = emptyRollup();
    addSample(r, sample({ outcome: 'http_5xx', status: 503 }));
    expect(r).toMatchObject({ probes: 1, ok: 0, http5xx: 1, failures: { http_5xx: 1 } });
  });

  it('keeps failed probes out of the latency histogram', () => {
    const r = emptyRollup();
    addSample(r, sample({ outcome: 'timeout', totalMs: undefined, elapsedMs: 5_000 }));
    expect(r.latency.size).toBe(0);
    expect(r.failures).toEqual({ timeout: 1 });
  });

  it('counts a throttled turn against the API but not as a probe', () => {
    const r = emptyRollup();
    addSample(r, sample({ outcome: 'throttled' }));
    expect(r).toMatchObject({ probes: 0, throttled: 1 });
    expect(countedTurns(r)).toBe(1);
  });

  it.each([
    ['a policy block', sample({ outcome: 'blocked', status: 403 })],
    ['a turn skipped for a policy block', sample({ outcome: 'throttled', throttle: { since: 0, retryAfterMs: 1, backoffMs: 1, blocked: true } })],
  ])('counts %s as blocked and for nothing else', (_, s) => {
    const r = emptyRollup();
    addSample(r, s);
    expect(r).toMatchObject({ probes: 0, throttled: 0, blocked: 1 });
    expect(countedTurns(r)).toBe(0);
  });

  it('merges by adding every count', () => {
    const a = emptyRollup();
    const b = emptyRollup();
    addSample(a, sample({}));
    addSample(b, sample({ outcome: 'timeout' }));
    addSample(b, sample({ outcome: 'throttled' }));
    expect(mergeRollup(a, b)).toMatchObject({ probes: 2, ok: 1, throttled: 1, failures: { timeout: 1 } });
  });

  it('starts buckets on whole steps', () => {
    expect(bucketStart(125_000, 60_000)).toBe(120_000);
  });
});

describe('rollup batch', () => {
  it('rolls each sample up at every step', () => {
    const batch = new RollupBatch([60_000, 3_600_000]);
    batch.record(sample({ at: 61_000 }));
    batch.record(sample({ at: 119_000 }));
    batch.record(sample({ at: 121_000 }));
    const rows = batch.drain().map((r) => [r.stepMs, r.start, r.rollup.probes]);
    expect(rows).toEqual(expect.arrayContaining([[60_000, 60_000, 2], [60_000, 120_000, 1], [3_600_000, 0, 3]]));
    expect(rows).toHaveLength(3);
  });

  it('is empty after a drain', () => {
    const batch = new RollupBatch([60_000]);
    batch.record(sample({}));
    batch.drain();
    expect(batch.size).toBe(0);
  });

  it('merges rows handed back after a failed write with what arrived since', () => {
    const batch = new RollupBatch([60_000]);
    batch.record(sample({}));
    const failed = batch.drain();
    batch.record(sample({ at: 1_000 }));
    batch.restore(failed);
    expect(batch.drain().map((r) => r.rollup.probes)).toEqual([2]);
  });
});

describe('subtractRollup', () => {
  it('takes a part back out of a total, histogram and failures included', () => {
    const total = emptyRollup();
    const part = emptyRollup();
    for (const s of [sample({ totalMs: 100 }), sample({ totalMs: 900 }), sample({ outcome: 'timeout' })]) addSample(total, s);
    for (const s of [sample({ totalMs: 900 }), sample({ outcome: 'timeout' })]) addSample(part, s);
    expect(subtractRollup(total, part)).toEqual({ probes: 1, ok: 1, http5xx: 0, throttled: 0, blocked: 0, failures: {}, latency: new Map([[bucketOf(100), 1]]) });
  });
});
