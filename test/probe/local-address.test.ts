import { afterEach, describe, expect, it } from 'vitest';
import { HttpProber } from '../../source/probe/http-prober.js';
import { apiConfig } from '../helpers/config.js';
import { startServer } from '../helpers/http-server.js';

const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** The address each request arrived from, as the loopback server saw it. */
async function probedFrom(localAddress: string | undefined): Promise<string[]> {
  const seen: string[] = [];
  const server = await startServer((_n, req) => {
    seen.push(req.socket.remoteAddress ?? '');
    return {};
  });
  cleanup.push(() => server.close());
  const prober = new HttpProber({ userAgent: 'api-health-test/1', maxBodyBytes: 1024, connectionsPerOrigin: 1, keepAliveMs: 60_000, localAddress });
  cleanup.push(() => prober.close());
  const api = apiConfig({ url: `${server.url}/ok`, timeoutMs: 5_000 });
  for (const sample of [await prober.probe(api), await prober.probe(api)]) expect(sample.outcome).toBe('ok');
  return seen;
}

describe('HttpProber with a local address', () => {
  it('sends every probe from the configured source address', async () => {
    expect(await probedFrom('127.0.0.2')).toEqual(['127.0.0.2', '127.0.0.2']);
  });

  it('leaves the source address to the system without one', async () => {
    expect(await probedFrom(undefined)).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});
