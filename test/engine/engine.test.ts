import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/manual-clock.js';
import { Engine, type EngineOptions } from '../../source/engine/engine.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { createFleetStore } from '../../source/state/store.js';
import type { FleetStats } from '../../source/state/fleet-state.js';
import type { MetricSummary } from '../../source/metrics/summary.js';
import { configFrom } from '../helpers/config.js';

const config = configFrom({
  defaults: { interval: '100ms', window: '1m' },
  apis: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, { url: `http://127.0.0.1:9/a${i}` }])),
});

function harness(probe: (id: string, now: number) => Partial<ProbeSample> = () => ({}), options: Pick<EngineOptions, 'sparklines'> = {}) {
  const clock = new ManualClock(1_000_000);
  const store = createFleetStore(config, { now: clock.now() });
  let probes = 0;
  const engine = new Engine({
    config,
    actions: store.getState().actions,
    clock,
    flushMs: 250,
    random: () => 0,
    probe: async (api) => {
      probes++;
      return { apiId: api.id, at: clock.now(), outcome: 'ok', status: 200, totalMs: 12, ...probe(api.id, clock.now()) };
    },
    ...options,
  });
  let updates = 0;
  store.subscribe((state, previous) => {
    if (state.metricsVersion !== previous.metricsVersion) updates++;
  });
  const run = async (ms: number): Promise<void> => {
    for (let t = 0; t < ms; t += 10) {
      clock.advance(10);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { clock, store, engine, run, updates: () => updates, probes: () => probes };
}

describe('Engine', () => {
  it('updates the store once per flush, not once per probe', async () => {
    const h = harness();
    h.engine.start();
    await h.run(1_000);
    expect(h.probes()).toBeGreaterThanOrEqual(90);
    expect(h.updates()).toBe(4);
    await h.engine.stop();
  });

  it('puts every probed API in the store with its summary and counts the probes', async () => {
    const h = harness((id) => (id === 'a3' ? { outcome: 'http_5xx', status: 503 } : {}));
    h.engine.start();
    await h.run(1_000);
    await h.engine.stop();
    const { metrics, stats } = h.store.getState();
    expect(Object.keys(metrics).sort()).toEqual(config.apis.map((a) => a.id).sort());
    expect(metrics.a0).toMatchObject({ errorRate5xx: 0, availability: 1, latency: { p50: 12 } });
    expect(metrics.a3).toMatchObject({ errorRate5xx: 1, lastStatus: 503, lastError: 'http_5xx' });
    expect(stats.totalProbes).toBe(h.probes());
    expect(stats.lastUpdate).toBe(h.clock.now());
  });

  it.each([
    [{}, true],
    [{ sparklines: false }, false],
  ] as const)('keeps a sparkline point per probe unless told none are drawn (%o)', async (options, kept) => {
    const h = harness(undefined, options);
    h.engine.start();
    await h.run(1_000);
    await h.engine.stop();
    const a0 = h.store.getState().metrics.a0!;
    expect(a0).toMatchObject({ samples: expect.any(Number), latency: { p50: 12 } });
    expect(a0.samples).toBeGreaterThanOrEqual(10);
    expect(a0.history).toHaveLength(kept ? a0.samples : 0);
  });

  it('counts the turns a throttled API is not probed as failures in its window, but not as probes sent', async () => {
    const h = harness((id) => (id === 'a3' ? { outcome: 'unexpected_status', status: 429, retryAfterMs: 999_999_999_999_000 } : {}));
    h.engine.start();
    await h.run(1_000);
    await h.engine.stop();
    const { metrics, stats } = h.store.getState();
    // Turns at 0, 100, ... 1,000 ms: a3 is probed at 0, and its back-off of ten intervals (1 s from the answer) covers the rest.
    expect(metrics.a3).toMatchObject({ samples: 11, availability: 0, lastError: 'throttled', throttled: { retryAfterMs: 999_999_999_999_000, backoffMs: 1_000 } });
    expect(metrics.a3!.statusCounts).toEqual({ '429': 1, throttled: 10 });
    expect(h.probes()).toBe(9 * 11 + 1);
    expect(stats.totalProbes).toBe(h.probes());
    expect(stats.load).toMatchObject({ due: h.probes(), skipped: 0 });
  });

  it('reports probes per second over the last few seconds', async () => {
    const h = harness();
    h.engine.start();
    await h.run(6_000);
    expect(h.store.getState().stats.probesPerSecond).toBeCloseTo(100, -1);
    await h.engine.stop();
  });

  it('ages figures out of the window even for an API that stopped answering', async () => {
    let answering = true;
    const h = harness();
    const store = h.store;
    const engine = new Engine({
      config,
      actions: store.getState().actions,
      clock: h.clock,
      flushMs: 250,
      random: () => 0,
      probe: (api) =>
        answering ? Promise.resolve({ apiId: api.id, at: h.clock.now(), outcome: 'ok' as const, status: 200, totalMs: 5 }) : new Promise(() => {}),
    });
    engine.start();
    await h.run(1_000);
    answering = false;
    expect(store.getState().metrics.a0!.samples).toBeGreaterThan(0);
    await h.run(70_000);
    expect(store.getState().metrics.a0!.samples).toBe(0);
  });

  describe('with nothing but the store\'s actions to write to', () => {
    /** An Engine publishing into plain records instead of a store: it must get by on what it keeps itself. */
    function detached() {
      const clock = new ManualClock(1_000_000);
      const published: Record<string, MetricSummary> = {};
      const flushes: { updated: string[]; stats: FleetStats }[] = [];
      const evaluated: Record<string, MetricSummary>[] = [];
      const engine = new Engine({
        config,
        actions: {
          applyMetrics: (updates, stats) => {
            Object.assign(published, updates);
            flushes.push({ updated: Object.keys(updates), stats });
          },
        },
        alarms: { recordSample: () => {}, evaluate: (_now, metrics) => evaluated.push({ ...metrics }) },
        clock,
        random: () => 0,
        probe: async (api) => ({ apiId: api.id, at: clock.now(), outcome: 'ok', status: 200, totalMs: 12 }),
      });
      const probed = (apiId: string): void => engine.record({ apiId, at: clock.now(), outcome: 'ok', status: 200, totalMs: 12 });
      return { clock, engine, probed, published, flushes, evaluated };
    }

    it('hands the rule side every summary it published', () => {
      const d = detached();
      d.probed('a1');
      d.engine.flush(true);
      d.clock.advance(1_000);
      d.probed('a2');
      d.engine.flush(true);
      expect(d.evaluated.at(-1)).toEqual(d.published);
      expect(d.evaluated.at(-1)!.a2).toBe(d.published.a2);
    });

    it('publishes only the summaries that changed since its last flush', () => {
      const d = detached();
      d.engine.flush();
      d.clock.advance(250);
      d.probed('a4');
      d.engine.flush();
      expect(d.flushes.map((f) => f.updated.length)).toEqual([10, 1]);
      expect(d.flushes[1]!.updated).toEqual(['a4']);
    });

    it('keeps the time of the last flush that brought figures through flushes that bring none', () => {
      const d = detached();
      d.engine.flush();
      const figuresAt = d.clock.now();
      d.clock.advance(250);
      d.engine.flush();
      expect(d.flushes.map((f) => f.stats.lastUpdate)).toEqual([figuresAt, figuresAt]);
    });

    it('counts its start from its own construction', () => {
      const d = detached();
      d.clock.advance(2_000);
      d.engine.flush();
      expect(d.flushes[0]!.stats.startedAt).toBe(1_000_000);
    });
  });
});
