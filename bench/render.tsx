import { EventEmitter } from 'node:events';
import { render, Text, type Instance } from 'ink';
import { useState, type ReactElement } from 'react';
import { createFleetStore } from '../source/state/store.js';
import type { FleetStore } from '../source/state/fleet-state.js';
import { App } from '../source/ui/App.js';
import { createPainter } from '../source/ui/paint.js';
import { loadTheme } from '../source/ui/theme.js';
import type { MetricSummary } from '../source/metrics/summary.js';
import { columnsFor, formatGroupHeader, formatRow } from '../source/ui/format-row.js';
import { renderListLines } from '../source/ui/list-window.js';
import { fleetConfig, median } from './fleet.js';
import { liveHeapBytes } from './live-heap.js';
import type { Result } from './result.js';

const painter = createPainter(loadTheme('dark'), true);

/**
 * Failing APIs in every fleet: two per team (APIs are dealt to 20 teams in turn), so 200, 2,000 and 20,000 APIs
 * all open on the same first screen and their frames differ by fleet size alone.
 */
const FAILING_APIS = 40;

/** API number `i`'s figures; `variant` changes the figures, not the health. */
function fakeSummary(i: number, variant = 0, failing = i < FAILING_APIS): MetricSummary {
  const v = i + variant;
  const history = Array.from({ length: 120 }, (_, k) => (k % 17 === 0 ? Number.NaN : 20 + ((v * 7 + k * 13) % 90)));
  return {
    samples: 30,
    latency: { p50: 20 + (v % 60), p95: 60 + (v % 900), p99: 90 + (v % 1200) },
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

/** A terminal of a given size for a live Ink instance: it counts Ink's writes and says when the next one lands. */
export class BenchTerminal extends EventEmitter {
  readonly isTTY = true;
  private waiting: (() => void) | undefined;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  /** The last chunk Ink wrote: with `debug`, the whole frame. */
  last = '';
  write(chunk?: unknown): boolean {
    this.last = String(chunk ?? '');
    this.waiting?.();
    this.waiting = undefined;
    return true;
  }
  nextWrite(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}

interface Size {
  columns: number;
  rows: number;
}

/** A keyboard for a live Ink instance: what `press` sends is read the way a terminal's raw input is. */
export class BenchKeyboard extends EventEmitter {
  readonly isTTY = true;
  private queued: string[] = [];
  setRawMode(): void {}
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    return this.queued.shift() ?? null;
  }
  press(keys: string): void {
    this.queued.push(keys);
    this.emit('readable');
  }
}

/**
 * Ink with unthrottled output, and no input (a stdin that is not a terminal) unless given a keyboard; `onDrawn`
 * gets Ink's own drawing time.
 */
export function mount(element: ReactElement, size: Size, onDrawn: (ms: number) => void = () => {}, keyboard?: BenchKeyboard): { terminal: BenchTerminal; instance: Instance } {
  const terminal = new BenchTerminal(size.columns, size.rows);
  const stdin = keyboard ?? Object.assign(new EventEmitter(), { isTTY: false });
  const instance = render(element, {
    stdout: terminal as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    patchConsole: false,
    exitOnCtrlC: false,
    onRender: ({ renderTime }) => onDrawn(renderTime),
  });
  return { terminal, instance };
}

interface FrameTimes {
  /** From the change to Ink's write. */
  total: number;
  /** The part before Ink draws: our components render (selectors, row text) and Yoga lays them out. */
  building: number;
}

/** What is measured: an element on a terminal of some size, and a change that alters its frame. */
interface Scenario {
  element: ReactElement;
  size: Size;
  change: (n: number) => void;
  /** Where the change types its keys, when it does. */
  keyboard?: BenchKeyboard;
}

/**
 * Milliseconds from a change to the frame Ink writes for it, medians over `reps`, for each scenario: each mounted
 * once in a live Ink instance (unthrottled, as `debug` renders every update), every change followed through
 * React, Yoga layout and Ink's drawing (its own `renderTime`). The scenarios take turns frame by frame, so a
 * busy machine slows them alike and their ratios hold. Each change must alter the frame, or no write follows.
 */
async function liveFrames<T extends Scenario[]>(scenarios: [...T], reps: number): Promise<{ [K in keyof T]: FrameTimes }> {
  const drawn = scenarios.map(() => 0);
  const mounted = scenarios.map((scenario, i) =>
    mount(
      scenario.element,
      scenario.size,
      (ms) => {
        drawn[i] = ms;
      },
      scenario.keyboard,
    ),
  );
  const totals = scenarios.map((): number[] => []);
  const building = scenarios.map((): number[] => []);
  try {
    for (let n = 0; n < reps + WARM_UP; n++) {
      // Each round starts with the next scenario: garbage one leaves behind is collected during all of them alike.
      for (let k = 0; k < scenarios.length; k++) {
        const i = (n + k) % scenarios.length;
        const scenario = scenarios[i]!;
        const written = mounted[i]!.terminal.nextWrite();
        const started = performance.now();
        scenario.change(n);
        await written;
        const total = performance.now() - started;
        if (n >= WARM_UP) {
          totals[i]!.push(total);
          building[i]!.push(total - drawn[i]!);
        }
        // Let React's scheduler run what it queued after the commit (effects), as the event loop would between frames.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    for (const { instance } of mounted) instance.unmount();
  }
  return scenarios.map((_, i) => ({ total: median(totals[i]!), building: median(building[i]!) })) as { [K in keyof T]: FrameTimes };
}

const WARM_UP = 10;

/** Enough frames that a text cache keeping each frame (a few KB) would show as megabytes. */
const LONG_RUN_FRAMES = 3_000;

const app = (store: FleetStore): ReactElement => <App store={store} painter={painter} onQuit={() => {}} />;

/** A key press: the cursor moves down and back up. */
const keyPress = (store: FleetStore, size: Size): Scenario => ({
  element: app(store),
  size,
  change: (n) => store.getState().actions.moveCursor(n % 2 === 0 ? 1 : -1),
});

/** A key typed at the terminal: `j` and `k` in turn, through Ink's input, the key table and the store, to the write. */
function typedKey(store: FleetStore, size: Size): Scenario {
  const keyboard = new BenchKeyboard();
  return { element: app(store), size, keyboard, change: (n) => keyboard.press(n % 2 === 0 ? 'j' : 'k') };
}

/**
 * An engine flush: the API under the cursor (so the frame changes) gets new figures. Usually its health stays
 * (the rows keep their order); with `flipHealth` it turns failing or healthy, and the fleet is regrouped.
 */
function flush(store: FleetStore, size: Size, flipHealth = false): Scenario {
  const index = new Map(store.getState().config.apis.map((api, i) => [api.id, i]));
  return {
    element: app(store),
    size,
    change: (n) => {
      const state = store.getState();
      const api = state.selectRows(state).apis[state.ui.cursor]!;
      const i = index.get(api.id)!;
      const failing = flipHealth ? state.health.of.get(api.id) !== 'failing' : i < FAILING_APIS;
      state.actions.applyMetrics({ [api.id]: fakeSummary(i, n + 1, failing) }, state.stats);
    },
  };
}

/** Ink alone: the same frame text in one <Text>, changed by one character each time. */
function inkAlone(text: string, size: Size): Scenario {
  let rerender: (n: number) => void = () => {};
  function Frame(): ReactElement {
    const [n, setN] = useState(0);
    rerender = setN;
    return <Text>{n % 2 === 0 ? text : `${text} `}</Text>;
  }
  return { element: <Frame />, size, change: (n) => rerender(n + 1) };
}

function timeMedian(reps: number, body: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    body();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Our own part of a frame, without Ink: rows (selector), the visible slice, every visible line formatted. */
function formatFrame(store: FleetStore, size: Size): string {
  const state = store.getState();
  const rows = state.selectRows(state);
  const cols = columnsFor(size.columns);
  const window = renderListLines(rows, state.ui.cursor, size.rows - 5, 0);
  const lines = window.lines.map((line) =>
    line.kind === 'group'
      ? formatGroupHeader(line.team, line, size.columns - 1, painter)
      : formatRow({ api: line.api, summary: state.metrics[line.api.id], health: state.health.of.get(line.api.id) ?? 'unknown', selected: false }, cols, painter),
  );
  return `${state.health.counts.apis}\n${lines.join('\n')}`;
}

/** The frame text itself, as a terminal of this size shows it. */
function frameText(store: FleetStore, size: Size): string {
  const writes: string[] = [];
  const { terminal, instance } = mount(app(store), size);
  terminal.write = (chunk?: unknown): boolean => {
    writes.push(String(chunk));
    return true;
  };
  store.getState().actions.moveCursor(0);
  instance.rerender(app(store));
  instance.unmount();
  return writes.reduce((longest, text) => (text.length > longest.length ? text : longest), '');
}

/**
 * (c) Render, on a 120x24 terminal (and 200x50 for comparison): the dashboard mounted in a live Ink instance,
 * each frame timed from a key press or an engine flush to Ink's write; Ink alone drawing the same text is the baseline.
 */
export async function benchRender(reps: number): Promise<Result[]> {
  const size = { columns: 120, rows: 24 };
  const large = { columns: 200, rows: 50 };
  const stores = { small: storeOf(200), medium: storeOf(2_000), big: storeOf(20_000), other: storeOf(2_000) };
  // A store is mounted by one scenario at a time: a change to it would redraw every dashboard showing it.
  const [baseline, keysMedium, flushedMedium] = await liveFrames([inkAlone(frameText(stores.medium, size), size), keyPress(stores.medium, size), flush(stores.other, size)], reps);
  const [keysSmall, keysBig] = await liveFrames([keyPress(stores.small, size), keyPress(stores.big, size)], reps);
  const [typedMedium] = await liveFrames([typedKey(stores.medium, size)], reps);
  const [flushedSmall, flushedBig] = await liveFrames([flush(stores.small, size), flush(stores.big, size)], reps);
  const [regroupedSmall, regroupedBig] = await liveFrames([flush(stores.small, size, true), flush(stores.big, size, true)], reps);
  const [largeBaseline, largeFlush] = await liveFrames([inkAlone(frameText(stores.medium, large), large), flush(stores.medium, large)], reps);
  const heapBefore = liveHeapBytes();
  await liveFrames([flush(stores.medium, size)], LONG_RUN_FRAMES);
  const heapGrowth = (liveHeapBytes() - heapBefore) / 1024 / 1024;
  const ours = timeMedian(reps * 10, () => formatFrame(stores.medium, size));
  return [
    { name: 'render: Ink alone, the frame text in one <Text> (baseline)', value: baseline.total, unit: 'ms' },
    { name: 'render: frame after a key press, 2,000 APIs', value: keysMedium.total, unit: 'ms', target: '< 10 ms', ok: keysMedium.total < 10 },
    { name: 'render: frame after a flush, 2,000 APIs', value: flushedMedium.total, unit: 'ms', target: '< 10 ms', ok: flushedMedium.total < 10 },
    { name: 'render: key typed (terminal input) to write, 2,000 APIs', value: typedMedium.total, unit: 'ms', target: '< 10 ms', ok: typedMedium.total < 10 },
    { name: 'render: key typed to write / Ink alone', value: typedMedium.total / baseline.total, unit: 'x' },
    { name: 'render: frame after a flush / Ink alone', value: flushedMedium.total / baseline.total, unit: 'x' },
    { name: 'render: of which building it (before Ink draws), key press', value: keysMedium.building, unit: 'ms' },
    { name: 'render: of which building it (before Ink draws), flush', value: flushedMedium.building, unit: 'ms' },
    { name: 'render: key press, 20,000 / 200 APIs', value: keysBig.total / keysSmall.total, unit: 'x', target: '< 1.5x', ok: keysBig.total / keysSmall.total < 1.5 },
    { name: 'render: flush, 20,000 / 200 APIs', value: flushedBig.total / flushedSmall.total, unit: 'x', target: '< 1.5x', ok: flushedBig.total / flushedSmall.total < 1.5 },
    { name: 'render: flush that changes a health (regroup), 20,000 / 200 APIs', value: regroupedBig.total / regroupedSmall.total, unit: 'x', target: '< 1.5x', ok: regroupedBig.total / regroupedSmall.total < 1.5 },
    { name: 'render: frame after a flush, 20,000 APIs', value: flushedBig.total, unit: 'ms' },
    { name: 'render: frame after a regrouping flush, 20,000 APIs', value: regroupedBig.total, unit: 'ms' },
    { name: 'render: our text alone (rows, visible lines formatted), 2,000 APIs', value: ours, unit: 'ms' },
    { name: `render: live heap growth over ${LONG_RUN_FRAMES} frames`, value: heapGrowth, unit: 'MiB', target: '< 1 MiB', ok: heapGrowth < 1 },
    { name: 'render: 200x50 terminal, Ink alone', value: largeBaseline.total, unit: 'ms' },
    { name: 'render: 200x50 terminal, frame after a flush, 2,000 APIs', value: largeFlush.total, unit: 'ms' },
    { name: 'render: 200x50 terminal, frame after a flush / Ink alone', value: largeFlush.total / largeBaseline.total, unit: 'x', target: '<= 1.05x', ok: largeFlush.total / largeBaseline.total <= 1.05 },
  ];
}
