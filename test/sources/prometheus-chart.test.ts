import { describe, expect, it } from 'vitest';
import { chartFromAnswers, chartQueries, chartStepMs, type ChartAnswers } from '../../source/sources/prometheus-chart.js';

const NOW = Date.UTC(2026, 9, 2);
const HOUR = 3_600_000;
const points = (values: [at: number, value: number][]) => ({ ok: true as const, points: values.map(([at, value]) => ({ at, value })) });
const noData = { ok: false as const, outcome: 'error' as const, message: 'range query returned no data', noData: true as const };
const buckets = (counts: [le: string, count: number][]) => ({ ok: true as const, samples: counts.map(([le, value]) => ({ labels: { le }, value })) });
const answers = (over: Partial<ChartAnswers>): ChartAnswers => ({ p95: noData, probes: noData, failures: noData, buckets: buckets([]), ...over });

describe('chartStepMs', () => {
  it.each([
    ['15m', 60_000],
    ['1h', 60_000],
    ['6h', 180_000],
    ['24h', 720_000],
    ['7d', 5_040_000],
    ['30d', 6 * HOUR],
  ] as const)('cuts %s into at most 120 steps, none finer than a minute', (range, step) => {
    expect(chartStepMs(range)).toBe(step);
  });
});

describe('chartQueries', () => {
  it("selects the API by its label and sums every vantage, each step's increase on its own", () => {
    expect(chartQueries('b', '30d')).toEqual({
      p95: 'histogram_quantile(0.95, sum by (le) (increase(apihealth_probe_duration_seconds_bucket{api="b"}[21600s])))',
      probes: 'sum(increase(apihealth_probes_total{api="b",outcome!~"throttled|blocked"}[21600s]))',
      failures: 'sum(increase(apihealth_probes_total{api="b",outcome!~"ok|throttled|blocked"}[21600s]))',
      buckets: 'sum by (le) (increase(apihealth_probe_duration_seconds_bucket{api="b"}[2592000s]))',
    });
  });

  it('quotes an id as a PromQL string', () => {
    expect(chartQueries('a"b', '1h').probes).toContain('{api="a\\"b",');
  });
});

describe('chartFromAnswers', () => {
  it('puts a point at the start of each step with probes, in ms, and says where it came from', () => {
    const series = chartFromAnswers('b', '30d', NOW, answers({ p95: points([[NOW, 0.05]]), probes: points([[NOW - 6 * HOUR, 0], [NOW, 360]]), failures: points([[NOW, 4]]) }));
    expect(series.points).toEqual([{ at: NOW - 6 * HOUR, p95: 50, probes: 360, failures: 4 }]);
    expect(series).toMatchObject({ stepMs: 6 * HOUR, to: NOW, source: 'Prometheus, 6h steps', marks: [] });
    expect(series.unavailable).toBeUndefined();
  });

  it('marks a step where every probe failed with a cross (NaN)', () => {
    const series = chartFromAnswers('b', '30d', NOW, answers({ p95: points([[NOW, 5]]), probes: points([[NOW, 10]]), failures: points([[NOW, 10]]) }));
    expect(series.points[0]!.p95).toBeNaN();
  });

  it('draws nothing, and says no error, for an API Prometheus has no series of', () => {
    const series = chartFromAnswers('b', '30d', NOW, answers({}));
    expect([series.points, series.latency, series.unavailable]).toEqual([[], {}, undefined]);
  });

  it('reads min, p95 and max over the range from the buckets', () => {
    const series = chartFromAnswers('b', '30d', NOW, answers({ buckets: buckets([['0.1', 0], ['0.2', 100], ['0.5', 100], ['+Inf', 100]]) }));
    expect(series.latency.min).toBeCloseTo(101, 9);
    expect(series.latency.p95).toBeCloseTo(195, 9);
    expect(series.latency.max).toBeCloseTo(200, 9);
  });

  it('says what went wrong in one safe line instead of drawing', () => {
    const failed = { ok: false as const, outcome: 'error' as const, message: 'prometheus shared.prometheus: bad_data: \u001b[2Jboom\nagain' };
    expect(chartFromAnswers('b', '1h', NOW, answers({ probes: failed })).unavailable).toBe('prometheus shared.prometheus: bad_data: boom again');
    expect(chartFromAnswers('b', '1h', NOW, answers({ buckets: { ok: false, message: 'prometheus: connection refused' } })).unavailable).toBe('prometheus: connection refused');
  });
});
