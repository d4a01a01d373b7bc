import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildHistoryReport } from '../source/alerts/history-report.js';
import { addLatency } from '../source/metrics/latency-histogram.js';
import { emptyRollup, type Rollup, type RollupRow } from '../source/metrics/rollup.js';
import { COARSE_STEP_MS, DAY_STEP_MS, FINE_STEP_MS, HISTORY_FILE, HistoryDb } from '../source/persistence/history-db.js';
import { HistoryWriter } from '../source/engine/history-writer.js';
import { HttpProber } from '../source/probe/http-prober.js';
import { fleetConfig, startFleet } from './fleet.js';
import type { Result } from './result.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A deterministic latency spread (mostly 40-200 ms, a slow tail) and 1 % failures, as a real API might have. */
function rollupOf(probes: number, seed: number): Rollup {
  const rollup = emptyRollup();
  let x = seed;
  for (let i = 0; i < probes; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    const u = x / 2_147_483_648;
    rollup.probes++;
    if (u < 0.01) {
      rollup.failures.http_5xx = (rollup.failures.http_5xx ?? 0) + 1;
      rollup.http5xx++;
    } else {
      rollup.ok++;
      addLatency(rollup.latency, u < 0.95 ? 40 + u * 160 : 200 + (u - 0.95) * 40_000);
    }
  }
  return rollup;
}

export function writeHours(
  db: HistoryDb,
  apis: number,
  from: number,
  to: number,
  probesPerRow: number,
  stepMs: number,
  apiId: (index: number) => string = (a) => `api-${String(a).padStart(4, '0')}.example-family`,
): void {
  // A handful of distinct rollups reused: writing is what is measured here, not drawing random numbers.
  const variants = Array.from({ length: 16 }, (_, i) => rollupOf(probesPerRow, i + 1));
  let batch: RollupRow[] = [];
  for (let start = from; start < to; start += stepMs) {
    for (let a = 0; a < apis; a++) {
      batch.push({ apiId: apiId(a), stepMs, start, rollup: variants[(a + start / stepMs) % 16]! });
      if (batch.length >= 20_000) {
        db.write(batch);
        batch = [];
      }
    }
  }
  db.write(batch);
}

/**
 * Probe CPU with the history written and without: rounds of real loopback probes by the prober, alternately
 * recording every sample into the history writer (written in one transaction per 2,000 samples, which is a
 * 10 s flush of a 2,000-API fleet probed every 10 s) and not, so both see the same machine.
 */
async function probeCpu(rounds: number, perRound: number): Promise<Result[]> {
  const fleet = await startFleet(1, 0);
  const dir = mkdtempSync(join(tmpdir(), 'api-health-bench-probe-'));
  try {
    const config = fleetConfig(fleet.ports, 50, '10s');
    const prober = new HttpProber({ userAgent: config.defaults.userAgent, maxBodyBytes: 1024 * 1024, connectionsPerOrigin: 1, keepAliveMs: 60_000 });
    const clock = { now: () => Date.now(), setTimeout: () => ({ id: 0 }), clearTimeout: () => {} };
    const writer = new HistoryWriter({ dir, retention: { fineMs: 48 * HOUR, coarseMs: 400 * DAY }, clock, warn: (text) => console.log(`warning: ${text}`) });
    writer.start();
    // Warm up the prober, the connection and the writer before anything is counted.
    for (let i = 0; i < perRound; i++) writer.record(await prober.probe(config.apis[i % config.apis.length]!));
    writer.flush();
    const cpu = { on: 0, off: 0 };
    let recorded = 0;
    for (let round = 0; round < rounds * 2; round++) {
      const on = round % 2 === 1;
      const started = process.cpuUsage();
      for (let i = 0; i < perRound; i++) {
        const sample = await prober.probe(config.apis[i % config.apis.length]!);
        if (on) {
          writer.record(sample);
          if (++recorded % 2_000 === 0) writer.flush();
        }
      }
      const used = process.cpuUsage(started);
      cpu[on ? 'on' : 'off'] += used.user + used.system;
    }
    await writer.stop();
    await prober.close();
    const probes = rounds * perRound;
    return [
      { name: 'history: probe CPU without history', value: cpu.off / probes, unit: 'us/probe' },
      { name: 'history: probe CPU with history', value: cpu.on / probes, unit: 'us/probe' },
      { name: 'history: probe CPU on / off', value: cpu.on / cpu.off, unit: 'x', target: '<= 1.05x', ok: cpu.on / cpu.off <= 1.05 },
    ];
  } finally {
    fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * (f) history: disk per API per year at the defaults (a probe every 10 s, hour rows kept a year and minute
 * rows 48 h), and `report` over 90 days of a fleet, read and computed as the command does.
 */
export async function benchHistory({ apis, days }: { apis: number; days: number }): Promise<Result[]> {
  const results: Result[] = await probeCpu(10, 2_000);
  const now = Date.UTC(2026, 11, 1);
  const diskDir = mkdtempSync(join(tmpdir(), 'api-health-bench-history-'));
  try {
    const sample = 4;
    const db = HistoryDb.open(diskDir, now);
    writeHours(db, sample, now - 365 * DAY, now, 360, COARSE_STEP_MS);
    writeHours(db, sample, now - 365 * DAY, now, 8_640, DAY_STEP_MS);
    writeHours(db, sample, now - 2 * DAY, now, 6, FINE_STEP_MS);
    db.close();
    const bytes = statSync(join(diskDir, HISTORY_FILE)).size;
    results.push({ name: 'history: disk per API per year (defaults)', value: bytes / sample / 1_048_576, unit: 'MB', target: '<= 2 MB', ok: bytes / sample <= 2 * 1_048_576 });
  } finally {
    rmSync(diskDir, { recursive: true, force: true });
  }

  const reportDir = mkdtempSync(join(tmpdir(), 'api-health-bench-report-'));
  try {
    const db = HistoryDb.open(reportDir, now);
    const written = performance.now();
    // What the report reads: day rows for the whole days, hour rows for the last partial day, minute rows for the last hours.
    writeHours(db, apis, now - days * DAY, now, 8_640, DAY_STEP_MS);
    writeHours(db, apis, now - 2 * DAY, now, 360, COARSE_STEP_MS);
    writeHours(db, apis, now - 3 * HOUR, now, 6, FINE_STEP_MS);
    const writeSeconds = (performance.now() - written) / 1_000;
    db.close();
    results.push({ name: `history: writing ${apis} APIs x ${days} d`, value: writeSeconds, unit: 's' });
    const started = performance.now();
    const reader = HistoryDb.open(reportDir, now, { readonly: true });
    // Ends mid-hour, as `report --since` from now does.
    const totals = reader.rangeTotals(now - days * DAY - 30 * 60_000, now - 30 * 60_000);
    reader.close();
    const report = buildHistoryReport({ apis: [], totals, maintenanceRows: [], from: now - days * DAY - 30 * 60_000, to: now - 30 * 60_000, maintenance: [] });
    const seconds = (performance.now() - started) / 1_000;
    if (report.apis.length !== apis) throw new Error(`report found ${report.apis.length} APIs, expected ${apis}`);
    results.push({ name: `history: report --since ${days}d over ${apis} APIs`, value: seconds, unit: 's', target: '<= 3 s', ok: seconds <= 3 });
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  return results;
}
