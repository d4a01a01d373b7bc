import { describe, expect, it } from 'vitest';
import { Observations } from '../../source/alerts/observations.js';
import { SloCounters } from '../../source/alerts/slo-counters.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { HistoryWriter } from '../../source/engine/history-writer.js';
import { recentHistory, sloHistory } from '../../source/engine/warm-start.js';
import { createRuntime } from '../../source/engine/runtime.js';
import { apiConfig, configFrom } from '../helpers/config.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { slow } from '../helpers/summaries.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('api-health-warm-start-');
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2);
const TWO_DAYS = 48 * HOUR;

/** A probe a minute for two days; every 50th fails (2 %, twice the budget of a 99 % objective). */
function twoDays(): ProbeSample[] {
  const samples: ProbeSample[] = [];
  for (let i = 0; i < TWO_DAYS / 60_000; i++) samples.push({ apiId: 'a', at: T0 + i * 60_000 + 500, outcome: i % 50 === 0 ? 'http_5xx' : 'ok', totalMs: 80 });
  return samples;
}

/** The first run: probes stored through the real writer on the injected clock, then stopped. */
async function firstRun(dir: string, samples: readonly ProbeSample[]): Promise<number> {
  const clock = new ManualClock(T0);
  const writer = new HistoryWriter({ dir, retention: { fineMs: 48 * HOUR, coarseMs: 400 * 24 * HOUR }, clock, warn: (text) => expect.fail(text) });
  writer.start();
  for (const sample of samples) {
    if (sample.at > clock.now()) clock.advance(sample.at - clock.now());
    writer.record(sample);
  }
  await writer.stop();
  return clock.now();
}

describe('warm start from the stored history', () => {
  it('gives the SLO counters back every probe of the 3-day window after a restart', async () => {
    const dir = tempDir();
    const samples = twoDays();
    const stoppedAt = await firstRun(dir, samples);
    const restartAt = stoppedAt + 10 * 60_000;
    const counters = new SloCounters(['a']);
    for (const series of sloHistory(dir, restartAt)) counters.restore(series);
    const bad = samples.filter((s) => s.outcome !== 'ok').length;
    expect(counters.counts('a', 72 * HOUR, restartAt)).toEqual({ good: samples.length - bad, total: samples.length });
    // As live: every minute bucket that overlaps the window counts, the oldest partly outside it.
    const firstMinute = Math.floor((restartAt - 6 * HOUR) / 60_000) * 60_000;
    const lastSixHours = samples.filter((s) => s.at >= firstMinute);
    expect(counters.counts('a', 6 * HOUR, restartAt)).toEqual({ good: lastSixHours.filter((s) => s.outcome === 'ok').length, total: lastSixHours.length });
  });

  it('keeps the 3-day burn-rate alarm judging across the restart, before any new probe', async () => {
    const dir = tempDir();
    const stoppedAt = await firstRun(dir, twoDays());
    const api = apiConfig({ id: 'a', slo: { objective: 0.99, periodMs: 30 * 24 * HOUR, minSamples: 20 } });
    const cold = new Observations([api]);
    const warm = new Observations([api]);
    for (const series of sloHistory(dir, stoppedAt + 60_000)) warm.restoreSloCounts(series);
    const burn = (o: Observations) => o.observe(api, undefined, stoppedAt + 60_000).find((x) => x.spec.name === 'SLOBurn3d6h')!.observation;
    expect(burn(cold)).toEqual({ status: 'insufficient_data' });
    expect(burn(warm)).toMatchObject({ status: 'breach' });
    // 2 % failing against a 1 % budget: a burn rate of about 2 in both windows.
    expect((burn(warm) as { value: number }).value).toBeGreaterThan(1.9);
  });

  it('reads nothing when there is no history yet', () => {
    expect([...sloHistory(tempDir(), T0)]).toEqual([]);
  });
});

describe('SloCounters.restore', () => {
  it('ignores APIs without an SLO and rows of another width', () => {
    const counters = new SloCounters(['a']);
    const counts = { starts: [T0], ok: [2], counted: [4] };
    counters.restore({ apiId: 'b', stepMs: 60_000, ...counts });
    counters.restore({ apiId: 'a', stepMs: 10_000, ...counts });
    expect(counters.counts('b', HOUR, T0)).toEqual({ good: 0, total: 0 });
    expect(counters.counts('a', HOUR, T0)).toEqual({ good: 0, total: 0 });
    counters.restore({ apiId: 'a', stepMs: 60_000, ...counts });
    expect(counters.counts('a', HOUR, T0)).toEqual({ good: 2, total: 4 });
  });
});

