import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runBinary } from '../helpers/cli-binary.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { freePort } from '../helpers/loopback-server.js';
import { SECRET, SECRET_ENV, secretFleetYaml } from '../helpers/secret-fleet.js';

let server: TestServer;
let dir: string;
let config: string;
let tableConfig: string;
let json: { code: number | null; stdout: string; stderr: string };
let table: { code: number | null; stdout: string; stderr: string };

/** Paths of the loopback fleet: /flaky fails every 4th of its own requests, /slow waits 30 ms. */
beforeAll(async () => {
  const counts = new Map<string, number>();
  server = await startServer((_n, req) => {
    const path = req.url ?? '/';
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    if (path.startsWith('/flaky')) return n % 4 === 0 ? { status: 503 } : {};
    if (path === '/slow') return { delayMs: 30 };
    return {};
  });
  const refused = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'api-health-check-'));
  config = join(dir, 'fleet.yaml');
  tableConfig = join(dir, 'table.yaml');
  // Each run gets its own /flaky path, so its every-4th count is its own.
  const fleet = (run: string): string => `defaults:
  interval: 100ms
  timeout: 1s
  userAgent: "api-health-test/1 (ops@example.org)"
teams:
  mwi: { name: MediaWiki Interfaces, contacts: { slack: "#mediawiki-interfaces" } }
  ctt: { name: Content Transform Team }
apis:
  page: { name: Page, family: MediaWiki REST, owner: mwi, url: "${server.url}/ok" }
  flaky: { name: Flaky, family: MediaWiki REST, owner: mwi, url: "${server.url}/flaky?run=${run}" }
  slow: { name: Slow, family: Wikimedia REST, owner: ctt, url: "${server.url}/slow" }
  gone: { name: Gone, family: API Portal, url: "http://127.0.0.1:${refused}/" }
`;
  writeFileSync(config, fleet('json'));
  writeFileSync(tableConfig, fleet('table'));
  [json, table] = await Promise.all([
    // 3 s at a 100 ms interval is some 30 probes an API: three times the 10 asserted, room for a busy machine.
    runBinary(['check', '--config', config, '--duration', '3s', '--json']),
    runBinary(['check', '--config', tableConfig, '--duration', '1s']),
  ]);
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('check --json', () => {
  it('exits 0 with a JSON document and nothing on stderr', () => {
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });

  it('has the documented top-level keys', () => {
    const report = JSON.parse(json.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['generatedAt', 'durationMs', 'apis', 'teams']));
    expect(new Date(report.generatedAt).toISOString()).toBe(report.generatedAt);
    expect(report.durationMs).toBeGreaterThanOrEqual(3_000);
    // The run and its stop on a busy machine, yet far from a stop that hangs.
    expect(report.durationMs).toBeLessThan(10_000);
  });

  it('describes every API with the documented keys and shapes', () => {
    const { apis } = JSON.parse(json.stdout);
    expect(apis.map((a: { id: string }) => a.id)).toEqual(['page', 'flaky', 'slow', 'gone']);
    for (const api of apis) {
      expect(api).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          name: expect.any(String),
          family: expect.any(String),
          url: expect.any(String),
          samples: expect.any(Number),
          latencyMs: { p50: expect.toBeOneOf([expect.any(Number), null]), p95: expect.toBeOneOf([expect.any(Number), null]), p99: expect.toBeOneOf([expect.any(Number), null]) },
          errorRate5xx: expect.toBeOneOf([expect.any(Number), null]),
          errorRate: expect.any(Number),
          availability: expect.any(Number),
        }),
      );
      expect(api).toHaveProperty('owner');
      expect(api).toHaveProperty('lastStatus');
      expect(api).toHaveProperty('lastError');
      for (const rate of [api.errorRate5xx ?? 0, api.errorRate, api.availability]) {
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(1);
      }
    }
  });

  it('reports the figures the fleet produced, rates as fractions', () => {
    const byId = Object.fromEntries(JSON.parse(json.stdout).apis.map((a: { id: string }) => [a.id, a]));
    expect(byId.page).toMatchObject({ owner: 'mwi', errorRate5xx: 0, errorRate: 0, availability: 1, lastStatus: 200, lastError: null });
    expect(byId.page.samples).toBeGreaterThanOrEqual(10);
    expect(byId.flaky.samples).toBeGreaterThanOrEqual(8);
    expect(byId.flaky.errorRate5xx).toBe(Math.round((Math.floor(byId.flaky.samples / 4) / byId.flaky.samples) * 10_000) / 10_000);
    expect(byId.flaky.errorRate).toBe(byId.flaky.errorRate5xx);
    // The server's 30 ms, with room for a busy machine, yet well under the 1 s timeout.
    expect(byId.slow.latencyMs.p50).toBeGreaterThanOrEqual(30);
    expect(byId.slow.latencyMs.p50).toBeLessThan(500);
    // Refused every time: no answer whose share of 5xx could be told.
    expect(byId.gone).toMatchObject({ owner: null, availability: 0, errorRate: 1, errorRate5xx: null, lastStatus: null, lastError: 'connection_refused' });
    expect(byId.gone.latencyMs).toEqual({ p50: null, p95: null, p99: null });
  });

  it('lists teams with their API ids', () => {
    expect(JSON.parse(json.stdout).teams).toEqual([
      { id: 'mwi', name: 'MediaWiki Interfaces', apis: ['page', 'flaky'] },
      { id: 'ctt', name: 'Content Transform Team', apis: ['slow'] },
    ]);
  });
});

