import { describe, expect, it } from 'vitest';
import type { ApiConfig } from '../../source/config/types.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { ProbeScheduler, type SchedulerOptions } from '../../source/engine/scheduler.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { apiConfig } from '../helpers/config.js';

interface Started {
  api: ApiConfig;
  at: number;
  finish: (patch?: Partial<ProbeSample>) => void;
}

/** A scheduler on a manual clock whose probes finish only when the test says so. */
function harness(apis: ApiConfig[], options: Partial<SchedulerOptions> = {}) {
  const clock = new ManualClock(0);
  const started: Started[] = [];
  const lags: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const scheduler = new ProbeScheduler({
    apis,
    clock,
    concurrency: 64,
    perHostConcurrency: 1,
    random: () => 0,
    onStart: (_api, lag) => lags.push(lag),
    onSample: () => {},
    probe: (api) =>
      new Promise<ProbeSample>((resolve) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        started.push({
          api,
          at: clock.now(),
          finish: (patch = {}) => {
            inFlight--;
            resolve({ apiId: api.id, at: 0, outcome: 'ok', ...patch });
          },
        });
      }),
    ...options,
  });
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  /** Advances in small steps, letting finished probes' callbacks run between steps. */
  const run = async (ms: number, step = 10): Promise<void> => {
    for (let t = 0; t < ms; t += step) {
      clock.advance(step);
      await settle();
    }
  };
  return { clock, scheduler, started, lags, run, settle, maxInFlight: () => maxInFlight };
}

