import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../source/persistence/state-lock.js';
import { clockTime } from '../../source/ui/clock-time.js';
import { cleanEnv, CLI, runCli } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The built binary in the background, its stdout and stderr collected together. */
function startCli(args: string[]): Running {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('one process per state directory', () => {
  let dir: string;
  let server: TestServer;
  let configFile: string;
  let stateDir: string;
  const running: Running[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'api-health-lock-'));
    stateDir = join(dir, 'state');
    server = await startServer();
    configFile = join(dir, 'api-health.yaml');
    writeFileSync(
      configFile,
      `defaults: { interval: 1s, userAgent: "api-health-test/1 (ops@example.org)" }\nteams: { t: { name: T } }\napis:\n  a: { url: "${server.url}/a", owner: t }\n`,
    );
  });
  afterEach(async () => {
    for (const r of running.splice(0)) {
      r.child.kill('SIGKILL');
      await r.exited;
    }
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const monitor = (duration: string) => ['monitor', '--config', configFile, '--state-dir', stateDir, '--duration', duration];
  const lockFile = () => join(stateDir, LOCK_FILE);

  it('turns a second monitor away with exit 2, naming the first; the lock goes when the first stops', async () => {
    const first = startCli(monitor('5s'));
    running.push(first);
    await waitFor(() => first.output().includes('started'), { timeoutMs: 10_000, what: 'the first monitor to start' });
    const { startedAt } = JSON.parse(readFileSync(lockFile(), 'utf8')) as { startedAt: string };

    const second = await runCli(monitor('5s'));
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(
      `api-health: the state directory ${stateDir} is in use by pid ${first.child.pid} (api-health monitor, since ${clockTime(Date.parse(startedAt), false)}); use another --state-dir\n`,
    );

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('takes over a lock left by a process that died, with a warning, and removes it at the end of the run', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(stateDir);
    writeFileSync(lockFile(), JSON.stringify({ pid: dead, command: 'api-health dashboard', startedAt: new Date().toISOString() }));

    const result = await runCli(monitor('1s'));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^warning: took over the lock of pid ${dead} \\(api-health dashboard, since \\d\\d:\\d\\d\\), which is no longer running in `));
    expect(existsSync(lockFile())).toBe(false);
  });

  it('removes the lock when the run ends in an error after taking it', async () => {
    writeFileSync(configFile, 'apis: {}\nteams: [not, a, map]\n');
    const result = await runCli(monitor('5s'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('config error');
    expect(existsSync(stateDir)).toBe(true);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('turns a dashboard away from a directory a monitor holds', async () => {
    const first = startCli(monitor('5s'));
    running.push(first);
    await waitFor(() => first.output().includes('started'), { timeoutMs: 10_000, what: 'the monitor to start' });
    const terminal = new TmuxTerminal({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TERM: 'xterm-256color', LANG: 'C.UTF-8', PS1: '$ ' });
    try {
      terminal.run(`node ${CLI} --config ${configFile} --state-dir ${stateDir}; echo "exit status:$((0+$?))"`);
      const screen = await terminal.waitForScreen((text) => /exit status:\d/.test(text), 'the dashboard to exit');
      expect(screen).toContain('exit status:2');
      expect(screen.replace(/\n/g, '')).toContain(`is in use by pid ${first.child.pid} (api-health monitor, since`);
    } finally {
      terminal.close();
    }
  });
});
