import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../source/persistence/state-lock.js';
import { clockTime } from '../../source/ui/clock-time.js';
import { CLI, cliEnv, CliProcess, runBinary } from '../helpers/cli-binary.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Whether this machine lets us start a process as pid 1 of a new pid namespace (root, or a user namespace
 * allowed); the reason it does not otherwise.
 */
function pidNamespaceRefusal(): string | undefined {
  const probe = spawnSync('unshare', ['-fp', '--mount-proc', 'true'], { encoding: 'utf8' });
  if (probe.error) return `unshare cannot run: ${probe.error.message}`;
  return probe.status === 0 ? undefined : `unshare -fp --mount-proc is not permitted here: ${probe.stderr.trim()}`;
}

const integration = needsBinaries(['tmux']);

/** What a background run has printed so far, on either stream. */
const output = (run: CliProcess): string => run.stdout + run.stderr;

describe('one process per state directory', () => {
  const makeDir = useTempDir('api-health-lock-');
  let dir: string;
  let server: TestServer;
  let configFile: string;
  let stateDir: string;
  const running: CliProcess[] = [];

  beforeEach(async () => {
    dir = makeDir();
    stateDir = join(dir, 'state');
    server = await startServer();
    configFile = join(dir, 'api-health.yaml');
    writeFileSync(
      configFile,
      `defaults: { interval: 1s, userAgent: "api-health-test/1 (ops@example.org)" }\nteams: { t: { name: T } }\napis:\n  a: { url: "${server.url}/a", owner: t }\n`,
    );
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop('SIGKILL');
    await server.close();
  });

  const monitor = (duration: string) => ['monitor', '--config', configFile, '--state-dir', stateDir, '--duration', duration];
  const lockFile = () => join(stateDir, LOCK_FILE);

  // A monitor's start and a second run, each given up to 20 s on a busy machine.
  it('turns a second monitor away with exit 2, naming the first; the lock goes when the first stops', { timeout: 60_000 }, async () => {
    const first = new CliProcess(monitor('60s'));
    running.push(first);
    await first.waitFor(() => output(first).includes('started'), 'the first monitor to start', 20_000);
    const { startedAt } = JSON.parse(readFileSync(lockFile(), 'utf8')) as { startedAt: string };

    const second = await runBinary(monitor('5s'));
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(
      `api-health: the state directory ${stateDir} is in use by pid ${first.child.pid} (api-health monitor, since ${clockTime(Date.parse(startedAt), false)}); use another --state-dir\n`,
    );

    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('takes over a lock left by a process that died, with a warning, and removes it at the end of the run', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(stateDir);
    writeFileSync(lockFile(), JSON.stringify({ pid: dead, command: 'api-health dashboard', startedAt: new Date().toISOString() }));

    const result = await runBinary(monitor('1s'));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^warning: took over the lock of pid ${dead} \\(api-health dashboard, since \\d\\d:\\d\\d\\), which is no longer running in `));
    expect(existsSync(lockFile())).toBe(false);
  });

  it('takes over the lock of a monitor killed while it ran as pid 1 of a container (pid 1 runs here too)', { timeout: 60_000 }, async (context) => {
    const refusal = pidNamespaceRefusal();
    if (refusal) context.skip(refusal);
    const contained = spawn('unshare', ['-fp', '--mount-proc', process.execPath, CLI, ...monitor('30s')], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    contained.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    contained.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    try {
      await waitFor(() => printed.includes('started'), { timeoutMs: 20_000, everyMs: 50, what: `the monitor in the namespace to start (so far: ${printed})` });
      expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: 1 });
      // unshare forks the namespace's pid 1 and waits for it: that child is the monitor, killed as a crash would.
      const monitorPid = Number(readFileSync(`/proc/${contained.pid}/task/${contained.pid}/children`, 'utf8').trim());
      process.kill(monitorPid, 'SIGKILL');
      await once(contained, 'close');
    } finally {
      contained.kill('SIGKILL');
    }
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: 1 });

    const result = await runBinary(monitor('1s'));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: took over the lock of pid 1 \(api-health monitor, since \d\d:\d\d\), which is no longer running in /);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('removes the lock when the run ends in an error after taking it', async () => {
    writeFileSync(configFile, 'apis: {}\nteams: [not, a, map]\n');
    const result = await runBinary(monitor('5s'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('config error');
    expect(existsSync(stateDir)).toBe(true);
    expect(existsSync(lockFile())).toBe(false);
  });

  integration.it('turns a dashboard away from a directory a monitor holds', async () => {
    const first = new CliProcess(monitor('60s'));
    running.push(first);
    await first.waitFor(() => output(first).includes('started'), 'the monitor to start', 20_000);
    const terminal = new TmuxTerminal({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' });
    try {
      terminal.start(['node', CLI, '--config', configFile, '--state-dir', stateDir]);
      const screen = await terminal.waitForScreen((text) => /exit status:\d/.test(text), 'the dashboard to exit');
      expect(screen).toContain('exit status:2');
      expect(screen.replace(/\n/g, '')).toContain(`is in use by pid ${first.child.pid} (api-health monitor, since`);
    } finally {
      terminal.close();
    }
  }, 60_000);
});

describe('a state file that is a symbolic link (built binary)', () => {
  const newDir = useTempDir('api-health-linked-state-');

  it.each(['events.jsonl', 'state.json', 'outbox.jsonl', 'notification-log.jsonl', 'maintenance.json'])('monitor refuses to start when %s is one, in one line, and leaves the file it names alone', async (name) => {
    const dir = newDir();
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(stateDir, name));
    const config = join(dir, 'api-health.yaml');
    writeFileSync(config, 'apis:\n  a: { url: "http://127.0.0.1:1/" }\n');
    const result = await runBinary(['monitor', '--config', config, '--state-dir', stateDir, '--duration', '2s']);
    expect(result).toMatchObject({
      code: 2,
      stderr: `api-health: monitor does not start: ${join(stateDir, name)}: it is a symbolic link, and state files are never followed through links: remove the link\n`,
    });
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  integration.it('the dashboard refuses to start when outbox.jsonl is one, saying so in one line', async () => {
    const dir = newDir();
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(stateDir, 'outbox.jsonl'));
    const config = join(dir, 'api-health.yaml');
    writeFileSync(config, 'apis:\n  a: { url: "http://127.0.0.1:1/" }\n');
    const t = new TmuxTerminal({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', API_HEALTH_PREFERENCES_DIR: join(dir, 'prefs') });
    try {
      t.start(['node', CLI, '--config', config, '--state-dir', stateDir]);
      expect(await t.waitForExit(15_000)).toBe(2);
      expect(t.screen().replace(/\n/g, '')).toContain(`api-health: the dashboard does not start: ${join(stateDir, 'outbox.jsonl')}: it is a symbolic link`);
      expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    } finally {
      t.close();
    }
  });
});
