import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv, requireBuiltCli, runBinary } from '../helpers/cli-binary.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { Receiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Issue 16 end to end: every API refuses connections, on three loopback hosts, as when our own network is down. */

type Line = Record<string, unknown> & { type: string };

/** A port nothing listens on: bound once to learn a free number, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function configYaml(port: number, hookUrl: string): string {
  return [
    'defaults: { interval: 300ms, timeout: 1s, window: 5s, minSamples: 3 }',
    'apis:',
    `  a:  { url: "http://127.0.0.1:${port}/a" }`,
    `  a2: { url: "http://127.0.0.1:${port}/a2" }`,
    `  b:  { url: "http://127.0.0.2:${port}/b" }`,
    `  c:  { url: "http://127.0.0.3:${port}/c" }`,
    'rules:',
    '  - { name: Down, metric: availability, below: 99%, for: 600ms, severity: page }',
    'channels:',
    `  hook: { type: webhook, url: "${hookUrl}" }`,
    'routes:',
    '  - notify: [hook]',
    'notifications: { groupWait: 200ms, groupInterval: 200ms, repeat: 1h, resolved: true }',
    '',
  ].join('\n');
}

describe('the prober offline (built binary)', { timeout: 90_000 }, () => {
  let hook: Receiver;
  let dir: { path: string; remove(): void };
  let configFile: string;

  beforeEach(async () => {
    requireBuiltCli();
    hook = new Receiver();
    await hook.listen();
    dir = tempDir('api-health-e2e-offline-');
    configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, configYaml(await closedPort(), hook.url('/hook')));
  });

  afterEach(async () => {
    await hook.close();
    dir.remove();
  });

  it('check exits 3 and says the prober is offline, not that the APIs are down', async () => {
    const result = await runBinary(['check', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--duration', '3s'], { env: cliEnv(), timeoutMs: 60_000 });
    expect(result.stderr).toMatch(/^api-health: the prober is offline \(network unreachable since .+\): no verdict$/m);
    expect(result.code).toBe(3);
  });

  it('monitor logs one offline event, and the webhook receives nothing', async () => {
    // Long enough for the alarms to fire (a window's minimum samples and `for`) on a busy machine.
    const result = await runBinary(['monitor', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--json', '--duration', '8s'], { env: cliEnv(), timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Line);
    const connectivity = lines.filter((l) => l.type === 'connectivity');
    expect(connectivity).toHaveLength(1);
    expect(connectivity[0]).toMatchObject({ event: 'offline', message: expect.stringContaining('network unreachable') });
    // The alarms did fire inside: only their announcements were held back.
    expect(lines.filter((l) => l.type === 'transition' && l.kind === 'firing').length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.type === 'alarm')).toEqual([]);
    expect(hook.requests).toEqual([]);
  });

  it('check exits 3 when only the connectivity URL fails, though the API answers', async () => {
    const api = new LoopbackApi(200);
    await api.listen();
    try {
      const yaml = [
        `defaults: { interval: 300ms, timeout: 1s, window: 5s, minSamples: 3, connectivity: { url: "http://127.0.0.1:${await closedPort()}/" } }`,
        'apis:',
        `  a: { url: "${api.url}" }`,
        '',
      ].join('\n');
      writeFileSync(configFile, yaml);
      const result = await runBinary(['check', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--duration', '2s'], { env: cliEnv(), timeoutMs: 60_000 });
      expect(result.stderr).toContain('api-health: the prober is offline');
      expect(result.code).toBe(3);
    } finally {
      await api.close();
    }
  });
});
