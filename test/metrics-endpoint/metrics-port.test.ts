import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { runCommand } from '../helpers/run-command.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('check --metrics-port', () => {
  const dir = tempDir('api-health-metrics-port-');
  let api: LoopbackServer;
  let configFile: string;

  beforeAll(async () => {
    api = await listenOnLoopback((_request, response) => response.end('ok'));
    configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, `defaults: { interval: 100ms }\napis:\n  local: { owner: unassigned, url: "${api.url('/')}" }\n`);
  });
  afterAll(async () => {
    await api.close();
    dir.remove();
  });

  it('serves /metrics with the probes counted while check runs, and stops serving when it ends', { timeout: 30_000 }, async () => {
    const port = await freePort();
    const done = runCommand(['check', '--config', configFile, '--duration', '10s', '--json', '--metrics-port', String(port)], { cwd: dir.path });
    const counted = /apihealth_probes_total\{api="local",team="unassigned",family="Other",outcome="ok",status_class="2xx",vantage="[^"]+"\} [1-9]/;
    // Polled, not slept for: on a busy machine the command takes its time to start serving. The check runs 10 s, so
    // polling until 9.5 s never reads a port already closed.
    let text = '';
    for (const deadline = Date.now() + 9_500; Date.now() < deadline && !counted.test(text); await sleep(100)) {
      text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
    }
    expect(text).toMatch(counted);
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`serving metrics on http://127.0.0.1:${port}/metrics`);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('rejects a port that is not a number with exit 2', async () => {
    const result = await runCommand(['check', '--config', configFile, '--metrics-port', 'http'], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid --metrics-port "http"');
  });

  it('says so with exit 2 when the port is taken', async () => {
    const port = api.port;
    const result = await runCommand(['check', '--config', configFile, '--metrics-port', String(port)], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot serve metrics on 127.0.0.1:${port}`);
  });
});
