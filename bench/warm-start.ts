import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { COARSE_STEP_MS, FINE_STEP_MS, HistoryDb } from '../source/persistence/history-db.js';
import { rssMiB, Terminal } from './dashboard.js';
import { median, startFleet } from './fleet.js';
import { writeHours } from './history.js';
import type { Result } from './result.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A row's sparkline drawn from the history: a dozen cells with a bar (minute rows fill every other cell of a wide line). */
const SPARKLINE = /(?:[▁▂▃▄▅▆▇█] ?){12}/;
/** A cold start's first frame: the API rows are there, still waiting for data. */
const API_ROW = /api-\d+/;
const FIRST_FRAME_TIMEOUT_MS = 60_000;
const RSS_ROUNDS = 2;

/**
 * The fleet's config document (JSON is YAML): `apis` APIs on the fleet's ports, probed every 10 s, each with an
 * SLO, so a warm start also rebuilds every API's burn-rate windows (the most it reads).
 */
function configText(ports: number[], apis: number, history: boolean): string {
  const document = {
    defaults: { interval: '10s', timeout: '5s', userAgent: 'api-health-bench/1 (ops@example.org)' },
    ...(history ? {} : { history: 'off' }),
    slo: { objective: 0.999 },
    teams: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`team-${i}`, { name: `Team ${i}` }])),
    apis: Object.fromEntries(Array.from({ length: apis }, (_, i) => [`api-${i}`, { owner: `team-${i % 20}`, url: `http://127.0.0.1:${ports[i % ports.length]}/api-${i}` }])),
  };
  return JSON.stringify(document);
}

const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** 24 h of minute rows and 3 days of hour rows per API, ending now: what a monitor that ran all day leaves. */
function writeDay(dir: string, apis: number, now: number): void {
  const db = HistoryDb.open(dir, now);
  const end = now - (now % FINE_STEP_MS);
  writeHours(db, apis, end - DAY, end, 6, FINE_STEP_MS, (a) => `api-${a}`);
  const hourEnd = end - (end % COARSE_STEP_MS);
  writeHours(db, apis, hourEnd - 3 * DAY, hourEnd, 360, COARSE_STEP_MS, (a) => `api-${a}`);
  db.close();
}

/** Milliseconds from starting the dashboard in a terminal to the first screen that `drawn` matches. */
async function firstFrameMs(dir: string, config: string, stateDir: string, drawn: RegExp): Promise<number> {
  const cli = fileURLToPath(new URL('../source/cli.js', import.meta.url));
  const env = `env -u CI -u CONTINUOUS_INTEGRATION XDG_STATE_HOME=${dir}/xdg-state XDG_CONFIG_HOME=${dir}/xdg-config TERM=xterm-256color`;
  const started = performance.now();
  const terminal = new Terminal(dir, `${env} ${process.execPath} ${cli} --config ${config} --state-dir ${stateDir}`, 200, 50);
  try {
    let screen = '';
    while (performance.now() - started < FIRST_FRAME_TIMEOUT_MS) {
      screen = terminal.tmux('capture-pane', '-p');
      if (drawn.test(screen)) return performance.now() - started;
      await sleep(20);
    }
    throw new Error(`no ${drawn} on screen within ${FIRST_FRAME_TIMEOUT_MS} ms; the screen was:\n${screen}`);
  } finally {
    terminal.close();
  }
}

/**
 * `monitor` on the fleet for `seconds`: the median of its RSS read each second over the second half of the run,
 * once it settled after the warm start (one reading swings with where the collector happens to be).
 */
async function monitorRssMiB(config: string, stateDir: string, seconds: number): Promise<number> {
  const cli = fileURLToPath(new URL('../source/cli.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'monitor', '--config', config, '--state-dir', stateDir, '--duration', `${seconds + 10}s`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readings: number[] = [];
  for (let second = 1; second <= seconds; second++) {
    await sleep(1_000);
    if (second > seconds / 2) readings.push(rssMiB(child.pid!));
  }
  child.kill('SIGTERM');
  await exited;
  return median(readings);
}

/**
 * (k) the history on start: the dashboard's first frame over 2,000 APIs with a day of history in the store
 * (against a cold start, in the same run), and the monitor's RSS with the history on against off.
 */
export async function benchWarmStart({ apis, seconds }: { apis: number; seconds: number }): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'api-health-bench-warm-'));
  const fleet = await startFleet(8, 1);
  try {
    const withHistory = join(dir, 'with-history.yaml');
    const withoutHistory = join(dir, 'without-history.yaml');
    writeFileSync(withHistory, configText(fleet.ports, apis, true));
    writeFileSync(withoutHistory, configText(fleet.ports, apis, false));
    const warmState = join(dir, 'warm');
    const written = performance.now();
    writeDay(warmState, apis, Date.now());
    const writeSeconds = (performance.now() - written) / 1_000;
    const warm = await firstFrameMs(dir, withHistory, warmState, SPARKLINE);
    const cold = await firstFrameMs(dir, withoutHistory, join(dir, 'cold'), API_ROW);
    // Alternated, twice each: one run's RSS swings by a fifth with where V8 grew its heap.
    const rss = { on: [] as number[], off: [] as number[] };
    for (let round = 0; round < RSS_ROUNDS; round++) {
      rss.on.push(await monitorRssMiB(withHistory, warmState, seconds));
      rss.off.push(await monitorRssMiB(withoutHistory, join(dir, `off-${round}`), seconds));
    }
    const on = mean(rss.on);
    const off = mean(rss.off);
    return [
      { name: `warm start: writing 24 h of minute rows for ${apis} APIs`, value: writeSeconds, unit: 's' },
      { name: `warm start: dashboard start to first frame with sparklines, 24 h of history, ${apis} APIs`, value: warm / 1_000, unit: 's', target: '<= 1.5 s', ok: warm <= 1_500 },
      { name: `warm start: first frame with the API rows, no history (baseline)`, value: cold / 1_000, unit: 's' },
      { name: `warm start: monitor RSS, median of each run's second half (${seconds} s runs, ${RSS_ROUNDS} each, alternated), history on (warm) / off`, value: on / off, unit: 'x', target: '<= 1.1x', ok: on / off <= 1.1 },
      { name: 'warm start: monitor RSS, history on', value: on, unit: 'MiB' },
      { name: 'warm start: monitor RSS, history off', value: off, unit: 'MiB' },
    ];
  } finally {
    fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
