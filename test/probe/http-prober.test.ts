import { afterEach, describe, expect, it } from 'vitest';
import type { ApiConfig } from '../../source/config/types.js';
import { ApiWindow } from '../../source/metrics/api-window.js';
import { percentile } from '../../source/metrics/percentile.js';
import { HttpProber, type ProberOptions } from '../../source/probe/http-prober.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { apiConfig } from '../helpers/config.js';
import { startServer, type Behaviour, type TestServer } from '../helpers/http-server.js';
import { freePort } from '../helpers/loopback-server.js';

const USER_AGENT = 'api-health-test/1.0 (https://example.org/ops; ops@example.org) undici/7';
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

function prober(options: Partial<ProberOptions> = {}): HttpProber {
  const p = new HttpProber({ userAgent: USER_AGENT, maxBodyBytes: 1024 * 1024, connectionsPerOrigin: 32, keepAliveMs: 60_000, ...options });
  cleanup.push(() => p.close());
  return p;
}

async function server(behave?: (n: number) => Behaviour): Promise<TestServer> {
  const s = await startServer(behave);
  cleanup.push(() => s.close());
  return s;
}

const api = (url: string, patch: Partial<ApiConfig> = {}): ApiConfig => apiConfig({ url, timeoutMs: 2_000, ...patch });

async function probeMany(p: HttpProber, target: ApiConfig, count: number, parallel: number): Promise<ProbeSample[]> {
  const samples: ProbeSample[] = [];
  for (let done = 0; done < count; done += parallel) {
    samples.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - done) }, () => p.probe(target)))));
  }
  return samples;
}

