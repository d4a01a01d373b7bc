import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Outcome, ProbeSample } from '../../source/core/probe-sample.js';
import { HistoryWriter } from '../../source/engine/history-writer.js';
import { RELATIVE_ERROR } from '../../source/metrics/latency-histogram.js';
import { percentile } from '../../source/metrics/percentile.js';
import { HISTORY_FILE } from '../../source/persistence/history-db.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('api-health-report-history-');
const START = Date.UTC(2026, 8, 1);
const DAYS = 3;
const MAINTENANCE = { start: Date.UTC(2026, 8, 1, 10), end: Date.UTC(2026, 8, 1, 12) };

const CONFIG = `
teams:
  mwi: { name: MediaWiki Interfaces }
apis:
  a: { name: Alpha, family: Core, owner: mwi, url: "http://127.0.0.1:1/a", slo: { objective: 99% } }
  b: { name: Beta, family: Core, url: "http://127.0.0.1:1/b" }
maintenance:
  - { name: deploy, match: { api: [b] }, start: "2026-09-01T10:00:00Z", duration: 2h }
`;

/** Three days of a probe a minute per API: mostly ok with a spread of latencies, some 5xx, timeouts and 429 back-offs. */
function rawProbes(): ProbeSample[] {
  let x = 42;
  const next = (): number => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
  const samples: ProbeSample[] = [];
  for (let at = START; at < START + DAYS * 86_400_000; at += 60_000) {
    for (const apiId of ['a', 'b']) {
      const u = next();
      const outcome: Outcome = u < 0.02 ? 'http_5xx' : u < 0.03 ? 'timeout' : u < 0.035 ? 'throttled' : 'ok';
      const latency = 20 + next() ** 3 * (apiId === 'a' ? 900 : 300);
      samples.push({ apiId, at: at + 1_000, outcome, ...(outcome === 'ok' ? { totalMs: latency } : {}) });
    }
  }
  return samples;
}

/** What the report must say, computed from the raw probes themselves. */
function expected(samples: readonly ProbeSample[], apiId: string) {
  const mine = samples.filter((s) => s.apiId === apiId && !(apiId === 'b' && s.at >= MAINTENANCE.start && s.at < MAINTENANCE.end));
  const counted = mine.length;
  const ok = mine.filter((s) => s.outcome === 'ok');
  const latencies = ok.map((s) => s.totalMs!).sort((p, q) => p - q);
  return {
    counted,
    probes: mine.filter((s) => s.outcome !== 'throttled').length,
    availability: ok.length / counted,
    errorRate5xx: mine.filter((s) => s.outcome === 'http_5xx').length / counted,
    p50: percentile(latencies, 50)!,
    p95: percentile(latencies, 95)!,
    p99: percentile(latencies, 99)!,
  };
}

/** The samples written by the real writer on its own timer, with pruning by retention as time goes by. */
async function storeHistory(dir: string, samples: readonly ProbeSample[]): Promise<void> {
  const clock = new ManualClock(START);
  const writer = new HistoryWriter({ dir, retention: { fineMs: 48 * 3_600_000, coarseMs: 400 * 86_400_000 }, clock, warn: (text) => expect.fail(text) });
  writer.start();
  for (const sample of samples) {
    if (sample.at > clock.now()) clock.advance(sample.at - clock.now());
    writer.record(sample);
  }
  await writer.stop();
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

let stored: Promise<{ dir: string; config: string; samples: ProbeSample[] }> | undefined;

/** One stored history for the whole file: every test here only reads it. */
function setUp(): Promise<{ dir: string; config: string; samples: ProbeSample[] }> {
  stored ??= makeHistory();
  return stored;
}

async function makeHistory(): Promise<{ dir: string; config: string; samples: ProbeSample[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'api-health-report-history-'));
  made.push(dir);
  const config = join(dir, 'api-health.yaml');
  writeFileSync(config, CONFIG);
  const samples = rawProbes();
  await storeHistory(join(dir, 'state'), samples);
  return { dir: join(dir, 'state'), config, samples };
}

const PERIOD = ['--from', '2026-09-01', '--to', '2026-09-03'];

