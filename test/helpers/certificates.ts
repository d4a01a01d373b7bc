import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { requireBinary } from './system-binaries.js';

export interface TestCertificates {
  /** The private CA's certificate (PEM file path), to name in tls.ca. */
  caFile: string;
  key: string;
  cert: string;
  /** The leaf's notAfter as openssl wrote it, epoch ms. */
  notAfter: number;
}

/**
 * A private CA "O=Test Encrypt, CN=R11" and a leaf for 127.0.0.1 it signed, valid `days` from now, made by the
 * openssl program in `dir`: the real chain a server presents, with an expiry the test knows.
 */
export function makeCertificates(dir: string, days: number): TestCertificates {
  requireBinary('openssl');
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '365', '-subj', '/O=Test Encrypt/CN=R11');
  openssl('req', ...ec, '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', '/CN=api.test');
  writeFileSync(file('leaf.ext'), 'subjectAltName=DNS:api.test,IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', String(days), '-extfile', file('leaf.ext'), '-out', file('leaf.pem'));
  const cert = readFileSync(file('leaf.pem'), 'utf8');
  return { caFile: file('ca.pem'), key: readFileSync(file('leaf.key'), 'utf8'), cert, notAfter: Date.parse(new X509Certificate(cert).validTo) };
}

export interface HttpsTestServer {
  url: string;
  /** TLS connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** A real node:https server on 127.0.0.1 with the given certificate, answering 200 "ok" unless `handler` says otherwise. */
export async function startHttpsServer(certificates: Pick<TestCertificates, 'key' | 'cert'>, handler?: RequestListener): Promise<HttpsTestServer> {
  const server = createServer({ key: certificates.key, cert: certificates.cert }, handler ?? ((_req, res) => res.end('ok')));
  server.keepAliveTimeout = 60_000;
  const state: HttpsTestServer = { url: '', connections: 0, close: async () => {} };
  server.on('secureConnection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
