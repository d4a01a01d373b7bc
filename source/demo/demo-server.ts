import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_APIS, seededRandom, simulate } from './fleet.js';

export interface DemoServer {
  port: number;
  close(): Promise<void>;
}

/** Serves the simulated fleet on loopback: GET /<api-id> answers after the simulated delay with its status. */
export async function startDemoServer(options: { port?: number; seed?: number; now?: () => number } = {}): Promise<DemoServer> {
  const now = options.now ?? Date.now;
  const started = now();
  const random = seededRandom(options.seed ?? 42);
  const byId = new Map(DEMO_APIS.map((api) => [api.id, api]));
  const server: Server = createServer((req, res) => {
    const api = byId.get((req.url ?? '/').slice(1).split('?')[0] ?? '');
    if (!api) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such demo API"}');
      return;
    }
    const { delayMs, status } = simulate(api, now() - started, random);
    const timer = setTimeout(() => {
      const body = status === 200 ? { id: api.id, title: 'Earth', ok: true } : { error: 'upstream unavailable' };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }, delayMs);
    res.on('close', () => clearTimeout(timer));
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
