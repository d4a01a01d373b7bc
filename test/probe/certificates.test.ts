import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiConfig } from '../../source/config/types.js';
import { ApiWindow } from '../../source/metrics/api-window.js';
import { HttpProber } from '../../source/probe/http-prober.js';
import { makeCertificates, startHttpsServer, type HttpsTestServer, type TestCertificates } from '../helpers/certificates.js';
import { configFrom } from '../helpers/config.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const DAY = 86_400_000;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

const integration = needsBinaries(['openssl']);
let fortyOneDays: TestCertificates;
let fiveDays: TestCertificates;

async function serve(certificates: TestCertificates): Promise<HttpsTestServer> {
  const server = await startHttpsServer(certificates);
  cleanup.push(() => server.close());
  return server;
}

function prober(now?: () => number): HttpProber {
  const p = new HttpProber({ userAgent: 'test', maxBodyBytes: 1024, connectionsPerOrigin: 1, keepAliveMs: 10_000, now });
  cleanup.push(() => p.close());
  return p;
}

const apiFor = (url: string, fields: object = {}): ApiConfig => configFrom({ apis: { secure: { url, timeout: '2s', ...fields } } }).apis[0]!;

integration.describe('certificates of https APIs', () => {
  beforeAll(() => {
    const dirs = [tempDir('api-health-certs-'), tempDir('api-health-certs-')];
    fortyOneDays = makeCertificates(dirs[0]!.path, 41);
    fiveDays = makeCertificates(dirs[1]!.path, 5);
    return () => dirs.forEach((dir) => dir.remove());
  });

  it('reads the leaf certificate of a new connection: expiry, issuer, subject and names', async () => {
    const server = await serve(fortyOneDays);
    const sample = await prober().probe(apiFor(`${server.url}/`, { tls: { ca: fortyOneDays.caFile } }));
    expect(sample.outcome).toBe('ok');
    expect(sample.tlsMs).toBeGreaterThan(0);
    expect(sample.certificate).toEqual({
      notBefore: expect.any(Number),
      notAfter: fortyOneDays.notAfter,
      issuer: 'Test Encrypt R11',
      subject: 'api.test',
      sans: ['DNS:api.test', 'IP:127.0.0.1'],
      unverified: false,
    });
    expect(sample.certificate!.notAfter - Date.now()).toBeGreaterThan(40.9 * DAY);
  });

  it('keeps the last known certificate on a connection reused from the pool', async () => {
    const server = await serve(fortyOneDays);
    const p = prober();
    const api = apiFor(`${server.url}/`, { tls: { ca: fortyOneDays.caFile } });
    const first = await p.probe(api);
    const second = await p.probe(api);
    expect(server.connections).toBe(1);
    expect(first.tlsMs).toBeDefined();
    expect(second.tlsMs).toBeUndefined();
    expect(second.certificate).toEqual(first.certificate);
  });

  it('refuses a certificate from a CA it was not told to trust', async () => {
    const server = await serve(fortyOneDays);
    const sample = await prober().probe(apiFor(`${server.url}/`));
    expect(sample.outcome).toBe('tls');
    expect(sample.certificate).toBeUndefined();
  });

  it('with tls.insecure skips verification but still reads the certificate, marked unverified', async () => {
    const server = await serve(fortyOneDays);
    const sample = await prober().probe(apiFor(`${server.url}/`, { tls: { insecure: true } }));
    expect(sample.outcome).toBe('ok');
    expect(sample.certificate).toMatchObject({ notAfter: fortyOneDays.notAfter, issuer: 'Test Encrypt R11', unverified: true });
  });

  it('fails expect.certificate.minValidity on a certificate with less time left', async () => {
    const server = await serve(fiveDays);
    const sample = await prober().probe(apiFor(`${server.url}/`, { tls: { ca: fiveDays.caFile }, expect: { certificate: { minValidity: '10d' } } }));
    const until = new Date(fiveDays.notAfter).toISOString().slice(0, 10);
    expect(sample).toMatchObject({ outcome: 'assertion', message: `certificate: valid 4 days more, until ${until}; expected at least 10d` });
  });

  it('passes minValidity on a certificate with more time left', async () => {
    const server = await serve(fortyOneDays);
    const sample = await prober().probe(apiFor(`${server.url}/`, { tls: { ca: fortyOneDays.caFile }, expect: { certificate: { minValidity: '10d' } } }));
    expect(sample.outcome).toBe('ok');
  });

  it('says an expired certificate expired, judged by the injected clock', async () => {
    const server = await serve(fiveDays);
    const later = fiveDays.notAfter + DAY;
    const sample = await prober(() => later).probe(apiFor(`${server.url}/`, { tls: { insecure: true }, expect: { certificate: { minValidity: '1d' } } }));
    expect(sample.message).toBe(`certificate: expired on ${new Date(fiveDays.notAfter).toISOString().slice(0, 10)}`);
  });

  it('gives the window the days left, kept through failures that read no certificate', async () => {
    const server = await serve(fortyOneDays);
    const sample = await prober().probe(apiFor(`${server.url}/`, { tls: { ca: fortyOneDays.caFile } }));
    const window = new ApiWindow(60_000, 1_000);
    const now = fortyOneDays.notAfter - 41 * DAY;
    window.add({ ...sample, at: now - 2_000 });
    window.add({ apiId: 'secure', at: now - 1_000, outcome: 'timeout' });
    expect(window.summarize(now).certificate).toMatchObject({ issuer: 'Test Encrypt R11', daysLeft: 41 });
  });
});

describe('tls settings in the config', () => {
  it('refuses a CA file that is not there', () => {
    expect(() => apiFor('https://api.test/', { tls: { ca: '/nonexistent/ca.pem' } })).toThrow(/apis\.secure\.tls\.ca: cannot read the CA file \/nonexistent\/ca\.pem: file not found/);
  });

  it('refuses tls and a certificate expectation on an http URL', () => {
    expect(() => apiFor('http://api.test/', { tls: { insecure: true }, expect: { certificate: { minValidity: '10d' } } })).toThrow(
      /apis\.secure\.tls: tls applies to https URLs only\n.*apis\.secure\.expect\.certificate: a certificate is checked on https URLs only/,
    );
  });
});
