import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../source/commands/run.js';
import { freePort } from '../helpers/loopback-server.js';
import { tempDir } from '../helpers/temp-dir.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('check --metrics-port', () => {
  const dir = tempDir('api-health-metrics-port-');
  let api: Server;
  let configFile: string;

  beforeAll(async () => {
    api = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, `defaults: { interval: 100ms }\napis:\n  local: { owner: unassigned, url: "http://127.0.0.1:${(api.address() as AddressInfo).port}/" }\n`);
  });
  afterAll(async () => {
    await new Promise((resolve) => api.close(resolve));
    dir.remove();
  });

  it('serves /metrics with the probes counted while check runs, and stops serving when it ends', async () => {
    const port = await freePort();
    const stderr = capture();
    const done = run(['check', '--config', configFile, '--duration', '1500ms', '--json', '--metrics-port', String(port)], {
      cwd: dir.path,
      env: {},
      stdout: capture().stream,
      stderr: stderr.stream,
    });
    await sleep(1_000);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(/apihealth_probes_total\{api="local",team="unassigned",family="Other",outcome="ok",status_class="2xx"\} [1-9]/);
    expect(await done).toBe(0);
    expect(stderr.text()).toContain(`serving metrics on http://127.0.0.1:${port}/metrics`);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('rejects a port that is not a number with exit 2', async () => {
    const stderr = capture();
    const code = await run(['check', '--config', configFile, '--metrics-port', 'http'], { cwd: dir.path, env: {}, stdout: capture().stream, stderr: stderr.stream });
    expect(code).toBe(2);
    expect(stderr.text()).toContain('invalid --metrics-port "http"');
  });

  it('says so with exit 2 when the port is taken', async () => {
    const stderr = capture();
    const port = (api.address() as AddressInfo).port;
    const code = await run(['check', '--config', configFile, '--metrics-port', String(port)], { cwd: dir.path, env: {}, stdout: capture().stream, stderr: stderr.stream });
    expect(code).toBe(2);
    expect(stderr.text()).toContain(`cannot serve metrics on 127.0.0.1:${port}`);
  });
});
