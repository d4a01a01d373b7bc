import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback fleet for the benchmarks, run in its own process so its CPU is not counted as api-health's:
 * `node fleet-server.js PORTS DELAY_MS` listens on PORTS ports, answers every request with 200 after
 * DELAY_MS, and prints the ports as JSON on its first line.
 */
const portCount = Number(process.argv[2] ?? 1);
const delayMs = Number(process.argv[3] ?? 0);
const body = '{"ok":true}';

const ports: number[] = [];
for (let i = 0; i < portCount; i++) {
  const server = createServer((_req, res) => {
    const answer = (): void => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports.push((server.address() as AddressInfo).port);
}
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
