import { renderToString, Text } from 'ink';
import { createFleetStore, type FleetStore } from '../source/state/store.js';
import { App } from '../source/ui/App.js';
import { createPainter } from '../source/ui/paint.js';
import { loadTheme } from '../source/ui/theme.js';
import { healthOf } from '../source/metrics/health.js';
import type { MetricSummary } from '../source/metrics/summary.js';
import { fleetCounts } from '../source/state/selectors.js';
import { columnsFor, formatGroupHeader, formatRow } from '../source/ui/format-row.js';
import { renderListLines } from '../source/ui/list-window.js';
import { fleetConfig, median } from './fleet.js';
import type { Result } from './result.js';

const painter = createPainter(loadTheme('dark'), true);

function fakeSummary(i: number): MetricSummary {
  const history = Array.from({ length: 120 }, (_, k) => (k % 17 === 0 ? Number.NaN : 20 + ((i * 7 + k * 13) % 90)));
  const failing = i % 50 === 0;
  return {
    samples: 30,
    latency: { p50: 20 + (i % 60), p95: 60 + (i % 900), p99: 90 + (i % 1200) },
    errorRate5xx: failing ? 0.2 : 0,
    errorRate: failing ? 0.2 : 0,
    availability: failing ? 0.8 : 1,
    lastStatus: failing ? 503 : 200,
    lastOutcome: failing ? 'http_5xx' : 'ok',
    lastError: failing ? 'http_5xx' : undefined,
    phases: { ttfbMs: 10, totalMs: 20 },
    statusCounts: { '200': 30 },
    recentErrors: [],
    history,
  };
}

function storeOf(count: number): FleetStore {
  const config = fleetConfig([1], count, '1s');
  const store = createFleetStore(config, { now: Date.now() });
  store.getState().actions.applyMetrics(Object.fromEntries(config.apis.map((api, i) => [api.id, fakeSummary(i)])), {
    probesPerSecond: count,
    totalProbes: count * 10,
    lastUpdate: Date.now(),
    startedAt: Date.now() - 60_000,
  });
  return store;
}

const frame = (store: FleetStore): string => renderToString(<App store={store} painter={painter} onQuit={() => {}} />, { columns: 120 });

function timeMedian(reps: number, body: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    body();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Our own part of a frame, without Ink's layout: rows (selector), the visible slice, every visible line formatted. */
function formatFrame(store: FleetStore, counted: WeakMap<object, ReturnType<typeof fleetCounts>>): string {
  const state = store.getState();
  const rows = state.selectRows(state);
  const cols = columnsFor(120);
  const counts = counted.get(state.metrics) ?? fleetCounts(state.config, state.metrics);
  counted.set(state.metrics, counts);
  const window = renderListLines(rows, state.ui.cursor, 36, 0);
  const lines = window.lines.map((line) =>
    line.kind === 'group'
      ? formatGroupHeader(line.team, line, 119, painter)
      : formatRow({ api: line.api, summary: state.metrics[line.api.id], health: healthOf(state.metrics[line.api.id], line.api), selected: false }, cols, painter),
  );
  return `${counts.apis}\n${lines.join('\n')}`;
}

/** One frame as a user sees it after an engine flush: some APIs changed, so rows are regrouped and resorted. */
function afterFlush(store: FleetStore, reps: number): number {
  const ids = store.getState().config.apis.map((a) => a.id);
  let n = 0;
  return timeMedian(reps, () => {
    const id = ids[n++ % ids.length]!;
    store.getState().actions.applyMetrics({ [id]: fakeSummary(n) }, store.getState().stats);
    frame(store);
  });
}

/** (c) Render: one full dashboard frame through Ink's renderToString, against the same text in one <Text>. */
export function benchRender(reps: number): Result[] {
  const small = storeOf(200);
  const medium = storeOf(2_000);
  const large = storeOf(20_000);
  for (const store of [small, medium, large]) for (let i = 0; i < 5; i++) frame(store);
  const text = frame(medium);
  const baseline = timeMedian(reps, () => renderToString(<Text>{text}</Text>, { columns: 120 }));
  const cached = { small: timeMedian(reps, () => frame(small)), medium: timeMedian(reps, () => frame(medium)), large: timeMedian(reps, () => frame(large)) };
  const flushed = { small: afterFlush(small, reps), medium: afterFlush(medium, reps), large: afterFlush(large, reps) };
  // As the Header memoises its counts: a key press reformats the visible lines only.
  const keyPress = (store: FleetStore): number => {
    const counted = new WeakMap<object, ReturnType<typeof fleetCounts>>();
    return timeMedian(reps * 10, () => formatFrame(store, counted));
  };
  const formatted = { small: keyPress(small), medium: keyPress(medium), large: keyPress(large) };
  return [
    { name: 'render: same text in one <Text> (baseline)', value: baseline, unit: 'ms' },
    { name: 'render: formatting path (key press), 2,000 APIs', value: formatted.medium, unit: 'ms', target: '< 10 ms', ok: formatted.medium < 10 },
    { name: 'render: formatting path (key press), 20,000 / 200', value: formatted.large / formatted.small, unit: 'x', target: '< 1.5x', ok: formatted.large / formatted.small < 1.5 },
    { name: 'render: Ink frame, 2,000 APIs, rows unchanged', value: cached.medium, unit: 'ms', target: '< 10 ms', ok: cached.medium < 10 },
    { name: 'render: Ink frame, 2,000 APIs, after a flush', value: flushed.medium, unit: 'ms', target: '< 10 ms', ok: flushed.medium < 10 },
    { name: 'render: Ink frame / same text in one <Text>', value: cached.medium / baseline, unit: 'x' },
    { name: 'render: Ink frame 20,000 / 200 APIs, rows unchanged', value: cached.large / cached.small, unit: 'x', target: '< 1.5x', ok: cached.large / cached.small < 1.5 },
    { name: 'render: Ink frame 20,000 / 200 APIs, after a flush', value: flushed.large / flushed.small, unit: 'x', target: '< 1.5x', ok: flushed.large / flushed.small < 1.5 },
    { name: 'render: Ink frame, 20,000 APIs, after a flush', value: flushed.large, unit: 'ms' },
  ];
}
