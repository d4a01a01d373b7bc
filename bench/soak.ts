import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Result } from './result.js';

export interface SoakOptions {
  apis: number;
  /** The moments (minutes from the monitor's start) at which RSS is read; the last one ends the run. */
  checkpointsMin: number[];
  /** How long each API stays ok, failing or slow. */
  flapPeriodMs: number;
}

/** The checkpoints; a quick run keeps their shape at a tenth of the length. */
export const FULL_CHECKPOINTS_MIN = [1, 5, 15, 30];
export const QUICK_CHECKPOINTS_MIN = [0.5, 1, 2, 3];
/** From here on RSS should hold within ±10% (issue: minute 5 to minute 30). */
const SETTLED_FROM_MIN = 5;

/** Reads a process's resident set from the kernel: the figure `ps` and `top` show. */
function rssBytes(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? 0) * 1024;
}

async function startFlappingFleet(ports: number, periodMs: number): Promise<{ ports: number[]; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./flapping-fleet-server.js', import.meta.url));
  const child = spawn(process.execPath, [script, String(ports), String(periodMs), '1200'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const list = await new Promise<number[]>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) resolve(JSON.parse(buffer.split('\n')[0]!) as number[]);
    });
    child.once('exit', (code) => reject(new Error(`flapping fleet exited with ${code}`)));
  });
  return { ports: list, child };
}

/** The fleet: every API each 2 s, a 30 s window, latency and 5xx rules that fire and resolve, a webhook that takes every notification. */
function soakConfig(ports: number[], apis: number): string {
  const hook = `http://127.0.0.1:${ports[0]}/hook`;
  const document = {
    defaults: { interval: '2s', timeout: '5s', window: '30s', minSamples: 3, userAgent: 'api-health-soak/1 (ops@example.org)' },
    rules: [
      { name: 'HighLatency', metric: 'latency_p95', above: '800ms', for: '6s', severity: 'critical' },
      { name: 'High5xx', metric: 'error_rate_5xx', above: '10%', for: '6s', severity: 'page' },
    ],
    channels: { hook: { type: 'webhook', url: hook } },
    teams: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`team-${i}`, { name: `Team ${i}`, contacts: { email: `team-${i}@example.org` }, notify: ['hook'] }])),
    apis: Object.fromEntries(
      Array.from({ length: apis }, (_, i) => [`api-${i}`, { owner: `team-${i % 20}`, family: `family-${i % 7}`, url: `http://127.0.0.1:${ports[i % ports.length]}/api-${i}` }]),
    ),
  };
  return JSON.stringify(document);
}

/**
 * The soak: the built `monitor` (its own process, as a user runs it) on a flapping fleet of `apis` APIs; its RSS
 * at each checkpoint, and the drift from the second checkpoint (windows full, alarms cycling) to the last.
 */
export async function benchSoak(options: SoakOptions): Promise<Result[]> {
  const fleet = await startFlappingFleet(8, options.flapPeriodMs);
  const dir = mkdtempSync(join(tmpdir(), 'api-health-soak-'));
  const configPath = join(dir, 'soak.json');
  writeFileSync(configPath, soakConfig(fleet.ports, options.apis));
  const cli = fileURLToPath(new URL('../source/cli.js', import.meta.url));
  const monitor = spawn(process.execPath, [cli, 'monitor', '--config', configPath, '--state-dir', join(dir, 'state'), '--json'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => monitor.once('exit', () => resolve()));
  try {
    const started = performance.now();
    const rss: number[] = [];
    for (const minute of options.checkpointsMin) {
      await sleep(Math.max(0, started + minute * 60_000 - performance.now()));
      if (monitor.exitCode !== null) throw new Error(`monitor exited early with ${monitor.exitCode}`);
      rss.push(rssBytes(monitor.pid!));
      console.error(`soak: minute ${minute}: RSS ${(rss.at(-1)! / 2 ** 20).toFixed(1)} MiB`);
    }
    // The target holds from minute 5 on: before that the heap is still finding its size. A shorter run prints
    // its drift from the second checkpoint, without the target.
    const settled = options.checkpointsMin.findIndex((minute) => minute >= SETTLED_FROM_MIN);
    const fromIndex = settled >= 0 && settled < rss.length - 1 ? settled : Math.min(1, rss.length - 1);
    const drift = (rss.at(-1)! - rss[fromIndex]!) / rss[fromIndex]!;
    const judged = settled >= 0 && settled < rss.length - 1;
    return [
      ...options.checkpointsMin.map((minute, i) => ({ name: `soak: monitor RSS at minute ${minute} (${options.apis} APIs flapping, 2 s, window 30 s)`, value: rss[i]! / 2 ** 20, unit: 'MiB' })),
      {
        name: `soak: RSS drift minute ${options.checkpointsMin[fromIndex]} -> ${options.checkpointsMin.at(-1)}`,
        value: drift * 100,
        unit: '%',
        ...(judged ? { target: 'within ±10%', ok: Math.abs(drift) <= 0.1 } : {}),
      },
    ];
  } finally {
    monitor.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (monitor.exitCode === null) monitor.kill('SIGKILL');
    fleet.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