describe('api-health report over the stored history', () => {
  it.each(['a', 'b'])('gives API %s the figures computed from its raw probes, percentiles within the stated error', async (apiId) => {
    const { dir, config, samples } = await setUp();
    const result = await runCommand(['report', '--config', config, '--state-dir', dir, ...PERIOD, '--json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    const api = report.apis.find((a: { id: string }) => a.id === apiId);
    const want = expected(samples, apiId);
    expect(api).toMatchObject({ id: apiId, family: 'Core', probes: want.probes, counted: want.counted });
    expect(api.availability).toBeCloseTo(want.availability, 12);
    expect(api.errorRate5xx).toBeCloseTo(want.errorRate5xx, 12);
    expect(api.errorRate).toBeCloseTo(1 - want.availability, 12);
    for (const p of ['p50', 'p95', 'p99'] as const) {
      expect(Math.abs(api.latencyMs[p] - want[p]) / want[p]).toBeLessThanOrEqual(RELATIVE_ERROR + 0.001);
    }
    expect(report.history.relativeError).toBe(RELATIVE_ERROR);
  });

  it('judges the SLO and the error budget left from the same probes', async () => {
    const { dir, config, samples } = await setUp();
    const report = JSON.parse((await runCommand(['report', '--config', config, '--state-dir', dir, ...PERIOD, '--json'])).stdout);
    const a = report.apis.find((x: { id: string }) => x.id === 'a');
    const { availability } = expected(samples, 'a');
    expect(a.team).toBe('mwi');
    expect(a.slo.objective).toBe(0.99);
    expect(a.slo.attained).toBeCloseTo(availability, 12);
    expect(a.slo.budgetLeft).toBeCloseTo(1 - (1 - availability) / 0.01, 9);
    expect(report.apis.find((x: { id: string }) => x.id === 'b').slo).toBeNull();
  });

  it('leaves the maintenance window out and says how long it was', async () => {
    const { dir, config } = await setUp();
    const result = await runCommand(['report', '--config', config, '--state-dir', dir, ...PERIOD]);
    expect(result.stdout).toMatch(/Left out: 2h of maintenance windows \(120 probe turns\)\./);
    const json = JSON.parse((await runCommand(['report', '--config', config, '--state-dir', dir, ...PERIOD, '--json'])).stdout);
    expect(json.apis.find((x: { id: string }) => x.id === 'b').maintenanceTurns).toBe(120);
    expect(json.history.maintenanceMs).toBe(2 * 3_600_000);
  });

  it('adds up families and teams from their APIs', async () => {
    const { dir, config, samples } = await setUp();
    const report = JSON.parse((await runCommand(['report', '--config', config, '--state-dir', dir, ...PERIOD, '--json'])).stdout);
    const core = report.families.find((f: { name: string }) => f.name === 'Core');
    expect(core.apis).toBe(2);
    expect(core.counted).toBe(expected(samples, 'a').counted + expected(samples, 'b').counted);
    expect(report.teams.map((t: { name: string }) => t.name)).toEqual(['mwi', 'unassigned']);
  });

  it('prints a row per API in the text report, above the alarm figures', async () => {
    const { dir, config } = await setUp();
    const result = await runCommand(['report', '--config', config, '--state-dir', dir, ...PERIOD]);
    expect(result.stdout).toMatch(/^Probe history from 2026-09-0\d/m);
    expect(result.stdout).toMatch(/^a +mwi +Core +4320 +96\.\d+% .* 99% +96\.\d+% MISSED +-\d+(\.\d)?%$/m);
    expect(result.stdout).toMatch(/No event log at /);
  });

  it.each([
    ['markdown', /^\| API \| Team \| Family \| Probes \| Availability/m],
    ['wikitext', /^! API !! Team !! Family !! Probes !! Availability/m],
    ['csv', /^api,team,family,probes,availability,error_rate_5xx,error_rate,p50_ms,p95_ms,p99_ms,slo_objective,slo_attained,slo_budget_left,maintenance_turns\r?\na,mwi,Core,4320,0\.9\d+,/m],
  ])('writes --format %s', async (format, shape) => {
    const { dir, config } = await setUp();
    const result = await runCommand(['report', '--config', config, '--state-dir', dir, ...PERIOD, '--format', format]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(shape);
  });

  it('reads while another process holds the write lock (a monitor in the middle of a flush)', async () => {
    const { dir, config } = await setUp();
    const writer = new Database(join(dir, HISTORY_FILE));
    writer.exec('BEGIN IMMEDIATE');
    writer.exec("INSERT INTO apis (name) VALUES ('new-api')");
    try {
      const result = await runCommand(['report', '--config', config, '--state-dir', dir, ...PERIOD, '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).apis).toHaveLength(2);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it.each([
    [['--from', 'yesterday'], 'invalid --from "yesterday" (use a date such as 2026-10-01 or a time such as 2026-10-01T12:00Z)'],
    [['--from', '2026-09-03', '--to', '2026-09-01'], '--from must be before --to'],
    [['--format', 'pdf'], 'unknown --format "pdf"'],
  ])('refuses %j with a usage error', async (flags, message) => {
    const result = await runCommand(['report', '--state-dir', tempDir(), ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
