import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { CHART_RANGES, type ChartRange, type ChartSeries } from '../../source/core/chart-range.js';
import { createFleetStore } from '../../source/state/store.js';
import { FLEET, FLEET_METRICS } from '../helpers/fleet.js';
import { KEY, renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

const NOW = Date.parse('2026-01-01T12:00:00Z');

/** A store whose history loader answers every range with a flat 100 ms series, and records what was asked; with the fleet's figures unless told. */
function storeWithLoader(asked: [string, ChartRange][], figures = true) {
  const store = createFleetStore(FLEET, {
    now: NOW,
    onChartWanted: (apiId, range) => {
      asked.push([apiId, range]);
      const series: ChartSeries = { apiId, range, to: NOW, stepMs: 60_000, points: [{ at: NOW - 120_000, p95: 100, probes: 6, failures: 0 }], latency: { min: 90, p95: 100, max: 110 }, marks: [] };
      store.getState().actions.applyChart(series);
    },
  });
  if (figures) store.getState().actions.applyMetrics(FLEET_METRICS, { probesPerSecond: 1, totalProbes: 10, lastUpdate: NOW, startedAt: NOW - 60_000 });
  return store;
}

describe('the API detail\'s chart ranges (keys 1…6)', () => {
  it.each(CHART_RANGES.map((range, i) => [String(i + 1), range] as const))('key %s asks the loader for %s of the selected API and charts it', async (key, range) => {
    const asked: [string, ChartRange][] = [];
    const store = storeWithLoader(asked);
    const app = await renderApp(store, { columns: 120, rows: 40 });
    await app.press(KEY.enter);
    await app.waitForFrame((f) => f.includes('history') && f.includes('┤'), 'the live chart');
    await app.press(key);
    const frame = await app.waitForFrame((f) => f.includes(`history ${range}`), `the ${range} chart`);
    expect(asked).toEqual([[store.getState().ui.selectedApi, range]]);
    expect(frame).toContain(`-${range}`);
    expect(frame).toMatch(new RegExp(`min 90 ms {3}p95 100 ms {3}max 110 ms {3}${range} from minute rows`));
  });

  it('charts the API the detail shows before any figures arrived (a --remote dashboard waits for its first poll)', async () => {
    const asked: [string, ChartRange][] = [];
    const store = storeWithLoader(asked, false);
    const app = await renderApp(store, { columns: 120, rows: 40 });
    await app.press(KEY.enter);
    await app.waitForFrame((f) => f.includes('1…6 range'), 'the detail');
    await app.press('2');
    // The detail draws a chart only for the API it shows.
    await app.waitForFrame((f) => f.includes('history 1h'), 'the 1h chart');
    expect(asked).toEqual([[store.getState().ui.selectedApi, '1h']]);
  });

  it('leaves the dashboard\'s digits alone: 1 there asks for no chart', async () => {
    const asked: [string, ChartRange][] = [];
    const app = await renderApp(storeWithLoader(asked));
    await app.press('1');
    expect(asked).toEqual([]);
  });
});