describe('HttpProber against a real loopback server', () => {
  // A few probes at a time: enough to be quick, few enough that the server's own timers stay punctual. On a
  // starved machine the server itself answers late; the bound then follows what it actually served, and a
  // burst of starvation (other processes hogging both cores) gets another try.
  it.each([
    { delayMs: 50, parallel: 2 },
    { delayMs: 200, parallel: 8 },
  ])('measures p95 within 10% of an injected $delayMs ms delay', { retry: 2 }, async ({ delayMs, parallel }) => {
    const s = await server(() => ({ delayMs }));
    const p = prober();
    const target = api(`${s.url}/slow`);
    await p.probe(target);
    s.served.length = 0;
    const window = new ApiWindow(600_000, 1_000);
    for (const sample of await probeMany(p, target, 40, parallel)) window.add({ ...sample, at: 1 });
    const { p95 } = window.summarize(2).latency;
    const servedP95 = percentile([...s.served].sort((a, b) => a - b), 95)!;
    expect(p95).toBeGreaterThanOrEqual(delayMs);
    expect(p95).toBeLessThanOrEqual(Math.max(delayMs, servedP95) * 1.1);
  });

  it('counts an exact 5xx rate for a server that fails every 4th request', async () => {
    const s = await server((n) => (n % 4 === 0 ? { status: 503 } : {}));
    const p = prober();
    const window = new ApiWindow(600_000, 1_000);
    for (const sample of await probeMany(p, api(`${s.url}/flaky`), 40, 1)) window.add({ ...sample, at: 1 });
    const summary = window.summarize(2);
    expect(summary.samples).toBe(40);
    expect(summary.errorRate5xx).toBe(0.25);
    expect(summary.statusCounts).toEqual({ '200': 30, '503': 10 });
  });

  // The answers below come far later than the bounds (30 s), so a bound with room for a busy machine still tells
  // a probe cut on time from one that waited for the answer.
  it('classifies a response slower than the timeout as a timeout, on time', async () => {
    const s = await server(() => ({ delayMs: 30_000 }));
    const started = performance.now();
    const sample = await prober().probe(api(`${s.url}/hang`, { timeoutMs: 150 }));
    expect(sample.outcome).toBe('timeout');
    expect(sample.message).toBe('timed out after 150ms');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('says how long a probe without a response took to fail, and gives it no response latency', async () => {
    const s = await server(() => ({ delayMs: 30_000 }));
    const sample = await prober().probe(api(`${s.url}/hang`, { timeoutMs: 150 }));
    expect(sample.elapsedMs).toBeGreaterThanOrEqual(145);
    expect(sample.elapsedMs).toBeLessThan(5_000);
    expect(sample.totalMs).toBeUndefined();
  });

  it('times out a body that trickles in forever instead of waiting for it', async () => {
    const s = await server(() => ({ trickle: { chunks: 600, everyMs: 50 } }));
    const started = performance.now();
    const sample = await prober().probe(api(`${s.url}/trickle`, { timeoutMs: 300 }));
    expect(sample.outcome).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('classifies a closed port as connection refused', async () => {
    const port = await freePort();
    const sample = await prober().probe(api(`http://127.0.0.1:${port}/`));
    expect(sample).toMatchObject({ outcome: 'connection_refused', message: 'connection refused' });
  });

  it('classifies a socket destroyed mid-request as a reset', async () => {
    const s = await server(() => ({ reset: true }));
    const sample = await prober().probe(api(`${s.url}/reset`));
    expect(sample.outcome).toBe('reset');
  });

  it('accepts a body of exactly the cap and rejects one byte more', async () => {
    const s = await server((n) => ({ bodyBytes: n === 1 ? 1024 * 1024 : 1024 * 1024 + 1 }));
    const p = prober();
    const target = api(`${s.url}/big`);
    expect(await p.probe(target)).toMatchObject({ outcome: 'ok', bytes: 1024 * 1024 });
    expect(await p.probe(target)).toMatchObject({ outcome: 'body_too_large', message: 'body larger than 1048576 bytes' });
  });

  it('stops reading an endless body at the cap: it neither stalls nor grows memory', async () => {
    const s = await server(() => ({ endless: true }));
    const p = prober();
    const target = api(`${s.url}/endless`, { timeoutMs: 5_000 });
    await p.probe(target);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const samples = await probeMany(p, target, 10, 5);
    expect(samples.every((sample) => sample.outcome === 'body_too_large')).toBe(true);
    // Half of what two rounds of probes waiting out their 5 s timeout would take.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(Math.max(...samples.map((sample) => sample.bytes ?? 0))).toBeLessThan(2 * 1024 * 1024);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 1024 * 1024);
    const written = s.endlessBytes;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.endlessBytes - written).toBeLessThan(1024 * 1024);
  });

  it('fails the expectation when the body lacks the expected text', async () => {
    const s = await server(() => ({ body: '{"title":"Mars"}' }));
    const p = prober();
    expect(await p.probe(api(`${s.url}/page`, { expect: { bodyContains: 'Mars' } }))).toMatchObject({ outcome: 'ok' });
    expect(await p.probe(api(`${s.url}/page`, { expect: { bodyContains: 'Earth' } }))).toMatchObject({
      outcome: 'expectation_failed',
      message: 'body does not contain "Earth"',
    });
  });

  it('searches a gzip-compressed body for the expected text once decompressed', async () => {
    const s = await server(() => ({ body: '{"title":"Mars"}', gzip: true, headers: { 'content-encoding': 'gzip' } }));
    const p = prober();
    expect(await p.probe(api(`${s.url}/page`, { expect: { bodyContains: 'Mars' } }))).toMatchObject({ outcome: 'ok' });
    expect(await p.probe(api(`${s.url}/page`, { expect: { bodyContains: 'Earth' } }))).toMatchObject({ outcome: 'expectation_failed' });
  });

  it('ends every probe in flight at once when stopped, without waiting for the answer', async () => {
    const s = await server(() => ({ delayMs: 30_000 }));
    const p = prober();
    const pending = p.probe(api(`${s.url}/slow`, { timeoutMs: 60_000 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    p.abortAll();
    expect(await pending).toMatchObject({ outcome: 'error', message: 'stopped before the answer came' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('records connect time only for the probe that opened the connection', async () => {
    const s = await server();
    const p = prober({ connectionsPerOrigin: 1 });
    const target = api(`${s.url}/warm`);
    const first = await p.probe(target);
    const second = await p.probe(target);
    const third = await p.probe(target);
    expect(s.connections).toBe(1);
    expect(first.connectMs).toBeGreaterThanOrEqual(0);
    expect(second.connectMs).toBeUndefined();
    expect(third.connectMs).toBeUndefined();
    expect(first.tlsMs).toBeUndefined();
  });

  it('sends the configured User-Agent and asks for gzip', async () => {
    const s = await server();
    await prober().probe(api(`${s.url}/ua`));
    expect(s.requests[0]!.headers['user-agent']).toBe(USER_AGENT);
    expect(s.requests[0]!.headers['accept-encoding']).toBe('gzip');
  });

  it('lets an API send its own headers', async () => {
    const s = await server();
    await prober().probe(api(`${s.url}/h`, { headers: { accept: 'application/json', 'user-agent': 'custom/1 (me@example.org)' } }));
    expect(s.requests[0]!.headers).toMatchObject({ accept: 'application/json', 'user-agent': 'custom/1 (me@example.org)' });
  });

  it('reads Retry-After from a 429', async () => {
    const s = await server(() => ({ status: 429, headers: { 'retry-after': '30' } }));
    expect(await prober().probe(api(`${s.url}/limited`))).toMatchObject({ outcome: 'unexpected_status', status: 429, retryAfterMs: 30_000 });
  });

  it('times a response from the request being written, to first byte and to the end of the body', async () => {
    const s = await server(() => ({ delayMs: 30, trickle: { chunks: 3, everyMs: 30 } }));
    const sample = await prober().probe(api(`${s.url}/phases`));
    expect(sample.outcome).toBe('ok');
    expect(sample.ttfbMs).toBeGreaterThanOrEqual(29);
    expect(sample.totalMs! - sample.ttfbMs!).toBeGreaterThanOrEqual(55);
  });
});
