import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../helpers/cli-binary.js';
import { freePort } from '../helpers/loopback-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A port nothing listens on: bound once to learn a free number, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the prober-offline gauge of a monitor (built binary)', () => {
  const dir = tempDir('api-health-offline-metric-');
  let monitor: CliProcess | undefined;

  afterEach(async () => {
    await monitor?.stop();
    dir.remove();
  });

  it('turns 1 when every API on three hosts refuses, so the quorum rules leave this vantage out', async () => {
    const port = await closedPort();
    const configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(
      configFile,
      [
        'defaults: { interval: 300ms, timeout: 1s, window: 5s, minSamples: 3 }',
        'apis:',
        `  a: { url: "http://127.0.0.1:${port}/a" }`,
        `  b: { url: "http://127.0.0.2:${port}/b" }`,
        `  c: { url: "http://127.0.0.3:${port}/c" }`,
        '',
      ].join('\n'),
    );
    const metricsPort = await freePort();
    monitor = new CliProcess(['monitor', '--config', configFile, '--json', '--vantage', 'codfw', '--metrics-port', String(metricsPort), '--state-dir', join(dir.path, 'state')]);
    await monitor.waitFor(() => monitor!.records().find((l) => l.type === 'connectivity' && l.event === 'offline'), 'the monitor to call itself offline', 60_000);
    let text = '';
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && !text.includes('apihealth_prober_offline{vantage="codfw"} 1'); await sleep(200)) {
      text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text(), () => '');
    }
    expect(text).toContain('apihealth_prober_offline{vantage="codfw"} 1');
  }, 90_000);
});