describe('warm figures and sparkline points from the stored history', () => {
  const MIN = 60_000;
  /** Fifteen minutes of a probe every 10 s: 100 ms, then the last 5 minutes at 1.2 s with every 6th a 503. */
  function incident(): ProbeSample[] {
    return Array.from({ length: 90 }, (_, i) => {
      const at = T0 + i * 10_000 + 500;
      const late = i >= 60;
      return late && i % 6 === 0 ? { apiId: 'a', at, outcome: 'http_5xx' as const, status: 503 } : { apiId: 'a', at, outcome: 'ok' as const, status: 200, totalMs: late ? 1200 : 100 };
    });
  }

  it('gives a point a minute over the sparkline span and the figures over the rules\' window', async () => {
    const dir = tempDir();
    const stoppedAt = await firstRun(dir, incident());
    const now = stoppedAt + 30_000;
    const warm = recentHistory(dir, now, { sparklineMs: 15 * MIN, windowMs: 2 * MIN }).get('a')!;
    expect(warm.points.map((p) => p.at)).toEqual(Array.from({ length: 15 }, (_, i) => T0 + i * MIN + 30_000).filter((at) => at > now - 15 * MIN - 30_000));
    // Within the histogram's stated error (4.3 %) of the raw latencies.
    expect(warm.points[0]!.ms).toBeCloseTo(100, -1);
    expect(warm.points.at(-1)!.ms / 1200).toBeCloseTo(1, 1);
    // The last two minutes: 12 probes, 2 of them 503s.
    expect(warm.stored).toMatchObject({ probes: 12, errorRate5xx: 2 / 12, availability: 10 / 12 });
    expect(warm.stored!.latency.p95! / 1200).toBeCloseTo(1, 1);
  });

  it('opens the dashboard\'s store with them before any probe, and the rules judge nothing on them', async () => {
    const dir = tempDir();
    const stoppedAt = await firstRun(dir, incident());
    const clock = new ManualClock(stoppedAt + 30_000);
    const config = configFrom({
      defaults: { window: '2m', minSamples: 1 },
      rules: [{ name: 'HighLatency', metric: 'latency_p95', above: '800ms' }],
      apis: { a: { url: 'http://127.0.0.1:9/' } },
    });
    const runtime = createRuntime(config, { clock, stateDir: dir, persist: true });
    const summary = runtime.store.getState().metrics['a']!;
    expect(summary.samples).toBe(0);
    expect(summary.history).toHaveLength(15);
    expect(summary.historyAt).toHaveLength(15);
    expect(summary.stored?.probes).toBe(12);
    expect(runtime.store.getState().alarms).toEqual([]);
    await runtime.stop();
  });

  it('opens blank without a history, and with history: off', async () => {
    const dir = tempDir();
    await firstRun(dir, incident());
    const off = createRuntime(configFrom({ history: 'off', apis: { a: { url: 'http://127.0.0.1:9/' } } }), { stateDir: dir, persist: true });
    expect(off.store.getState().metrics['a']?.history ?? []).toEqual([]);
    await off.stop();
    expect(recentHistory(tempDir(), T0, { sparklineMs: 15 * MIN, windowMs: 2 * MIN }).size).toBe(0);
  });
});

describe('a restored firing alarm from the first frame', () => {
  it('holds its row failing in the store the runtime hands the UI, before any probe or evaluation', async () => {
    const dir = tempDir();
    const clock = new ManualClock(T0);
    const config = configFrom({
      defaults: { minSamples: 1 },
      rules: [{ name: 'HighLatency', metric: 'latency_p95', above: '800ms' }],
      apis: { a: { url: 'http://127.0.0.1:9/' } },
    });
    const first = createRuntime(config, { clock, stateDir: dir, persist: true });
    first.alarmService.evaluate(clock.now(), { a: slow() });
    clock.advance(60_000);
    first.alarmService.evaluate(clock.now(), { a: slow() });
    expect(first.store.getState().alarms.map((v) => v.alarm.state)).toEqual(['firing']);
    await first.stop();
    clock.advance(60_000);
    const second = createRuntime(config, { clock, stateDir: dir, persist: true });
    expect(second.store.getState().alarms.map((v) => v.alarm.state)).toEqual(['firing']);
    expect(second.store.getState().health.of.get('a')).toBe('failing');
    await second.stop();
  });
});

describe('the burn-rate windows when the runtime starts', () => {
  it('are rebuilt from the stored history at start, so the 3-day burn-rate alarm judges before any new probe', async () => {
    const dir = tempDir();
    const stoppedAt = await firstRun(dir, twoDays());
    const clock = new ManualClock(stoppedAt + 60_000);
    const config = configFrom({ slo: { objective: 0.99 }, apis: { a: { url: 'http://127.0.0.1:9/' } } });
    const runtime = createRuntime(config, { clock, stateDir: dir, persist: true });
    runtime.start();
    runtime.alarmService.evaluate(clock.now(), { a: slow() });
    expect(runtime.store.getState().alarms.map((v) => v.alarm.rule)).toContain('SLOBurn3d6h');
    await runtime.stop();
  });
});
