import { describe, expect, it } from 'vitest';
import { latencyChart, rangeChart } from '../../source/ui/latency-chart.js';
import type { ChartSeries } from '../../source/core/chart-range.js';

const chart = (history: number[], p95?: number) => latencyChart({ history, p95, intervalMs: 5_000, width: 40, rows: 4 });

describe('latency chart', () => {
  it('is as many rows high as asked, plus the baseline and the labels', () => {
    expect(chart([10, 20, 30])).toHaveLength(4 + 2);
  });

  it('names the largest latency at the top of the axis and 0 at the bottom', () => {
    const lines = chart([100, 400, 200]);
    expect(lines[0]).toMatch(/^\s*400 ms ┤/);
    expect(lines[3]).toMatch(/^\s*0 ms ┤/);
  });

  it("marks the p95's row on the axis", () => {
    const lines = chart([100, 1000, 200, 100], 520);
    expect(lines[1]).toMatch(/p95 520 ms ┤/);
  });

  it('draws the tallest probe as full blocks to the top and a small one on the baseline only', () => {
    const lines = chart([1000, 10]);
    expect(lines.slice(0, 4).map((l) => l.split('┤')[1])).toEqual(['█ ', '█ ', '█ ', '█▁']);
  });

  it('draws a failed probe as a cross on the baseline', () => {
    const lines = chart([100, Number.NaN, 100]);
    expect(lines[3]!.split('┤')[1]).toBe('█×█');
    expect(lines[0]!.split('┤')[1]).toBe('█ █');
  });

  it('states min, p95, max and the span the probes cover', () => {
    expect(chart([30, 1190, 80, Number.NaN], 1100).at(-1)).toMatch(/min 30 ms {3}p95 1100 ms {3}max 1190 ms {3}last 20s \(4 probes, 1 failed ×\)/);
  });

  it('shows only the latest probes that fit its width', () => {
    const lines = latencyChart({ history: [5000, ...Array.from({ length: 10 }, () => 50)], p95: undefined, intervalMs: 1_000, width: 10, rows: 2 });
    expect(lines[0]).toMatch(/^50 ms ┤/);
    expect(lines.at(-1)).toContain('last 10s (10 probes)');
  });
});

describe('rangeChart', () => {
  const TO = Date.UTC(2026, 10, 2, 12);
  const MIN = 60_000;
  /** An hour of minute rows at 100 ms, the last 10 minutes at 1 s, one minute of failures alone. */
  const hour = (): ChartSeries => ({
    apiId: 'a',
    range: '1h',
    to: TO,
    stepMs: MIN,
    points: Array.from({ length: 60 }, (_, i) => ({ at: TO - (60 - i) * MIN, p95: i === 30 ? Number.NaN : i >= 50 ? 1000 : 100, probes: 6, failures: i === 30 ? 6 : 0 })),
    latency: { min: 95, p95: 1000, max: 1010 },
    marks: [],
  });

  it('draws the range at the width given, its time axis from -range to now, and min, p95 and max over it', () => {
    const lines = rangeChart(hour(), 60, 4);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^1010 ms ┤ {50}█{10}$/);
    expect(lines[3]).toMatch(/0 ms ┤▃{30}×▃{19}█{10}$/);
    expect(lines[5]!.trim()).toMatch(/^-1h +now$/);
    expect(lines[6]).toContain('min 95 ms');
    expect(lines[6]).toContain('p95 1000 ms   max 1010 ms   1h from minute rows (360 probes, 6 failed)');
  });

  it('covers the same range at any width, with never more columns than stored buckets', () => {
    for (const [width, columns] of [[30, 30], [60, 60], [120, 60]] as const) {
      const plot = rangeChart(hour(), width, 4)[3]!.split('┤')[1]!;
      expect([...plot]).toHaveLength(columns);
      // The slow last sixth of the hour, and not a column more.
      expect(plot.endsWith('█'.repeat(columns / 6))).toBe(true);
      expect(plot.at(-columns / 6 - 1)).not.toBe('█');
    }
  });

  it('marks alarm transitions, maintenance and offline spells under the time axis, with what each glyph means', () => {
    const series: ChartSeries = {
      ...hour(),
      marks: [
        { kind: 'maintenance', from: TO - 60 * MIN, to: TO - 55 * MIN },
        { kind: 'offline', from: TO - 30 * MIN, to: TO - 29 * MIN },
        { kind: 'firing', from: TO - 10 * MIN + 1 },
        { kind: 'resolved', from: TO - MIN + 1 },
      ],
    };
    const lines = rangeChart(series, 60, 4);
    expect(lines[5]!.trimEnd()).toBe(`${' '.repeat(lines[4]!.indexOf('└') + 1)}${'M'.repeat(6)}${' '.repeat(24)}oo${' '.repeat(18)}!${' '.repeat(8)}✓  ! firing  ✓ resolved  M maintenance  o offline`);
    expect(lines[6]!.trim()).toMatch(/^-1h +now$/);
  });

  it('says why it has nothing to draw', () => {
    expect(rangeChart({ ...hour(), points: [], latency: {}, unavailable: 'no stored history yet' }, 30, 4).at(-1)).toContain('no stored history yet');
  });
});