/** A scheduler on a manual clock whose probes each take `latencyMs`, as a slow fleet's would. */
function slowFleet(apis: ApiConfig[], latencyMs: number, options: Partial<SchedulerOptions> = {}) {
  const clock = new ManualClock(0);
  let probes = 0;
  const scheduler = new ProbeScheduler({
    apis,
    clock,
    concurrency: 64,
    perHostConcurrency: 1,
    random: () => 0,
    onSample: () => {},
    probe: (api) =>
      new Promise<ProbeSample>((resolve) => {
        probes++;
        clock.setTimeout(() => resolve({ apiId: api.id, at: 0, outcome: 'ok' }), latencyMs);
      }),
    ...options,
  });
  const run = async (ms: number, step = 50): Promise<void> => {
    for (let t = 0; t < ms; t += step) {
      clock.advance(step);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  /** Stops, letting the probes in flight finish on the clock. */
  const stop = async (): Promise<void> => {
    const stopping = scheduler.stop();
    await run(latencyMs);
    await stopping;
  };
  return { clock, scheduler, run, stop, probes: () => probes };
}

const loopback = (id: string, intervalMs = 1_000): ApiConfig => apiConfig({ id, url: `http://127.0.0.1:9/${id}`, intervalMs });
const remote = (id: string, host = 'api.example.org'): ApiConfig => apiConfig({ id, url: `https://${host}/${id}`, intervalMs: 1_000 });
const finishAll = (started: Started[]): void => started.forEach((s) => s.finish());

describe('ProbeScheduler', () => {
  it('spreads first starts over one interval with the injected jitter', async () => {
    const apis = Array.from({ length: 50 }, (_, i) => loopback(`a${i}`, 1_000));
    let n = 0;
    const h = harness(apis, { random: () => (n++ % 50) / 50 });
    h.scheduler.start();
    await h.run(999, 1);
    const firsts = h.started.map((s) => s.at);
    expect(firsts).toHaveLength(50);
    expect(Math.min(...firsts)).toBe(0);
    expect(Math.max(...firsts)).toBeLessThan(1_000);
    expect(new Set(firsts).size).toBe(50);
    finishAll(h.started);
    await h.scheduler.stop();
  });

  it('keeps a fixed cadence from the first start: a slow probe does not drift the schedule', async () => {
    const h = harness([loopback('a', 1_000)], { random: () => 0.25 });
    h.scheduler.start();
    for (let i = 0; i < 5; i++) {
      await h.run(1_000);
      for (const s of h.started) s.finish();
    }
    expect(h.started.map((s) => s.at)).toEqual([250, 1_250, 2_250, 3_250, 4_250]);
    expect(h.lags.every((lag) => lag === 0)).toBe(true);
  });

  it('never runs more probes at once than the global concurrency limit', async () => {
    const apis = Array.from({ length: 10 }, (_, i) => loopback(`a${i}`));
    const h = harness(apis, { concurrency: 3 });
    h.scheduler.start();
    await h.run(100);
    expect(h.started).toHaveLength(3);
    h.started[0]!.finish();
    await h.settle();
    expect(h.started).toHaveLength(4);
    expect(h.maxInFlight()).toBe(3);
  });

  it('probes one non-loopback host one request at a time, other hosts in parallel', async () => {
    const h = harness([remote('a'), remote('b'), remote('c'), remote('d', 'other.example.org')], { perHostConcurrency: 1 });
    h.scheduler.start();
    await h.run(100);
    expect(h.started.map((s) => s.api.id)).toEqual(['a', 'd']);
    h.started[0]!.finish();
    await h.settle();
    expect(h.started.map((s) => s.api.id)).toEqual(['a', 'd', 'b']);
  });

  it('does not apply the per-host limit to loopback targets', async () => {
    const h = harness([loopback('a'), loopback('b'), loopback('c')], { perHostConcurrency: 1 });
    h.scheduler.start();
    await h.run(10);
    expect(h.started).toHaveLength(3);
  });

  it('skips a turn while the previous probe of that API is still running', async () => {
    const h = harness([loopback('a', 1_000)]);
    h.scheduler.start();
    await h.run(2_500);
    expect(h.started.map((s) => s.at)).toEqual([0]);
    h.started[0]!.finish();
    await h.run(1_000);
    expect(h.started.map((s) => s.at)).toEqual([0, 3_000]);
  });

  it('never starts the same API twice at once, even when the fleet is saturated', async () => {
    const h = harness([loopback('a', 100), loopback('b', 100), loopback('c', 100)], { concurrency: 2 });
    const done = new Set<Started>();
    let maxSameApi = 0;
    h.scheduler.start();
    await h.run(1_000);
    for (let i = 0; i < 10; i++) {
      const next = h.started.find((s) => !done.has(s))!;
      done.add(next);
      next.finish();
      await h.run(100);
      const running = new Map<string, number>();
      for (const s of h.started.filter((s) => !done.has(s))) running.set(s.api.id, (running.get(s.api.id) ?? 0) + 1);
      maxSameApi = Math.max(maxSameApi, ...running.values());
    }
    expect(h.maxInFlight()).toBe(2);
    expect(maxSameApi).toBe(1);
  });

  it('lets every API have its turn when the fleet is saturated, none starved', async () => {
    const h = harness([loopback('a', 100), loopback('b', 100)], { concurrency: 1 });
    h.scheduler.start();
    await h.run(1_000);
    for (let i = 0; i < 20; i++) {
      h.started.at(-1)!.finish();
      await h.run(10);
    }
    const count = (id: string) => h.started.filter((s) => s.api.id === id).length;
    expect(Math.abs(count('a') - count('b'))).toBeLessThanOrEqual(1);
  });

  it('backs an API off for as long as a 429 Retry-After asks', async () => {
    const h = harness([loopback('a', 1_000), loopback('b', 1_000)]);
    h.scheduler.start();
    await h.run(10);
    h.started.find((s) => s.api.id === 'a')!.finish({ outcome: 'unexpected_status', status: 429, retryAfterMs: 4_500 });
    h.started.find((s) => s.api.id === 'b')!.finish();
    await h.settle();
    for (let i = 0; i < 6; i++) {
      await h.run(1_000);
      finishAll(h.started);
    }
    const starts = (id: string) => h.started.filter((s) => s.api.id === id).map((s) => s.at);
    expect(starts('a')).toEqual([0, 5_000, 6_000]);
    expect(starts('b')).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000]);
  });

  it('marks the back-off of a 429 that was a policy block, so its skipped turns count as blocked', async () => {
    const samples: ProbeSample[] = [];
    const h = harness([loopback('a', 1_000)], { onSample: (sample) => samples.push(sample) });
    h.scheduler.start();
    await h.run(10);
    h.started.at(-1)!.finish({ outcome: 'blocked', status: 429, at: 0, retryAfterMs: 2_500 });
    await h.run(1_000, 100);
    const throttle = { since: 0, retryAfterMs: 2_500, backoffMs: 2_500, blocked: true };
    expect(samples).toEqual([
      expect.objectContaining({ outcome: 'blocked', status: 429, throttle }),
      expect.objectContaining({ outcome: 'throttled', at: 1_000, throttle }),
    ]);
  });

  describe('when an API answers 429 with an enormous Retry-After', () => {
    const forever = 999_999_999_999_000;
    const throttledBy = (h: ReturnType<typeof harness>, retryAfterMs: number): void =>
      h.started.at(-1)!.finish({ outcome: 'unexpected_status', status: 429, at: h.started.at(-1)!.at, retryAfterMs });

    it('probes it again after ten intervals, not after the 31,000 years it asked for', async () => {
      const h = harness([loopback('a', 1_000)]);
      h.scheduler.start();
      await h.run(10);
      throttledBy(h, forever);
      for (let i = 0; i < 25; i++) {
        await h.run(1_000, 100);
        finishAll(h.started.slice(1));
      }
      expect(h.started.map((s) => s.at)).toEqual([0, 11_000, 12_000, 13_000, 14_000, 15_000, 16_000, 17_000, 18_000, 19_000, 20_000, 21_000, 22_000, 23_000, 24_000, 25_000]);
    });

    it('caps the back-off at ten minutes when ten intervals would be longer', async () => {
      const h = harness([loopback('a', 300_000)]);
      h.scheduler.start();
      await h.run(10);
      throttledBy(h, forever);
      await h.run(1_000_000, 10_000);
      expect(h.started.map((s) => s.at)).toEqual([0, 900_000]);
    });

    it('reports every turn it skips as a throttled sample, with when the episode began and what was asked', async () => {
      const samples: ProbeSample[] = [];
      const h = harness([loopback('a', 1_000)], { onSample: (sample) => samples.push(sample) });
      h.scheduler.start();
      await h.run(10);
      throttledBy(h, forever);
      await h.run(3_000, 100);
      const throttle = { since: 0, retryAfterMs: forever, backoffMs: 10_000 };
      expect(samples).toEqual([
        expect.objectContaining({ outcome: 'unexpected_status', status: 429, throttle }),
        expect.objectContaining({ outcome: 'throttled', at: 1_000, throttle, message: 'HTTP 429: backing off 10s (Retry-After asked 11574074d1h)' }),
        expect.objectContaining({ outcome: 'throttled', at: 2_000, throttle }),
        expect.objectContaining({ outcome: 'throttled', at: 3_000, throttle }),
      ]);
    });

    it('keeps the episode while 429s go on, and ends it with the first other answer', async () => {
      const samples: ProbeSample[] = [];
      const h = harness([loopback('a', 1_000)], { onSample: (sample) => samples.push(sample) });
      h.scheduler.start();
      await h.run(10);
      throttledBy(h, 2_000);
      await h.run(3_000, 100);
      throttledBy(h, 2_000);
      await h.run(3_000, 100);
      h.started.at(-1)!.finish();
      await h.run(2_000, 100);
      expect(samples.map((s) => [s.at, s.outcome, s.throttle?.since])).toEqual([
        [0, 'unexpected_status', 0],
        [1_000, 'throttled', 0],
        [2_000, 'throttled', 0],
        [3_000, 'unexpected_status', 0],
        [4_000, 'throttled', 0],
        [5_000, 'throttled', 0],
        [0, 'ok', undefined],
      ]);
      expect(h.started.map((s) => s.at)).toEqual([0, 3_000, 6_000, 7_000]);
    });

    it('leaves the other APIs on their schedule', async () => {
      const h = harness([loopback('a', 1_000), loopback('b', 1_000)]);
      h.scheduler.start();
      await h.run(10);
      h.started.find((s) => s.api.id === 'a')!.finish({ outcome: 'unexpected_status', status: 429, retryAfterMs: forever });
      h.started.find((s) => s.api.id === 'b')!.finish();
      for (let i = 0; i < 3; i++) {
        await h.run(1_000, 100);
        finishAll(h.started.filter((s) => s.api.id === 'b'));
      }
      expect(h.started.filter((s) => s.api.id === 'b').map((s) => s.at)).toEqual([0, 1_000, 2_000, 3_000]);
    });
  });

  describe('counting the turns it cannot keep', () => {
    const fleet = (n: number, intervalMs = 1_000) => Array.from({ length: n }, (_, i) => loopback(`a${i}`, intervalMs));

    it('counts the turns skipped while every concurrency slot is busy, and blames the concurrency limit', async () => {
      // 20 APIs every second at 700 ms a probe need 14 slots; 8 run about 11 probes a second of the 20 due
      // (31 turns each: at 0 s and every second up to 30 s).
      const f = slowFleet(fleet(20), 700, { concurrency: 8 });
      f.scheduler.start();
      await f.run(30_000);
      const load = f.scheduler.turns.recent(f.clock.now());
      expect(load.due).toBe(620);
      expect(load.skipped / load.due).toBeGreaterThan(0.35);
      expect(load.skipped / load.due).toBeLessThan(0.55);
      // Every due turn was probed, skipped, or is still waiting for a slot (at most one per API).
      expect(load.due - load.skipped - f.probes()).toBeGreaterThanOrEqual(0);
      expect(load.due - load.skipped - f.probes()).toBeLessThanOrEqual(20);
      expect(load.skippedBy).toBe('concurrency');
      expect(load.late).toBeGreaterThan(0);
      expect(f.scheduler.turns.total().skipped).toEqual({ concurrency: load.skipped, per_host: 0, overrun: 0 });
      await f.stop();
    });

    it('counts nothing when the limit leaves room for the fleet', async () => {
      const f = slowFleet(fleet(20), 700, { concurrency: 64 });
      f.scheduler.start();
      await f.run(30_000);
      expect(f.scheduler.turns.recent(f.clock.now())).toMatchObject({ due: 620, skipped: 0, late: 0, skippedBy: undefined });
      expect(f.probes()).toBe(620);
      await f.stop();
    });

    it('blames the per-host limit for turns of APIs waiting on their shared host', async () => {
      const f = slowFleet([remote('a'), remote('b'), remote('c')], 700, { perHostConcurrency: 1 });
      f.scheduler.start();
      await f.run(10_000);
      const load = f.scheduler.turns.recent(f.clock.now());
      expect(load.skipped).toBeGreaterThan(0);
      expect(load.skippedBy).toBe('per_host');
      expect(f.scheduler.turns.total().skipped.concurrency).toBe(0);
      await f.stop();
    });

    it('blames the API itself when its probe, started on time, outlasts its interval', async () => {
      const f = slowFleet([loopback('a', 1_000)], 2_500);
      f.scheduler.start();
      await f.run(9_000);
      expect(f.scheduler.turns.recent(f.clock.now())).toMatchObject({ due: 10, skipped: 6, late: 0, skippedBy: 'overrun' });
      await f.stop();
    });

    it('does not count the turns of a throttled API as due or skipped', async () => {
      const h = harness([loopback('a', 1_000)]);
      h.scheduler.start();
      await h.run(10);
      h.started[0]!.finish({ outcome: 'unexpected_status', status: 429, retryAfterMs: 60_000 });
      await h.run(5_000, 100);
      expect(h.scheduler.turns.recent(h.clock.now())).toMatchObject({ due: 1, skipped: 0 });
    });
  });

  it('stop waits for probes in flight and starts no more', async () => {
    const h = harness([loopback('a', 100)]);
    h.scheduler.start();
    await h.run(10);
    let stopped = false;
    const stopping = h.scheduler.stop().then(() => {
      stopped = true;
    });
    await h.settle();
    expect(stopped).toBe(false);
    h.started[0]!.finish();
    await stopping;
    await h.run(1_000);
    expect(h.started).toHaveLength(1);
  });

  it('leaves APIs without a URL (read from a source) alone', async () => {
    const h = harness([apiConfig({ id: 'sourced', url: undefined, source: 'prom' })]);
    h.scheduler.start();
    await h.run(5_000, 100);
    expect(h.started).toHaveLength(0);
  });
});
