import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { runCommand } from '../helpers/run-command.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * A fleet the concurrency limit cannot keep up with: 10 loopback APIs every 200 ms, each answering in 150 ms,
 * need 8 probes in flight; `defaults.concurrency: 2` allows two.
 */
describe('check --metrics-port with more probes due than the concurrency limit allows', () => {
  const dir = tempDir('api-health-probes-skipped-');
  let api: LoopbackServer;
  let configFile: string;

  beforeAll(async () => {
    api = await listenOnLoopback((_request, response) => {
      setTimeout(() => response.end('ok'), 150);
    });
    configFile = join(dir.path, 'api-health.yaml');
    const apis = Array.from({ length: 10 }, (_, i) => `  api${i}: { url: "${api.url(`/${i}`)}" }`);
    writeFileSync(configFile, ['defaults: { interval: 200ms, timeout: 2s, concurrency: 2 }', 'apis:', ...apis, ''].join('\n'));
  });
  afterAll(async () => {
    await api.close();
    dir.remove();
  });

  it('serves apihealth_probes_skipped_total blaming the concurrency limit, and check warns naming the setting', async () => {
    const port = await freePort();
    const done = runCommand(['check', '--config', configFile, '--duration', '6s', '--json', '--metrics-port', String(port)], { cwd: dir.path });
    await sleep(3_000);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = (series: string): number => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1]);
    const due = value('apihealth_probes_due_total');
    const skipped = value('apihealth_probes_skipped_total{reason="concurrency"}');
    expect(due).toBeGreaterThan(50);
    expect(skipped / due).toBeGreaterThan(0.5);
    expect(value('apihealth_probes_skipped_total{reason="per_host"}')).toBe(0);
    expect(value('apihealth_probes_late_total')).toBeGreaterThan(0);
    const result = await done;
    expect(result.stderr).toMatch(/^warning: \d+% probes skipped: raise defaults\.concurrency \(2\)$/m);
  });
});
