import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpProber } from '../../source/probe/http-prober.js';
import { apiConfig } from '../helpers/config.js';

/** A server that answers every request with `answer`, written as is: what no well-behaved HTTP server sends. */
async function rawServer(answer: string): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', () => socket.end(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a server that breaks the protocol', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function probe(answer: string, scheme = 'http') {
    const server = await rawServer(answer);
    const prober = new HttpProber({ userAgent: 'test', maxBodyBytes: 1024 * 1024, connectionsPerOrigin: 2, keepAliveMs: 10_000 });
    closers.push(server.close, () => prober.close());
    return prober.probe(apiConfig({ url: `${scheme}://127.0.0.1:${server.port}/`, timeoutMs: 2_000 }));
  }

  it('is an error with an invalid status, not a 5xx, for a status of 999', async () => {
    expect(await probe('HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ outcome: 'error', message: 'invalid HTTP status 999' });
  });

  it.each(['000', '099'])('is an error in one short line, not the HTTP client\'s assertion, for a status of %s', async (status) => {
    const sample = await probe(`HTTP/1.1 ${status} Odd\r\nContent-Length: 0\r\n\r\n`);
    expect(sample).toMatchObject({ outcome: 'error', message: 'invalid response: the HTTP client could not read its status line' });
  });

  it('is an invalid response, not a connection reset, for a 101 to a GET', async () => {
    const sample = await probe('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    expect(sample.outcome).toBe('error');
    expect(sample.message).toMatch(/^invalid response: bad upgrade/);
  });

  it('gives a plain-HTTP answer to an https URL as OpenSSL\'s reason alone, on one line', async () => {
    const sample = await probe('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n', 'https');
    expect(sample).toMatchObject({ outcome: 'tls', message: 'TLS: wrong version number' });
  });
});

describe('a server that accepts and never answers the TLS handshake', () => {
  it('does not hold up closing the prober: connections still being opened are dropped', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const prober = new HttpProber({ userAgent: 'test', maxBodyBytes: 1024, connectionsPerOrigin: 4, keepAliveMs: 10_000 });
    try {
      const api = apiConfig({ url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`, timeoutMs: 1_000 });
      const samples = await Promise.all([prober.probe(api), prober.probe({ ...api, id: 'b' })]);
      expect(samples.map((s) => s.outcome)).toEqual(['timeout', 'timeout']);
      const started = performance.now();
      await prober.close();
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

