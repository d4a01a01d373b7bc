import { afterEach, describe, expect, it } from 'vitest';
import { SloCounters } from '../../source/alerts/slo-counters.js';
import { ApiWindow } from '../../source/metrics/api-window.js';
import { HttpProber } from '../../source/probe/http-prober.js';
import { apiConfig } from '../helpers/config.js';
import { startServer, type Behaviour } from '../helpers/http-server.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** Wikimedia's answer to a client without a proper User-Agent, since 2025. */
const ROBOT_POLICY = 'Please set a user-agent and respect our robot policy https://w.wiki/4wJS. See also T400119.';

async function probeAnswer(answer: Behaviour, status?: number[]) {
  const server = await startServer(() => answer);
  cleanup.push(() => server.close());
  const prober = new HttpProber({ userAgent: 'python-requests/2.32', maxBodyBytes: 64 * 1024, connectionsPerOrigin: 1, keepAliveMs: 10_000 });
  cleanup.push(() => prober.close());
  return prober.probe(apiConfig({ url: `${server.url}/w/rest.php/v1/page/Earth`, timeoutMs: 2_000, expect: { status } }));
}

describe('blocked: a 403 or 429 that points at a User-Agent or rate policy', () => {
  it("reads Wikimedia's robot policy 403 as blocked, with the User-Agent hint", async () => {
    const sample = await probeAnswer({ status: 403, body: ROBOT_POLICY });
    expect(sample).toMatchObject({ outcome: 'blocked', status: 403 });
    expect(sample.message).toBe(
      'HTTP 403: blocked by a User-Agent policy ("Please set a user-agent and respect our robot policy https://w.wiki/4wJS. See al…"): set defaults.userAgent to name this client and a contact (URL or email)',
    );
  });

  it('reads a 429 citing a rate limit as blocked, with the rate hint, and keeps its Retry-After', async () => {
    const sample = await probeAnswer({ status: 429, headers: { 'retry-after': '120' }, body: 'Too many requests. Please slow down.' });
    expect(sample).toMatchObject({ outcome: 'blocked', retryAfterMs: 120_000 });
    expect(sample.message).toBe('HTTP 429: blocked by a rate policy ("Too many requests. Please slow down."): lower the rate (a longer interval, fewer APIs on this host, or defaults.perHostConcurrency: 1)');
  });

  it('reads a policy named only in the headers', async () => {
    const sample = await probeAnswer({ status: 429, headers: { 'x-ratelimit-limit': '500' }, body: '' });
    expect(sample.outcome).toBe('blocked');
    expect(sample.message).toContain('("x-ratelimit-limit: 500")');
  });

  it('keeps a 403 that says nothing of a policy an unexpected status', async () => {
    expect(await probeAnswer({ status: 403, body: 'Forbidden' })).toMatchObject({ outcome: 'unexpected_status', message: 'HTTP 403 (expected 2xx/3xx)' });
  });

  it('keeps a 404 mentioning a user agent an unexpected status', async () => {
    expect((await probeAnswer({ status: 404, body: 'no page for this user agent' })).outcome).toBe('unexpected_status');
  });

  it('leaves a 403 the API is expected to give alone', async () => {
    expect((await probeAnswer({ status: 403, body: ROBOT_POLICY }, [403])).outcome).toBe('ok');
  });
});

describe('blocked probes and the figures', () => {
  const blocked = { apiId: 'a', outcome: 'blocked' as const, status: 403, message: 'HTTP 403: blocked' };

  it('are left out of the error rate and availability, and shown as the last error', () => {
    const window = new ApiWindow(60_000, 1_000);
    window.add({ apiId: 'a', at: 1, outcome: 'ok', status: 200, totalMs: 5 });
    window.add({ ...blocked, at: 2 });
    window.add({ ...blocked, at: 3 });
    window.add({ apiId: 'a', at: 4, outcome: 'timeout' });
    expect(window.summarize(5)).toMatchObject({ samples: 4, errorRate: 0.5, availability: 0.5, lastError: 'timeout' });
  });

  it('count the turns skipped while a blocking 429 backs us off as blocked, not failing', () => {
    const window = new ApiWindow(60_000, 1_000);
    const throttle = { since: 1, retryAfterMs: 60_000, backoffMs: 10_000 };
    window.add({ apiId: 'a', at: 1, outcome: 'throttled', throttle: { ...throttle, blocked: true } });
    // Only blocked turns: nothing judged, so no data rather than a failure (or a clean 100%).
    expect(window.summarize(2)).toMatchObject({ errorRate: undefined, availability: undefined });
    window.add({ apiId: 'a', at: 2, outcome: 'throttled', throttle });
    expect(window.summarize(3)).toMatchObject({ errorRate: 1, availability: 0 });
  });

  it('spend none of the SLO error budget', () => {
    const counters = new SloCounters(['a']);
    counters.record({ ...blocked, at: 1_000 });
    counters.record({ apiId: 'a', at: 2_000, outcome: 'ok' });
    expect(counters.counts('a', 3_600_000, 3_000)).toEqual({ good: 1, total: 1 });
  });
});
