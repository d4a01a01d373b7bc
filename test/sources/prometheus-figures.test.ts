import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import type { SourceFigures } from '../../source/sources/external-figures.js';
import { PrometheusFigures, staleAfterMs } from '../../source/sources/prometheus-figures.js';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { waitFor } from '../helpers/wait-for.js';

/** What the loopback stand-in for Prometheus' query API answers, per query text: a number, or no series. */
const answers = new Map<string, number | 'none'>();

function vector(value: number | 'none'): object {
  return { status: 'success', data: { resultType: 'vector', result: value === 'none' ? [] : [{ metric: {}, value: [0, String(value)] }] } };
}

const START = 1_000_000;

describe('PrometheusFigures', () => {
  let prometheus: LoopbackServer;
  const dispatcher = new Agent();

  beforeAll(async () => {
    prometheus = await listenOnLoopback((request, response) => {
      const url = new URL(request.url!, 'http://x');
      // The start-up back-fill of the sparkline finds no history.
      const body = url.pathname.endsWith('query_range')
        ? { status: 'success', data: { resultType: 'matrix', result: [] } }
        : vector(answers.get(url.searchParams.get('query') ?? '') ?? 'none');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  afterAll(async () => {
    await prometheus.close();
    await dispatcher.close();
  });

  /** One source API querying the 5xx rate and the p95 latency, every 10 s with a 5 s timeout. */
  async function reading(): Promise<{ figures: PrometheusFigures; clock: ManualClock; changes: () => number }> {
    const config = parseConfigText(
      `
defaults: { interval: 10s, timeout: 5s }
sources: { prom: { type: prometheus, url: "${prometheus.url('')}" } }
apis:
  aqs: { source: prom, queries: { error_rate_5xx: "five", latency_p95: "p95" } }
`,
      'figures.yaml',
      {},
    );
    const clock = new ManualClock(START);
    const figures = new PrometheusFigures({ config, clock, dispatcher });
    let count = 0;
    figures.start(() => count++);
    return { figures, clock, changes: () => count };
  }

  async function nextReading(clock: ManualClock, changes: () => number, ms: number): Promise<void> {
    const before = changes();
    clock.advance(ms);
    await waitFor(() => changes() > before, { timeoutMs: 5_000, what: 'the next reading' });
  }

  it('gives each figure it read, with the source it came from and when', async () => {
    answers.set('five', 0.73).set('p95', 0.12);
    const { figures, changes } = await reading();
    await waitFor(() => changes() > 0, { timeoutMs: 5_000, what: 'the first reading' });
    const read = figures.read('aqs', START + 1_000)!;
    expect(read.values).toEqual({ error_rate_5xx: 0.73, latency_p95: 120 });
    expect(read.sourced).toEqual({ error_rate_5xx: { source: 'prom', at: START }, latency_p95: { source: 'prom', at: START } });
    await figures.stop();
  });

  it('draws the sparkline from the p95 series when it reads p50 too, so the chart\'s max is never below the p95 (issue 21)', async () => {
    answers.set('p50', 0.002).set('p95', 0.0048);
    const config = parseConfigText(
      `
defaults: { interval: 10s, timeout: 5s }
sources: { prom: { type: prometheus, url: "${prometheus.url('')}" } }
apis:
  aqs: { source: prom, queries: { latency_p50: "p50", latency_p95: "p95" } }
`,
      'figures.yaml',
      {},
    );
    const figures = new PrometheusFigures({ config, clock: new ManualClock(START), dispatcher });
    let count = 0;
    figures.start(() => count++);
    await waitFor(() => count > 0, { timeoutMs: 5_000, what: 'the first reading' });
    const read = figures.read('aqs', START + 1_000)!;
    expect(read.values.latency_p95).toBeCloseTo(4.8);
    expect(Math.max(...read.history)).toBeGreaterThanOrEqual(read.values.latency_p95!);
    await figures.stop();
  });

  it('a query answering no series is no data, even where it answered before', async () => {
    answers.set('five', 0.73).set('p95', 0.12);
    const { figures, clock, changes } = await reading();
    await waitFor(() => changes() > 0, { timeoutMs: 5_000, what: 'the first reading' });
    answers.set('five', 'none');
    await nextReading(clock, changes, 10_000);
    const read: SourceFigures = figures.read('aqs', clock.now())!;
    expect(read.values).toEqual({ latency_p95: 120 });
    expect(read.sourced.error_rate_5xx).toEqual({ source: 'prom' });
    expect(read.currentError!.message).toContain('no data');
    await figures.stop();
  });

  it('keeps a figure while fresh, then marks it stale with its value and time, and no longer gives it', async () => {
    answers.set('five', 0.73).set('p95', 0.12);
    const { figures, changes } = await reading();
    await waitFor(() => changes() > 0, { timeoutMs: 5_000, what: 'the first reading' });
    const bound = staleAfterMs(10_000, 5_000);
    expect(bound).toBe(25_000);
    expect(figures.read('aqs', START + bound)!.values.error_rate_5xx).toBe(0.73);
    const stale = figures.read('aqs', START + bound + 1)!;
    expect(stale.values).toEqual({});
    expect(stale.sourced.error_rate_5xx).toEqual({ source: 'prom', at: START, staleValue: 0.73 });
    await figures.stop();
  });
});
