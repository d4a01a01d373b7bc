import { describe, expect, it } from 'vitest';
import { latencyChart } from '../../source/ui/latency-chart.js';

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
