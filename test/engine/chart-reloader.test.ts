import { afterEach, describe, expect, it } from 'vitest';
import type { ChartRange } from '../../source/core/chart-range.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { parseConfigText } from '../../source/config/load.js';
import { CHART_RELOAD_MS, ChartReloader } from '../../source/engine/chart-reloader.js';
import { HistoryWriter } from '../../source/engine/history-writer.js';
import { createRuntime, type Runtime } from '../../source/engine/runtime.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { useTempDir } from '../helpers/temp-dir.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 12);

/** A reloader on a manual clock that records every read, wanted while `wanted` says so. */
function reloader(wanted: (apiId: string, range: ChartRange) => boolean = () => true) {
  const clock = new ManualClock(T0);
  const reads: [string, ChartRange, boolean][] = [];
  const charts = new ChartReloader({ clock, load: (apiId, range, reload) => reads.push([apiId, range, reload]), stillWanted: wanted });
  return { clock, reads, charts };
}

describe('ChartReloader: the detail\'s chart read again while it is open', () => {
  it('reads the range at once, then once a minute', () => {
    const { clock, reads, charts } = reloader();
    charts.show('a', '1h');
    expect(reads).toEqual([['a', '1h', false]]);
    clock.advance(CHART_RELOAD_MS - 1);
    expect(reads).toHaveLength(1);
    clock.advance(1 + CHART_RELOAD_MS);
    expect(reads).toEqual([['a', '1h', false], ['a', '1h', true], ['a', '1h', true]]);
  });

  it('stops reading once the detail shows another range or API', () => {
    let shown: [string, ChartRange] = ['a', '1h'];
    const { clock, reads, charts } = reloader((apiId, range) => apiId === shown[0] && range === shown[1]);
    charts.show('a', '1h');
    shown = ['b', '1h'];
    clock.advance(5 * CHART_RELOAD_MS);
    expect(reads).toEqual([['a', '1h', false]]);
  });

  it('reads only the range chosen last when another is chosen before the minute is up', () => {
    const { clock, reads, charts } = reloader();
    charts.show('a', '1h');
    clock.advance(MIN / 2);
    charts.show('a', '24h');
    clock.advance(CHART_RELOAD_MS);
    expect(reads).toEqual([['a', '1h', false], ['a', '24h', false], ['a', '24h', true]]);
  });

  it('reads nothing after stop', () => {
    const { clock, reads, charts } = reloader();
    charts.show('a', '1h');
    charts.stop();
    clock.advance(5 * CHART_RELOAD_MS);
    expect(reads).toHaveLength(1);
  });
});

describe('the dashboard\'s range chart follows the history another process writes', () => {
  const tempDir = useTempDir('api-health-chart-reload-');
  let runtime: Runtime | undefined;
  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
  });

  /** A probe a minute for `a` at 100 ms over [from, to), written as a monitor writing the same state directory would. */
  async function monitorWrites(dir: string, from: number, to: number): Promise<void> {
    const clock = new ManualClock(from);
    const writer = new HistoryWriter({ dir, retention: { fineMs: 48 * 60 * MIN, coarseMs: 400 * 24 * 60 * MIN }, clock, warn: (text) => expect.fail(text) });
    writer.start();
    for (let at = from + 1_000; at < to; at += MIN) {
      clock.advance(at - clock.now());
      writer.record({ apiId: 'a', at, outcome: 'ok', status: 200, totalMs: 100 } satisfies ProbeSample);
    }
    await writer.stop();
  }

  it('charts the minutes written since the chart was opened, a minute later', async () => {
    const dir = tempDir();
    await monitorWrites(dir, T0 - 30 * MIN, T0);
    const clock = new ManualClock(T0);
    const config = parseConfigText('apis:\n  a: { url: "http://127.0.0.1:9/a" }\n', 'c.yaml', {});
    runtime = createRuntime(config, { clock, stateDir: dir, persist: true });
    const { actions } = runtime.store.getState();
    actions.selectApi('a');
    actions.wantChartRange('1h');
    const probes = (): number => runtime!.store.getState().chart!.points.reduce((sum, p) => sum + p.probes, 0);
    expect(probes()).toBe(30);
    await monitorWrites(dir, T0, T0 + 5 * MIN);
    clock.advance(5 * MIN);
    expect(probes()).toBe(35);
  });
});
