import '../source/production.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOverhead } from './overhead.js';
import { benchRender } from './render.js';
import { formatResults, type Result } from './result.js';
import { benchScale } from './scale.js';
import { benchAssertions } from './assertions.js';
import { benchHistory } from './history.js';
import { benchRemote } from './remote.js';
import { benchStartup } from './startup.js';
import { benchDashboard } from './dashboard.js';
import { benchWarmStart } from './warm-start.js';
import { benchSoak, FULL_CHECKPOINTS_MIN, QUICK_CHECKPOINTS_MIN } from './soak.js';

/**
 * npm run bench: every benchmark with its baseline measured in the same run, then one summary table.
 * Durations come from the environment so the default run is short and a full run is one variable away:
 *   BENCH_SCALE_SECONDS (default 30), BENCH_MEMORY_FROM_S / BENCH_MEMORY_TO_S (default 50% / 100% of the run),
 *   BENCH_WINDOW (metric window, default 10s for short runs so windows are full before the first memory
 *   checkpoint; the product default 5m fills until minute 5), BENCH_APIS (default 2000),
 *   BENCH_OVERHEAD_ROUNDS (default 200), BENCH_RENDER_REPS (default 100), BENCH_ASSERTION_SECONDS (default 10,
 *   per run of four), BENCH_ONLY (startup,overhead,render,dashboard,scale,scale-young,assertions,soak,history,warm,remote; each runs in a process of its own),
 *   BENCH_STARTUP_ROUNDS (default 10), BENCH_DASHBOARD_SECONDS (idle dashboard measured for, default 20),
 *   BENCH_SOAK_MINUTES (the soak's RSS checkpoints: `full` for 1,5,15,30, or a list such as 1,5,10; default a
 *   3-minute run at 0.5,1,2,3), BENCH_HISTORY_DAYS (default 90), BENCH_WARM_SECONDS (monitor run per history setting, default 30), BENCH_REMOTE_ALERTS / BENCH_REMOTE_SILENCES
 *   (default 5000), BENCH_REMOTE_KEYS (default 30).
 * The full run: BENCH_SCALE_SECONDS=600 BENCH_MEMORY_FROM_S=120 BENCH_MEMORY_TO_S=600 BENCH_WINDOW=5m.
 */
const env = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const seconds = env('BENCH_SCALE_SECONDS', 30);
process.env.BENCH_WINDOW ??= seconds < 300 ? '10s' : '5m';
const only = (process.env.BENCH_ONLY ?? 'startup,overhead,render,dashboard,scale,scale-young,assertions,soak,history,warm,remote').split(',');
const scaleOptions = {
  apis: env('BENCH_APIS', 2_000),
  seconds,
  memoryFromS: env('BENCH_MEMORY_FROM_S', Math.round(seconds * 0.5)),
  memoryToS: env('BENCH_MEMORY_TO_S', seconds),
};
const soakCheckpoints = (text: string | undefined): number[] =>
  text === 'full' ? FULL_CHECKPOINTS_MIN : text ? text.split(',').map(Number).filter((m) => m > 0) : QUICK_CHECKPOINTS_MIN;
