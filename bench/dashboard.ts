import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Result } from './result.js';

const CLOCK_TICKS_PER_S = 100;
const SYNC_BEGIN = '\u001B[?2026h';

/** utime + stime of a process, in clock ticks. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** A program in a real terminal (tmux on a private socket), its output piped to a file as the terminal gets it. */
export class Terminal {
  private static opened = 0;
  private readonly socket: string;
  readonly output: string;
  constructor(
    private readonly dir: string,
    command: string,
    columns: number,
    rows: number,
  ) {
    this.socket = `api-health-bench-${process.pid}-${columns}x${rows}-${Terminal.opened++}`;
    this.output = join(dir, `output-${columns}x${rows}`);
    writeFileSync(this.output, '');
    this.tmux('new-session', '-d', '-x', String(columns), '-y', String(rows), command);
  }
  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: { ...process.env, TMUX_TMPDIR: this.dir } });
  }
  pid(): number {
    return Number(this.tmux('display', '-p', '#{pane_pid}').trim());
  }
  record(): void {
    this.tmux('pipe-pane', '-o', `cat >> ${this.output}`);
  }
  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}

/**
 * CPU in percent of a core of `node ARGS` over the same idle span as the dashboard's, after the same warm-up: the
 * floors beside it. `monitor --demo` is the engine and the demo fleet without a UI (it flushes four times a second,
 * the dashboard once, so it slightly overstates the engine's part); probe-floor.js is the demo fleet and its
 * requests alone, without the engine.
 */
async function idleCpu(dir: string, args: string[], seconds: number): Promise<number> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, XDG_STATE_HOME: join(dir, 'floor-state'), XDG_CONFIG_HOME: join(dir, 'config') },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await sleep(10_000);
    const ticks = cpuTicks(child.pid!);
    await sleep(seconds * 1_000);
    return ((cpuTicks(child.pid!) - ticks) / CLOCK_TICKS_PER_S / seconds) * 100;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * The dashboard on the demo fleet, idle in a real terminal (no key pressed): its CPU, frames and bytes written per
 * second, and its RSS against Node + React + Ink + undici drawing one frame (the floor), measured in the same run.
 */
export async function benchDashboard(seconds: number): Promise<Result[]> {
  if (spawnSync('tmux', ['-V']).status !== 0) {
    console.log('dashboard: skipped, tmux is not installed');
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'api-health-dash-'));
  const cli = fileURLToPath(new URL('../source/cli.js', import.meta.url));
  const floorScript = fileURLToPath(new URL('./ink-floor.js', import.meta.url));
  const env = `env -u CI -u CONTINUOUS_INTEGRATION XDG_STATE_HOME=${dir}/state XDG_CONFIG_HOME=${dir}/config TERM=xterm-256color`;
  const results: Result[] = [];
  try {
    const floor = new Terminal(dir, `${env} ${process.execPath} ${floorScript}`, 120, 40);
    await sleep(3_000);
    const floorRss = rssMiB(floor.pid());
    floor.close();
    results.push({ name: 'dashboard: Node + React + Ink + undici, first frame drawn (floor), RSS', value: floorRss, unit: 'MiB' });
    const probeCpu = await idleCpu(dir, [fileURLToPath(new URL('./probe-floor.js', import.meta.url))], seconds);
    results.push({ name: 'dashboard: idle CPU of the demo fleet and its requests alone (no engine, no UI)', value: probeCpu, unit: '%' });
    const engineCpu = await idleCpu(dir, [cli, 'monitor', '--demo', '--duration', `${seconds + 20}s`], seconds);
    results.push({ name: 'dashboard: idle CPU of the engine and demo fleet alone (monitor --demo)', value: engineCpu, unit: '%' });
    for (const [columns, rows] of [
      [120, 40],
      [200, 50],
    ] as const) {
      const terminal = new Terminal(dir, `${env} ${process.execPath} ${cli} --demo`, columns, rows);
      await sleep(10_000);
      const pid = terminal.pid();
      terminal.record();
      const ticks = cpuTicks(pid);
      await sleep(seconds * 1_000);
      const cpu = ((cpuTicks(pid) - ticks) / CLOCK_TICKS_PER_S / seconds) * 100;
      const rss = rssMiB(pid);
      const written = readFileSync(terminal.output, 'latin1');
      const frames = written.split(SYNC_BEGIN).length - 1;
      terminal.close();
      const size = `${columns}x${rows}`;
      results.push(
        { name: `dashboard: idle CPU, demo, ${size}`, value: cpu, unit: '%', target: '<= 3%', ok: cpu <= 3 },
        { name: `dashboard: idle CPU of the UI (dashboard less monitor --demo), ${size}`, value: cpu - engineCpu, unit: '%' },
        { name: `dashboard: frames written per second, idle, ${size}`, value: frames / seconds, unit: '/s' },
        { name: `dashboard: bytes written per second, idle, ${size}`, value: statSync(terminal.output).size / seconds, unit: 'B/s' },
        { name: `dashboard: RSS on the demo, ${size}`, value: rss, unit: 'MiB' },
        { name: `dashboard: RSS on the demo / floor, ${size}`, value: rss / floorRss, unit: 'x', target: '<= 1.3x', ok: rss / floorRss <= 1.3 },
      );
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
