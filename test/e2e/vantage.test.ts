import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/cli-binary.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';

/** Issue 26: a process says which vantage it probes from, and can send its probes from a chosen address. */

let server: TestServer;
let dir: TempDir;
let config: string;
const sources: string[] = [];

beforeAll(async () => {
  server = await startServer((_n, req) => {
    sources.push(req.socket.remoteAddress ?? '');
    return {};
  });
  dir = tempDir('api-health-vantage-');
  config = join(dir.path, 'fleet.yaml');
  writeFileSync(
    config,
    ['defaults: { interval: 200ms, timeout: 2s, minSamples: 1, vantage: eqiad }', 'apis:', `  page: { name: Page, url: "${server.url}/ok" }`, ''].join('\n'),
  );
});

afterAll(async () => {
  await server.close();
  dir.remove();
});

describe('check with a vantage', () => {
  it('carries the vantage of the config in its JSON report', async () => {
    const result = await runBinary(['check', '--config', config, '--duration', '1s', '--json', '--state-dir', join(dir.path, 'state')]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).vantage).toBe('eqiad');
  });

  it('puts --vantage over the config and probes from --local-address', async () => {
    sources.length = 0;
    const result = await runBinary(['check', '--config', config, '--duration', '1s', '--json', '--vantage', 'codfw', '--local-address', '127.0.0.3', '--state-dir', join(dir.path, 'state')]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).vantage).toBe('codfw');
    expect(sources.length).toBeGreaterThan(0);
    expect(new Set(sources)).toEqual(new Set(['127.0.0.3']));
  });

  it.each([
    [['--vantage', 'eq iad'], /^api-health: invalid vantage name "eq iad" \(use letters, digits/],
    [['--local-address', 'eqiad'], /^api-health: invalid local address "eqiad" \(expected an IP address/],
  ])('refuses %j with a usage error', async (flags, message) => {
    const result = await runBinary(['check', '--config', config, '--duration', '1s', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('monitor with a vantage', () => {
  it('names the vantage on every NDJSON line', async () => {
    const result = await runBinary(['monitor', '--config', config, '--duration', '1s', '--json', '--vantage', 'ulsfo', '--state-dir', join(dir.path, 'monitor')]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; vantage: string });
    expect(lines.map((line) => line.type)).toContain('started');
    expect(new Set(lines.map((line) => line.vantage))).toEqual(new Set(['ulsfo']));
  });
});