describe('check (table)', () => {
  it('prints one table per team, Unassigned first, and a summary', () => {
    expect(table.code).toBe(0);
    const out = table.stdout;
    const unassigned = out.indexOf('Unassigned (no owning team)');
    const mwi = out.indexOf('MediaWiki Interfaces (mwi) - #mediawiki-interfaces');
    const ctt = out.indexOf('Content Transform Team (ctt)');
    expect(unassigned).toBeGreaterThanOrEqual(0);
    expect(mwi).toBeGreaterThan(unassigned);
    expect(ctt).toBeGreaterThan(mwi);
    expect(out.slice(unassigned, mwi)).toContain('Gone');
    expect(out.slice(mwi, ctt)).toMatch(/Page[\s\S]*Flaky|Flaky[\s\S]*Page/);
    expect(out.slice(ctt)).toContain('Slow');
    expect(out).toMatch(/4 APIs over 1s: \d+ healthy, \d+ degraded, \d+ failing, \d+ without data/);
    expect(out).toContain('refused: connection refused');
  });
});

describe.concurrent('check errors: exit 2, a clear message, no stack trace', () => {
  const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

  it('reports config errors with file, line, column and key path', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'teams:\n  mwi: { name: M }\napis:\n  a:\n    owner: mwj\n    url: https://example.org\n    interval: 10 seconds\n');
    const result = await runBinary(['check', '--config', bad, '--duration', '1s']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('api-health: config error');
    expect(result.stderr).toContain(`${bad}:7:5: apis.a.interval: invalid duration "10 seconds"`);
    noStack(result.stderr);
  });

  it('says where it looked when no config is found, and how to start', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'api-health-empty-'));
    const result = await runBinary(['check', '--duration', '1s'], { cwd: empty, env: cliEnv({ XDG_CONFIG_HOME: join(empty, 'xdg') }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no config found');
    expect(result.stderr).toContain(join(empty, 'api-health.yaml'));
    expect(result.stderr).toContain(join(empty, 'xdg', 'api-health', 'config.yaml'));
    expect(result.stderr).toContain('--demo');
    noStack(result.stderr);
    rmSync(empty, { recursive: true, force: true });
  });

  it('finds ./api-health.yaml without --config', async () => {
    const here = mkdtempSync(join(tmpdir(), 'api-health-cwd-'));
    writeFileSync(join(here, 'api-health.yaml'), `defaults: { interval: 100ms }\napis:\n  only: { url: "${server.url}/ok" }\n`);
    const result = await runBinary(['check', '--duration', '300ms', '--json'], { cwd: here, env: cliEnv({ XDG_CONFIG_HOME: join(here, 'xdg') }) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).apis.map((a: { id: string }) => a.id)).toEqual(['only']);
    rmSync(here, { recursive: true, force: true });
  });

  it.each([
    { args: ['--duration', 'forever'], message: 'invalid --duration "forever"' },
    { args: ['--duration', '0s'], message: 'invalid --duration "0s"' },
  ])('rejects $args', async ({ args, message }) => {
    const result = await runBinary(['check', '--config', config, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    noStack(result.stderr);
  });

  it('never prints a ${VAR} value from an API URL, as JSON or as a table', async () => {
    const keyed = join(dir, 'keyed.yaml');
    writeFileSync(keyed, secretFleetYaml(server.url));
    const env = cliEnv(SECRET_ENV);
    const [asJson, asTable] = await Promise.all([
      runBinary(['check', '--config', keyed, '--duration', '300ms', '--json'], { env }),
      runBinary(['check', '--config', keyed, '--duration', '300ms'], { env }),
    ]);
    expect(JSON.parse(asJson.stdout).apis[0].url).toBe(`${server.url}/v1/search?key=[redacted]`);
    for (const result of [asJson, asTable]) expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
  });

  it('rejects an unknown command', async () => {
    const result = await runBinary(['chek']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "chek"');
  });
});
