import { cleanup } from 'ink-testing-library';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import type { Config } from '../../source/config/types.js';
import { CHART_RELOAD_MS } from '../../source/engine/chart-reloader.js';
import { createRuntime } from '../../source/engine/runtime.js';
import { readPrometheusChart } from '../../source/sources/prometheus-chart.js';
import { EPISODE, FROM, START, STEP_MS, TO, fleetFamilies } from '../helpers/backfilled-fleet.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { backfilledPrometheus, openMetricsText } from '../helpers/prometheus-backfill.js';
import type { RunningServer } from '../helpers/real-binaries.js';
import { KEY, renderApp } from '../helpers/render-app.js';
import { needsBinaries } from '../helpers/system-binaries.js';

/**
 * Issue 22, team mode: the --remote dashboard keeps no history, so the API detail's ranges (keys 1…6) come from
 * range queries to the team's Prometheus. A real Prometheus holds a backfilled month of two monitors' series.
 */

const integration = needsBinaries(['prometheus', 'promtool']);

integration.describe("the --remote detail chart from a month of series in a real Prometheus", { timeout: 60_000 }, () => {
  let prometheus: RunningServer;
  let config: Config;
  const dispatcher = new Agent();

  beforeAll(async () => {
    prometheus = await backfilledPrometheus(openMetricsText(fleetFamilies(), START, STEP_MS));
    config = parseConfigText(
      `
shared: { prometheus: "${prometheus.url}" }
teams: { mwi: { name: MediaWiki Interfaces }, search: { name: Search Platform } }
apis:
  a: { name: Alpha, family: Core, owner: mwi, url: "http://127.0.0.1:1/a" }
  b: { name: Beta, family: Core, owner: search, url: "http://127.0.0.1:1/b" }
`,
      'team.yaml',
      {},
    );
  }, 180_000);

  afterEach(() => cleanup());

  afterAll(async () => {
    await dispatcher.close();
    await prometheus?.stop();
  });

  const read = (api: string) => readPrometheusChart({ url: prometheus.url, dispatcher, timeoutMs: 10_000 }, api, '30d', TO);

  integration.it("charts 30 days of b in 120 six-hour steps, its 5xx episode in the episode's step", async () => {
    const series = await read('b');
    expect(series.unavailable).toBeUndefined();
    expect(series.points).toHaveLength(120);
    expect(series.points[0]!.at).toBe(FROM);
    expect(series.points.reduce((sum, p) => sum + p.probes, 0)).toBe(30 * 1440);
    const episodeStart = START + (EPISODE.day * 4 + EPISODE.quarter) * STEP_MS;
    expect(series.points.filter((p) => p.failures > 0)).toEqual([{ at: episodeStart, probes: 360, failures: 180, p95: expect.closeTo(25 + 25 * ((342 - 180) / 180), 9) }]);
    // Every other step: 360 probes near 40ms, all in (25, 50].
    expect(series.points[1]!.p95).toBeCloseTo(25 + 25 * 0.95, 9);
    expect(series.latency.p95).toBeCloseTo(25 + 25 * ((41_040 - 180) / 43_020), 9);
  });

  integration.it('sums the vantages of a in each step', async () => {
    const series = await read('a');
    expect(new Set(series.points.map((p) => p.probes))).toEqual(new Set([720]));
  });

  integration.it('draws the range in the detail of a --remote runtime when 6 is pressed, named as read from Prometheus', async () => {
    const runtime = createRuntime(config, { remote: true, clock: new ManualClock(TO) });
    try {
      runtime.store.getState().actions.selectApi('b');
      const app = await renderApp(runtime.store, { columns: 160, rows: 40 });
      await app.press(KEY.enter);
      await app.press('6');
      const frame = await app.waitForFrame((f) => f.includes('30d from Prometheus'), 'the 30d chart from Prometheus');
      expect(frame).toContain('history 30d');
      expect(frame).toMatch(/min 10 ms {3}p95 49 ms {3}max 50 ms {3}30d from Prometheus, 6h steps \(43200 probes, 180 failed\)/);
      // The episode's step (day 14 of 30, its third quarter) is lower than the rest: half its probes were fast 5xx.
      const bars = frame.split('\n').find((line) => line.startsWith('history 30d'))!.split('┤')[1]!;
      expect([...bars].findIndex((cell) => cell !== '▇')).toBe((EPISODE.day - 1) * 4 + EPISODE.quarter);
    } finally {
      await runtime.stop();
    }
  });

  integration.it('keeps the range on screen while it is read again a minute later, then draws the new answer', async () => {
    // The backfilled samples are 6 h apart: a range ending a minute before the last one has no increase in any
    // step, and the range ending on it has all 120.
    const clock = new ManualClock(TO - CHART_RELOAD_MS);
    const runtime = createRuntime(config, { remote: true, clock });
    try {
      const { actions } = runtime.store.getState();
      actions.selectApi('b');
      actions.wantChartRange('30d');
      // The placeholder ("reading Prometheus…") first, then the answer.
      await vi.waitFor(() => expect(runtime.store.getState().chart).toMatchObject({ to: TO - CHART_RELOAD_MS, source: 'Prometheus, 6h steps' }), { timeout: 20_000 });
      const first = runtime.store.getState().chart!;
      expect(first.unavailable).toBeUndefined();
      expect(first.points).toEqual([]);
      clock.advance(CHART_RELOAD_MS);
      expect(runtime.store.getState().chart).toBe(first);
      await vi.waitFor(() => expect(runtime.store.getState().chart?.to).toBe(TO), { timeout: 20_000 });
      const reloaded = runtime.store.getState().chart!;
      expect(reloaded.unavailable).toBeUndefined();
      expect(reloaded.points).toHaveLength(120);
    } finally {
      await runtime.stop();
    }
  });
});
