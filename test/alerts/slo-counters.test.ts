import { describe, expect, it } from 'vitest';
import { BucketRing } from '../../source/alerts/bucket-ring.js';
import { SloCounters } from '../../source/alerts/slo-counters.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { HOUR, MINUTE, T0 } from './fixtures.js';

const sample = (at: number, ok = true, apiId = 'a'): ProbeSample => ({ apiId, at, outcome: ok ? 'ok' : 'http_5xx' });

describe('BucketRing', () => {
  it('sums the buckets inside the window', () => {
    const ring = new BucketRing(10, MINUTE);
    ring.add(T0, true);
    ring.add(T0 + MINUTE, false);
    ring.add(T0 + 2 * MINUTE, true);
    expect(ring.sum(T0 + 2 * MINUTE, MINUTE)).toEqual({ good: 1, total: 2 });
    expect(ring.sum(T0 + 2 * MINUTE, 2 * MINUTE)).toEqual({ good: 2, total: 3 });
  });

  it('forgets buckets that fall out of the ring when their slot is reused', () => {
    const ring = new BucketRing(3, MINUTE);
    ring.add(T0, false);
    ring.add(T0 + 3 * MINUTE, true);
    expect(ring.sum(T0 + 3 * MINUTE, 10 * MINUTE)).toEqual({ good: 1, total: 1 });
  });

  it('drops a late sample older than what its slot now holds', () => {
    const ring = new BucketRing(3, MINUTE);
    ring.add(T0 + 3 * MINUTE, true);
    ring.add(T0, false);
    expect(ring.sum(T0 + 3 * MINUTE, 10 * MINUTE)).toEqual({ good: 1, total: 1 });
  });
});

describe('SloCounters', () => {
  it('counts good and total probes per API, "ok" being good', () => {
    const counters = new SloCounters(['a', 'b']);
    counters.record(sample(T0, true));
    counters.record(sample(T0 + 1_000, false));
    counters.record(sample(T0, false, 'b'));
    expect(counters.counts('a', 5 * MINUTE, T0 + 2_000)).toEqual({ good: 1, total: 2 });
    expect(counters.counts('b', 5 * MINUTE, T0 + 2_000)).toEqual({ good: 0, total: 1 });
  });

  it('ignores APIs it was not told to count', () => {
    const counters = new SloCounters(['a']);
    counters.record(sample(T0, false, 'other'));
    expect(counters.counts('other', HOUR, T0)).toEqual({ good: 0, total: 0 });
  });

  it('answers windows up to 6h from minute buckets and 3d from hour buckets', () => {
    const counters = new SloCounters(['a']);
    for (let at = T0; at < T0 + 72 * HOUR; at += MINUTE) counters.record(sample(at, at >= T0 + 71 * HOUR));
    const now = T0 + 72 * HOUR - 1;
    expect(counters.counts('a', 6 * HOUR, now)).toEqual({ good: 60, total: 361 });
    expect(counters.counts('a', 72 * HOUR, now)).toEqual({ good: 60, total: 72 * 60 });
  });
});