/** Each section in a process of its own: one run after another in one process measured the later ones on a heap the earlier ones grew (the JSON expectation's ratio read 1.34x after the scale run, 1.04-1.13x alone). */
const SECTIONS: { key: string; title: string; run: () => Promise<Result[]>; nodeFlags?: string[] }[] = [
  { key: 'startup', title: '(g) start per command, against node -e 0', run: () => benchStartup(env('BENCH_STARTUP_ROUNDS', 10)) },
  { key: 'overhead', title: '(a) measurement overhead', run: () => benchOverhead(env('BENCH_OVERHEAD_ROUNDS', 200)) },
  { key: 'render', title: '(c) render, 120x24 terminal', run: () => benchRender(env('BENCH_RENDER_REPS', 100)) },
  { key: 'dashboard', title: '(h) idle dashboard on the demo, in tmux', run: () => benchDashboard(env('BENCH_DASHBOARD_SECONDS', 20)) },
  {
    key: 'scale',
    title: '(b) scale and (d) memory',
    run: () => benchScale(scaleOptions),
  },
  {
    // V8 grows its young generation to 2 x 16 MiB semi-spaces under a steady allocation rate, whatever the live heap:
    // the same run with them capped tells how much of the RSS is that reservation. A flag only: V8 reads it at start.
    key: 'scale-young',
    title: '(d) memory with the young generation capped (node --max-semi-space-size=4)',
    nodeFlags: ['--max-semi-space-size=4'],
    run: async () => {
      const rows = await benchScale(scaleOptions);
      const kept = ['scale: CPU ratio api-health / raw paced 1/s', 'memory: RSS before the first probe', `memory: RSS at ${scaleOptions.memoryToS}s`];
      return rows.filter((r) => kept.includes(r.name)).map((r) => ({ name: `${r.name}, young generation capped`, value: r.value, unit: r.unit }));
    },
  },
  { key: 'assertions', title: '(e) response assertions', run: () => benchAssertions({ apis: env('BENCH_APIS', 2_000), seconds: env('BENCH_ASSERTION_SECONDS', 10) }) },
  {
    key: 'soak',
    title: '(f) soak: monitor memory on a flapping fleet',
    run: () => benchSoak({ apis: env('BENCH_APIS', 2_000), checkpointsMin: soakCheckpoints(process.env.BENCH_SOAK_MINUTES), flapPeriodMs: 40_000 }),
  },
  { key: 'history', title: '(i) history', run: () => benchHistory({ apis: env('BENCH_APIS', 2_000), days: env('BENCH_HISTORY_DAYS', 90) }) },
  { key: 'warm', title: '(k) the history on start', run: () => benchWarmStart({ apis: env('BENCH_APIS', 2_000), seconds: env('BENCH_WARM_SECONDS', 30) }) },
  {
    key: 'remote',
    title: '(j) --remote on a busy Alertmanager',
    run: () => benchRemote({ alerts: env('BENCH_REMOTE_ALERTS', 5_000), silences: env('BENCH_REMOTE_SILENCES', 5_000), keys: env('BENCH_REMOTE_KEYS', 30) }),
  },
];

const resultsFile = process.env.BENCH_RESULTS_FILE;
if (resultsFile) {
  // A child: the one section it was started for, its rows handed back in the file.
  const rows: Result[] = [];
  for (const { key, title, run } of SECTIONS.filter((s) => only.includes(s.key))) {
    const measured = await run();
    console.log(`\n${title}\n${formatResults(measured)}`);
    rows.push(...measured);
  }
  writeFileSync(resultsFile, JSON.stringify(rows));
  process.exit(0);
}

const results: Result[] = [];
const dir = mkdtempSync(join(tmpdir(), 'api-health-bench-'));
try {
  for (const { key, nodeFlags = [] } of SECTIONS.filter((s) => only.includes(s.key))) {
    const file = join(dir, `${key}.json`);
    const child = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_ONLY: key, BENCH_RESULTS_FILE: file }, stdio: 'inherit' });
    if (child.status !== 0 || !existsSync(file)) {
      console.log(`\n${key}: the section's process ended with ${child.status ?? child.signal}; no figures`);
      continue;
    }
    results.push(...(JSON.parse(readFileSync(file, 'utf8')) as Result[]));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nSummary (node ${process.version}, ${process.platform}, metric window ${process.env.BENCH_WINDOW}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n${formatResults(results.filter((r) => r.target !== undefined || r.unit === 'x'))}`);
const missed = results.filter((r) => r.ok === false);
if (missed.length > 0) console.log(`\nMissed: ${missed.map((r) => r.name).join('; ')}`);
