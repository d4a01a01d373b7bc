import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback fleet that flaps, for the soak bench, in its own process: `node flapping-fleet-server.js PORTS
 * PERIOD_MS SLOW_MS`. Each API path (`/api-N`) turns ok, then 500, then slow (answering after SLOW_MS), each for
 * PERIOD_MS, its phase spread by N so the whole fleet is never in one state; `/hook` takes notifications with 200.
 * Prints the ports as JSON on its first line; exits when our stdin pipe closes.
 */
const portCount = Number(process.argv[2] ?? 1);
const periodMs = Number(process.argv[3] ?? 40_000);
const slowMs = Number(process.argv[4] ?? 1_200);
const ok = '{"ok":true}';
const failed = '{"ok":false}';

const stateOf = (path: string): 'ok' | 'error' | 'slow' => {
  const n = Number(/(\d+)$/.exec(path)?.[1] ?? 0);
  const step = Math.floor(Date.now() / periodMs + (n % 97) / 97);
  return (['ok', 'error', 'slow'] as const)[(step + n) % 3]!;
};

const ports: number[] = [];
for (let i = 0; i < portCount; i++) {
  const server = createServer((req, res) => {
    req.resume();
    const send = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
    };
    const path = req.url ?? '/';
    if (path.startsWith('/hook')) return req.on('end', () => send(200, ok));
    const state = stateOf(path);
    if (state === 'error') send(500, failed);
    else if (state === 'slow') setTimeout(() => send(200, ok), slowMs);
    else send(200, ok);
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports.push((server.address() as AddressInfo).port);
}
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
