import { describe, expect, it } from 'vitest';
import { EMPTY_SUMMARY, type MetricSummary } from '../../source/metrics/summary.js';
import type { SourceFigures } from '../../source/sources/external-figures.js';
import { mergeFigures } from '../../source/sources/merge-figures.js';

/** Figures as a source hands them over; every metric given a value was answered at 7, unless `sourced` says otherwise. */
const figures = (patch: Partial<SourceFigures>): SourceFigures => ({
  values: {},
  sourced: Object.fromEntries(Object.keys(patch.values ?? {}).map((metric) => [metric, { source: 'prod', at: 7 }])),
  samples: 3,
  history: [],
  recentErrors: [],
  ...patch,
});
const probe: MetricSummary = {
  ...EMPTY_SUMMARY,
  samples: 40,
  latency: { p50: 20, p95: 80, p99: 120 },
  errorRate5xx: 0.1,
  errorRate: 0.2,
  availability: 0.8,
  lastStatus: 200,
  history: [20, 21],
};

describe('mergeFigures', () => {
  it('without a probe, the source gives every figure it queries', () => {
    const merged = mergeFigures(undefined, figures({ values: { latency_p95: 450, error_rate_5xx: 0.03 }, history: [400, 450], historyAt: [5, 9], lastSampleAt: 9 }));
    // The points' times too: the sparkline draws a source's row over the same span as a probed one.
    expect(merged).toMatchObject({ samples: 3, latency: { p95: 450 }, errorRate5xx: 0.03, history: [400, 450], historyAt: [5, 9], lastSampleAt: 9, lastOutcome: 'ok' });
  });

  it('without a probe, availability and error rate are each other\'s complement when only one is queried', () => {
    expect(mergeFigures(undefined, figures({ values: { availability: 0.99 } }))).toMatchObject({ availability: 0.99, errorRate: expect.closeTo(0.01) });
    expect(mergeFigures(undefined, figures({ values: { error_rate: 0.05 } }))).toMatchObject({ availability: 0.95, errorRate: 0.05 });
  });

  it('beside a probe, only the queried metrics come from the source; samples and sparkline stay the probe\'s', () => {
    const merged = mergeFigures(probe, figures({ values: { latency_p95: 450 }, history: [1] }));
    expect(merged).toMatchObject({ samples: 40, latency: { p50: 20, p95: 450, p99: 120 }, errorRate5xx: 0.1, history: [20, 21], lastStatus: 200 });
  });

  it('without a probe, a metric the source has no figure for is no data, never 0% or 100%', () => {
    const merged = mergeFigures(undefined, figures({ values: { latency_p95: 450 }, sourced: { latency_p95: { source: 'prod', at: 7 }, error_rate_5xx: { source: 'prod' } } }));
    expect(merged).toMatchObject({ latency: { p95: 450 } });
    expect([merged.errorRate5xx, merged.errorRate, merged.availability]).toEqual([undefined, undefined, undefined]);
  });

  it('beside a probe, a queried metric with no figure is no data, not the probe\'s figure under the source\'s name', () => {
    const merged = mergeFigures(probe, figures({ values: {}, sourced: { error_rate_5xx: { source: 'prod', at: 7, staleValue: 0.5 } } }));
    expect(merged.errorRate5xx).toBeUndefined();
    expect(merged).toMatchObject({ errorRate: 0.2, availability: 0.8, latency: { p95: 80 } });
  });

  it('says which figures came from the source, its complement included; the rest are the probe\'s', () => {
    expect(mergeFigures(probe, figures({ values: { latency_p95: 450 } })).sourced).toEqual({ latency_p95: { source: 'prod', at: 7 } });
    expect(mergeFigures(undefined, figures({ values: { error_rate: 0.05 } })).sourced).toEqual({
      error_rate: { source: 'prod', at: 7 },
      availability: { source: 'prod', at: 7 },
    });
  });

  it('a failing source shows as the last error, even beside a healthy probe', () => {
    const error = { at: 5, outcome: 'error' as const, message: 'prometheus prod: bad_data: parse error' };
    const merged = mergeFigures(probe, figures({ currentError: error, recentErrors: [error] }));
    expect(merged).toMatchObject({ lastError: 'error', lastErrorMessage: 'prometheus prod: bad_data: parse error', recentErrors: [error] });
  });
});
