import { describe, expect, it } from 'vitest';
import { ApiWindow } from '../../source/metrics/api-window.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';

const ok = (at: number, totalMs: number, extra: Partial<ProbeSample> = {}): ProbeSample => ({
  apiId: 'a',
  at,
  outcome: 'ok',
  status: 200,
  ttfbMs: totalMs / 2,
  totalMs,
  ...extra,
});
const fail = (at: number, extra: Partial<ProbeSample>): ProbeSample => ({ apiId: 'a', at, outcome: 'error', ...extra });

describe('ApiWindow', () => {
  it('summarises an empty window as no samples and no rates: no data is neither 0% nor 100%', () => {
    const s = new ApiWindow(60_000, 1_000).summarize(0);
    expect(s).toMatchObject({ samples: 0, errorRate5xx: undefined, errorRate: undefined, availability: undefined, latency: {} });
  });

  it('computes nearest-rank p50/p95/p99 over the latencies in the window', () => {
    const window = new ApiWindow(600_000, 1_000);
    for (let i = 1; i <= 100; i++) window.add(ok(i, i));
    expect(window.summarize(200).latency).toEqual({ p50: 50, p95: 95, p99: 99 });
  });

  it('has an exact 5xx rate: 5xx responses over all attempts, transport failures included', () => {
    const window = new ApiWindow(600_000, 1_000);
    for (let i = 0; i < 10; i++) window.add(ok(i, 10));
    window.add(fail(10, { outcome: 'http_5xx', status: 503, totalMs: 5 }));
    window.add(fail(11, { outcome: 'http_5xx', status: 500, totalMs: 5 }));
    window.add(fail(12, { outcome: 'timeout' }));
    window.add(fail(13, { outcome: 'unexpected_status', status: 404, totalMs: 5 }));
    const s = window.summarize(20);
    expect(s.samples).toBe(14);
    expect(s.errorRate5xx).toBe(2 / 14);
    expect(s.errorRate).toBe(4 / 14);
    expect(s.availability).toBe(10 / 14);
    expect(s.statusCounts).toEqual({ '200': 10, '503': 1, '500': 1, timeout: 1, '404': 1 });
  });

  it('reports the last status, the last outcome and the class of the last failure', () => {
    const window = new ApiWindow(600_000, 1_000);
    window.add(fail(1, { outcome: 'connection_refused', message: 'connection refused' }));
    window.add(ok(2, 10));
    const s = window.summarize(3);
    expect(s).toMatchObject({ lastStatus: 200, lastOutcome: 'ok', lastError: 'connection_refused', lastErrorMessage: 'connection refused', lastSampleAt: 2 });
  });

  it('counts turns skipped while throttled as failures, so a throttled API is not read as available', () => {
    const window = new ApiWindow(600_000, 1_000);
    const throttle = { since: 10, retryAfterMs: 999_999_999_999_000, backoffMs: 10_000 };
    for (let i = 0; i < 10; i++) window.add(ok(i, 10));
    window.add(fail(10, { outcome: 'unexpected_status', status: 429, totalMs: 5, throttle }));
    for (let at = 1_010; at < 10_010; at += 1_000) window.add(fail(at, { outcome: 'throttled', throttle }));
    expect(window.summarize(10_010)).toMatchObject({ samples: 20, availability: 0.5, lastError: 'throttled', throttled: throttle });
  });

  it('counts turns held back by a rate-policy 429 as throttled, and leaves them out of the rates as blocked', () => {
    const window = new ApiWindow(600_000, 1_000);
    const throttle = { since: 10, retryAfterMs: 2_000, backoffMs: 2_000, blocked: true };
    for (let i = 0; i < 10; i++) window.add(ok(i, 10));
    window.add(fail(10, { outcome: 'blocked', status: 429, totalMs: 5, throttle }));
    for (let at = 1_010; at < 4_010; at += 1_000) window.add(fail(at, { outcome: 'throttled', throttle }));
    const s = window.summarize(4_010);
    expect(s.statusCounts).toEqual({ '200': 10, '429': 1, throttled: 3 });
    expect(s).toMatchObject({ samples: 14, availability: 1, lastOutcome: 'blocked' });
    for (let at = 600_011; at < 604_011; at += 1_000) window.add(ok(at, 10));
    expect(window.summarize(604_011).statusCounts).toEqual({ '200': 4 });
  });

  it('is throttled only as long as its latest sample says so', () => {
    const window = new ApiWindow(600_000, 1_000);
    window.add(fail(0, { outcome: 'unexpected_status', status: 429, throttle: { since: 0, retryAfterMs: 5_000, backoffMs: 5_000 } }));
    window.add(ok(5_000, 10));
    expect(window.summarize(5_001).throttled).toBeUndefined();
  });

  it('forgets samples older than the window', () => {
    const window = new ApiWindow(10_000, 1_000);
    window.add(fail(0, { outcome: 'http_5xx', status: 500, totalMs: 900 }));
    for (let at = 5_000; at < 15_000; at += 1_000) window.add(ok(at, 20));
    const before = window.summarize(9_999);
    const after = window.summarize(10_001);
    expect(before.errorRate5xx).toBeGreaterThan(0);
    expect(after).toMatchObject({ samples: 10, errorRate5xx: 0, availability: 1 });
    expect(after.latency.p99).toBe(20);
    expect(window.summarize(100_000).samples).toBe(0);
  });

  it('stays bounded however long it runs', () => {
    const window = new ApiWindow(60_000, 1_000);
    for (let at = 0; at < 100_000; at++) window.add(ok(at, 10));
    const s = window.summarize(100_000);
    expect(s.samples).toBeLessThanOrEqual(136);
    expect(s.history.length).toBe(120);
  });

  it('keeps connection phases only from probes that opened a connection', () => {
    const window = new ApiWindow(600_000, 1_000);
    window.add(ok(1, 30, { connectMs: 4, tlsMs: 8 }));
    window.add(ok(2, 10));
    window.add(ok(3, 12));
    const s = window.summarize(4);
    expect(s.phases).toMatchObject({ connectMs: 4, tlsMs: 8, ttfbMs: 6, totalMs: 12 });
  });

  it('marks failed probes as gaps in the sparkline history and lists recent errors newest first', () => {
    const window = new ApiWindow(600_000, 1_000);
    window.add(ok(1, 10));
    window.add(fail(2, { outcome: 'timeout', message: 'timed out' }));
    window.add(fail(3, { outcome: 'http_5xx', status: 502, message: 'HTTP 502', totalMs: 3 }));
    const s = window.summarize(4);
    expect(s.history).toEqual([10, Number.NaN, Number.NaN]);
    expect(s.recentErrors.map((e) => e.outcome)).toEqual(['http_5xx', 'timeout']);
    expect(s.recentErrors[0]).toMatchObject({ at: 3, status: 502, message: 'HTTP 502' });
  });

  it('gives the same summary until a sample enters or leaves the window', () => {
    const window = new ApiWindow(10_000, 1_000);
    window.add(ok(0, 10));
    const first = window.summarize(1_000);
    expect(window.summarize(5_000)).toBe(first);
    window.add(ok(6_000, 30));
    const second = window.summarize(6_000);
    expect(second).not.toBe(first);
    expect(second.latency.p99).toBe(30);
    const third = window.summarize(10_001);
    expect(third).toMatchObject({ samples: 1, latency: { p50: 30 } });
  });

  it('drops the oldest sample from every figure when more samples arrive than it holds', () => {
    const window = new ApiWindow(1_000_000, 1_000_000);
    window.add(fail(0, { outcome: 'http_5xx', status: 500, totalMs: 900 }));
    for (let at = 1; at <= 32; at++) window.add(ok(at, 20));
    const s = window.summarize(100);
    expect(s).toMatchObject({ samples: 32, errorRate5xx: 0, statusCounts: { '200': 32 }, latency: { p99: 20 } });
  });
  it('keeps every sample of a full window, one probe per turn of its interval however late each starts', () => {
    const window = new ApiWindow(300_000, 1_000);
    const at = (i: number): number => i * 1_000 + ((i * 7_919) % 999);
    for (let i = 0; i < 900; i++) window.add(ok(at(i), 10));
    const now = at(899);
    const inWindow = Array.from({ length: 900 }, (_, i) => at(i)).filter((t) => t >= now - 300_000).length;
    expect(window.summarize(now).samples).toBe(inWindow);
  });
  it('stays bounded however many samples pass through: samples leave with the window, history and recent errors keep their size', () => {
    const window = new ApiWindow(10_000, 1_000);
    for (let i = 0; i < 20_000; i++) window.add(i % 3 === 0 ? fail(i * 1_000, { outcome: 'http_5xx', status: 500, totalMs: 5, message: `failure ${i}` }) : ok(i * 1_000, 10));
    const s = window.summarize(20_000 * 1_000);
    expect(s.samples).toBeLessThanOrEqual(11);
    expect(s.history).toHaveLength(120);
    expect(s.recentErrors).toHaveLength(10);
    expect(Object.values(s.statusCounts).reduce((a, b) => a + b, 0)).toBe(s.samples);
  });

  it('lists the counts by status and outcome as a plain record, statuses in numeric order', () => {
    const window = new ApiWindow(600_000, 1_000);
    window.add(fail(1, { outcome: 'http_5xx', status: 503, totalMs: 5 }));
    window.add(ok(2, 10));
    window.add(fail(3, { outcome: 'timeout' }));
    expect(JSON.stringify(window.summarize(10).statusCounts)).toBe('{"200":1,"503":1,"timeout":1}');
  });

  it('keeps the sparkline points of each summary as they were when it was made, however many samples follow', () => {
    const window = new ApiWindow(10_000, 1_000);
    for (let at = 0; at < 100; at++) window.add(ok(at * 1_000, at));
    const before = window.summarize(100_000);
    for (let at = 100; at < 500; at++) window.add(at % 2 === 0 ? ok(at * 1_000, at) : fail(at * 1_000, { outcome: 'timeout' }));
    expect(before.history).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(before.historyAt).toEqual(Array.from({ length: 100 }, (_, i) => i * 1_000));
    expect(window.summarize(500_000).history.slice(-2)).toEqual([498, Number.NaN]);
  });

  it('keeps no sparkline points when none are drawn, and every other figure as before', () => {
    const window = new ApiWindow(10_000, 1_000, false);
    window.seed([{ at: 0, ms: 5 }], undefined);
    window.add(ok(1, 10));
    window.add(fail(2, { outcome: 'timeout' }));
    const s = window.summarize(3);
    expect(s).toMatchObject({ samples: 2, latency: { p50: 10 }, errorRate: 0.5, history: [], historyAt: [] });
    expect({ ...s }.history).toEqual([]);
  });

  it('carries the sparkline points through a copy of the summary, as a plain array', () => {
    const window = new ApiWindow(10_000, 1_000);
    window.add(ok(1, 10));
    window.add(ok(2, 20));
    const copy = { ...window.summarize(3) };
    expect(Object.getOwnPropertyDescriptor(copy, 'history')).toMatchObject({ value: [10, 20] });
    expect(JSON.parse(JSON.stringify(window.summarize(3)))).toMatchObject({ history: [10, 20], historyAt: [1, 2] });
  });

  it('follows the counts by status as they change and come back', () => {
    const window = new ApiWindow(3_000, 1_000);
    window.add(ok(0, 10));
    window.add(ok(1_000, 10));
    expect(window.summarize(1_000).statusCounts).toEqual({ '200': 2 });
    window.add(fail(2_000, { outcome: 'http_5xx', status: 500, totalMs: 5 }));
    expect(window.summarize(2_000).statusCounts).toEqual({ '200': 2, '500': 1 });
    window.add(fail(3_000, { outcome: 'timeout' }));
    expect(window.summarize(3_500).statusCounts).toEqual({ '200': 1, '500': 1, timeout: 1 });
    window.add(ok(6_000, 10));
    window.add(ok(6_500, 10));
    expect(window.summarize(6_500).statusCounts).toEqual({ '200': 2 });
  });
});
