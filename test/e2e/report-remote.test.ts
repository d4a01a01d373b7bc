import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, requireBuiltCli, runBinary, type BinaryResult } from '../helpers/cli-binary.js';
import { FROM, TO, fleetFamilies, monthTurns, START, STEP_MS } from '../helpers/backfilled-fleet.js';
import { EngineStandIn } from '../helpers/engine-stand-in.js';
import { freePort } from '../helpers/loopback-server.js';
import { backfilledPrometheus, openMetricsText } from '../helpers/prometheus-backfill.js';
import type { RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';

/**
 * Issue 22, team mode: `report --remote` computes the month's figures from the series api-health exports, as a
 * real Prometheus holds them. A month of two monitors' series (backfilled with promtool, one point per 6 hours)
 * is the input; the expected figures are computed from the same generated series.
 */

const integration = needsBinaries(['prometheus', 'promtool']);
const PERIOD = ['--from', new Date(FROM).toISOString(), '--to', new Date(TO).toISOString()];
const RANGE = `${(TO - FROM) / 1000}s`;

const teamYaml = (prometheus: string) => `
shared: { prometheus: "${prometheus}" }
teams:
  mwi: { name: MediaWiki Interfaces }
  search: { name: Search Platform }
apis:
  a: { name: Alpha, family: Core, owner: mwi, url: "http://127.0.0.1:1/a", slo: { objective: 99.9% } }
  b: { name: Beta, family: Core, owner: search, url: "http://127.0.0.1:1/b", slo: { objective: 99.9% } }
  c: { name: Gamma, family: Search, owner: search, url: "http://127.0.0.1:1/c" }
  d: { name: Delta, family: Search, url: "http://127.0.0.1:1/d" }
maintenance:
  - { name: deploy, match: { api: [b] }, start: "2026-09-10T10:00:00Z", duration: 2h }
`;

interface ApiJson {
  id: string;
  team: string;
  family: string;
  probes: number;
  counted: number;
  throttled: number;
  availability: number | null;
  errorRate5xx: number | null;
  errorRate: number | null;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  slo: { objective: number; attained: number | null; met: boolean | null; budgetLeft: number | null } | null;
}

/** The report rounds milliseconds to one decimal. */
const ROUNDING_MS = 0.05 + 1e-9;

/** Linear interpolation inside the bucket (lower, upper] ms holding `count` observations, at `rank` counted from its lower edge. */
const within = (lower: number, upper: number, rank: number, count: number): number => lower + (upper - lower) * (rank / count);

function expectedCounts(api: string) {
  const turns = monthTurns(api);
  const counted = Object.entries(turns).reduce((sum, [outcome, n]) => (outcome === 'blocked' ? sum : sum + n), 0);
  const ok = turns.ok ?? 0;
  return {
    counted,
    probes: counted - (turns.throttled ?? 0),
    availability: ok / counted,
    errorRate5xx: (turns.http_5xx ?? 0) / counted,
    errorRate: (counted - ok) / counted,
  };
}

const run = (args: string[], dir: string): Promise<BinaryResult> => runBinary(args, { env: cliEnv({ TZ: 'UTC', HOME: dir }), cwd: dir, timeoutMs: 30_000 });

integration.describe('report --remote on a month of series in a real Prometheus', { timeout: 60_000 }, () => {
  let prometheus: RunningServer;
  let dir: TempDir;
  let config: string;
  let json: { apis: ApiJson[]; families: (ApiJson & { name: string })[]; teams: (ApiJson & { name: string })[]; [key: string]: unknown };

  /** What Prometheus' own histogram_quantile says, per value of `by`, in ms. */
  async function quantiles(q: number, by: string): Promise<Record<string, number>> {
    const url = new URL(`${prometheus.url}/api/v1/query`);
    url.searchParams.set('query', `histogram_quantile(${q}, sum by (${by}, le) (increase(apihealth_probe_duration_seconds_bucket[${RANGE}])))`);
    url.searchParams.set('time', String(TO / 1000));
    const body = (await (await fetch(url)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    return Object.fromEntries(body.data.result.map((s) => [s.metric[by]!, Number(s.value[1]) * 1000]));
  }

  beforeAll(async () => {
    requireBuiltCli();
    dir = tempDir('api-health-report-remote-');
    prometheus = await backfilledPrometheus(openMetricsText(fleetFamilies(), START, STEP_MS));
    config = join(dir.path, 'team.yaml');
    writeFileSync(config, teamYaml(prometheus.url));
    const result = await run(['report', '--remote', '--config', config, '--state-dir', join(dir.path, 'state'), ...PERIOD, '--json'], dir.path);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    json = JSON.parse(result.stdout);
  }, 180_000);

  afterAll(async () => {
    await prometheus?.stop();
    dir?.remove();
  });

  const api = (id: string): ApiJson => json.apis.find((a) => a.id === id)!;

  it.each(['a', 'b', 'c'])('gives API %s the counts and rates of its generated series, every vantage summed', (id) => {
    const expected = expectedCounts(id);
    const got = api(id);
    expect({ counted: got.counted, probes: got.probes, availability: got.availability, errorRate5xx: got.errorRate5xx, errorRate: got.errorRate }).toEqual({
      counted: expected.counted,
      probes: expected.probes,
      availability: expect.closeTo(expected.availability, 12),
      errorRate5xx: expect.closeTo(expected.errorRate5xx, 12),
      errorRate: expect.closeTo(expected.errorRate, 12),
    });
  });

  it('counts both vantages of a, the 5xx episode of b inside the month and not the burst the day before, throttled turns of c', () => {
    expect([api('a').counted, api('b').errorRate5xx, api('c').throttled, api('c').probes]).toEqual([2 * 30 * 1440, 180 / (30 * 1440), 30 * 120, 30 * 1440 - 30 * 120 - 30]);
  });

  it('reads the SLO of b as missed with its budget overspent, and of a as met', () => {
    const b = expectedCounts('b').availability;
    expect(api('b').slo).toEqual({ objective: expect.closeTo(0.999, 12), attained: expect.closeTo(b, 12), met: false, budgetLeft: expect.closeTo(1 - (1 - b) / 0.001, 9) });
    expect(api('a').slo!.met).toBe(true);
  });

  it('reads the percentiles from the buckets as histogram_quantile interpolates them', () => {
    // a: 77,730 probes near 75ms in (50, 100], 8,640 near 250ms in (200, 300], 30 timeouts at 4s; b: 180 5xx in (10, 25], 43,020 ok in (25, 50]; c: 39,600 in (500, 750].
    const expected: Record<string, [number, number, number]> = {
      a: [within(50, 100, 43_200, 77_730), within(200, 300, 82_080 - 77_730, 8_640), within(200, 300, 85_536 - 77_730, 8_640)],
      b: [within(25, 50, 21_600 - 180, 43_020), within(25, 50, 41_040 - 180, 43_020), within(25, 50, 42_768 - 180, 43_020)],
      c: [625, 737.5, 747.5],
    };
    for (const [id, [p50, p95, p99]] of Object.entries(expected)) {
      const got = api(id).latencyMs;
      for (const [value, want] of [[got.p50, p50], [got.p95, p95], [got.p99, p99]] as const) expect(Math.abs(value! - want)).toBeLessThanOrEqual(ROUNDING_MS);
    }
  });

  it.each([
    ['api', 'apis', 'id'],
    ['family', 'families', 'name'],
    ['team', 'teams', 'name'],
  ] as const)('gives each %s the p95 Prometheus itself computes for it', async (label, list, key) => {
    const own = await quantiles(0.95, label);
    const rows: (ApiJson & { name?: string })[] = json[list].filter((row) => row.latencyMs.p95 !== null);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Math.abs(row.latencyMs.p95! - own[row[key]!]!)).toBeLessThanOrEqual(ROUNDING_MS);
  });

  it('shows an API with no series without figures (null, not zero), and leaves out the API of another config', () => {
    const d = api('d');
    expect([d.availability, d.errorRate, d.latencyMs.p50, d.latencyMs.p99]).toEqual([null, null, null, null]);
    expect(json.apis.map((a) => a.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(json.prometheus).toMatchObject({ noSeries: ['d'], otherApis: 1, maintenanceLeftOut: false });
  });

  it('names its source and the vantages it summed, and keeps every key of the local report', async () => {
    expect(json.source).toBe('prometheus');
    expect(json.prometheus).toMatchObject({ url: prometheus.url, vantages: [{ name: 'codfw', probes: 30 * 1440 }, { name: 'eqiad', probes: 3 * 30 * 1440 }] });
    expect(json.history).toEqual({ file: null, found: true, relativeError: null, maintenanceMs: 7_200_000 });
    const local = JSON.parse((await run(['report', '--config', config, '--state-dir', join(dir.path, 'state'), ...PERIOD, '--json'], dir.path)).stdout);
    expect(local.source).toBe('history');
    expect(Object.keys(json)).toEqual(expect.arrayContaining(Object.keys(local)));
    const contract = ['id', 'team', 'family', 'probes', 'counted', 'availability', 'errorRate5xx', 'errorRate', 'latencyMs', 'slo', 'maintenanceTurns'];
    for (const row of json.apis) expect(Object.keys(row)).toEqual(expect.arrayContaining(contract));
  });

  it('prints text that says where the figures come from, that vantages are summed and that maintenance is not left out', async () => {
    const result = await run(['report', '--remote', '--config', config, '--state-dir', join(dir.path, 'state'), ...PERIOD], dir.path);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Probe figures of Prometheus ${prometheus.url} from 2026-09-02 00:00 to 2026-10-02 00:00`);
    expect(lines.find((line) => line.startsWith('b '))).toMatch(/^b\s+search\s+Core\s+43200\s+99\.583%\s+0\.417%\s+0\.417%\s+37ms\s+49ms\s+50ms\s+99\.9%\s+99\.583% MISSED\s+-316\.7%$/);
    expect(lines.find((line) => line.startsWith('d '))).toMatch(/^d\s+unassigned\s+Search\s+0\s+-\s+-\s+-\s+-\s+-\s+-/);
    expect(result.stdout).toContain('summed over the 2 vantages that reported (codfw 43200, eqiad 129600 turns)');
    expect(result.stdout).toContain('Maintenance is not left out under --remote: Prometheus keeps no record of the windows (windows covering these APIs were in force for 2h of the period).');
    expect(result.stdout).toContain('No series in the period (no figures, not zero): d.');
  });

  it('publishes the same figures as wikitext', async () => {
    const result = await run(['report', '--remote', '--config', config, '--state-dir', join(dir.path, 'state'), ...PERIOD, '--format', 'wikitext'], dir.path);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`API availability and latency from 2026-09-02 00:00 to 2026-10-02 00:00, read from Prometheus ${prometheus.url}`);
    expect(result.stdout).toContain('{| class="wikitable');
    expect(result.stdout).toMatch(/\| b\n\| search\n\| Core\n\| 43200\n\| 99\.583%/);
  });

  it('gives a spreadsheet the same figures as CSV, an API without series with empty cells', async () => {
    const result = await run(['report', '--remote', '--config', config, '--state-dir', join(dir.path, 'state'), ...PERIOD, '--format', 'csv'], dir.path);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split(/\r?\n/);
    expect(lines.find((line) => line.startsWith('b,'))).toBe('b,search,Core,43200,0.995833,0.004167,0.004167,37.4,48.7,49.7,0.999,0.995833,-3.166667,0');
    expect(lines.find((line) => line.startsWith('d,'))).toBe('d,unassigned,Search,0,,,,,,,,,,0');
  });
});

describe('report --remote when Prometheus cannot give the figures', () => {
  let dir: TempDir;
  beforeAll(() => {
    requireBuiltCli();
    dir = tempDir('api-health-report-remote-fail-');
  });
  afterAll(() => dir.remove());

  const report = async (prometheus: string): Promise<BinaryResult> => {
    const config = join(dir.path, 'team.yaml');
    writeFileSync(config, teamYaml(prometheus));
    return run(['report', '--remote', '--config', config, '--state-dir', join(dir.path, 'state'), ...PERIOD, '--json'], dir.path);
  };

  it('says in one line that nothing answered, and exits 3', async () => {
    const port = await freePort();
    const result = await report(`http://127.0.0.1:${port}`);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`api-health: report --remote: no figures from Prometheus http://127.0.0.1:${port}: connection refused\n`);
    expect(result.code).toBe(3);
  });

  it.each([
    ['a matrix', { status: 'success', data: { resultType: 'matrix', result: [] } }, 'HTTP 200: not an instant vector'],
    ['an array', [null], 'HTTP 200: not an instant vector'],
    ['a refusal to load a quarter', { status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory in query execution' }, 'query processing would load too many samples'],
    ['escape codes in its error', { status: 'error', errorType: 'bad_data', error: '\u001b[2J\u001b]8;;http://evil\u0007boom\nsecond line' }, 'boom second line'],
  ])('says in one line that Prometheus answered %s, and exits 3', async (_what, answer, says) => {
    const standIn = new EngineStandIn();
    standIn.query = { json: answer };
    const url = await standIn.listen();
    try {
      const result = await report(url);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(says);
      expect(result.stderr).toMatch(/^api-health: report --remote: no figures from Prometheus http:\/\/127\.0\.0\.1:\d+: [^\n\u001b\u0007]+\n$/);
      expect(result.code).toBe(3);
      expect(standIn.requests.filter((r) => r === 'GET /api/v1/query')).toHaveLength(2);
    } finally {
      await standIn.close();
    }
  });

  it.each([
    ['a config without shared.prometheus', ['--config', 'none.yaml'], 'the config needs shared.prometheus'],
    ['the demo', ['--demo'], 'which the demo has none of'],
  ])('refuses %s as a usage error (exit 2)', async (_what, args, says) => {
    writeFileSync(join(dir.path, 'none.yaml'), 'apis: { a: { url: "http://127.0.0.1:1/a" } }\n');
    const result = await run(['report', '--remote', ...args, '--state-dir', join(dir.path, 'state')], dir.path);
    expect(result.stderr).toContain(says);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.code).toBe(2);
  });
});
