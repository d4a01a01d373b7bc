import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CLI, runBinary } from '../helpers/cli-binary.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { TmuxTerminal } from '../helpers/tmux.js';

const terminal = needsBinaries(['tmux', 'mount', 'umount']);

/**
 * A state directory nobody may write: a read-only tmpfs mount where we are root (as CI is; root ignores
 * file modes), else a directory without write permission.
 */
function readOnlyDir(parent: string): { path: string; release: () => void } {
  const path = join(parent, 'state');
  mkdirSync(path);
  if (process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', path]).status === 0) {
    return { path, release: () => void spawnSync('umount', [path]) };
  }
  chmodSync(path, 0o555);
  return { path, release: () => chmodSync(path, 0o755) };
}

needsBinaries(['mount', 'umount']).describe('a state directory that cannot be written', () => {
  const newDir = useTempDir('api-health-state-faults-');
  const releases: (() => void)[] = [];
  const terminals: TmuxTerminal[] = [];
  afterEach(() => {
    for (const t of terminals.splice(0)) t.close();
    for (const release of releases.splice(0)) release();
  });

  function setup(): { config: string; state: string } {
    const dir = newDir();
    const config = join(dir, 'api-health.yaml');
    writeFileSync(config, 'apis:\n  a: { url: "http://127.0.0.1:9/a" }\n');
    const state = readOnlyDir(dir);
    releases.push(state.release);
    return { config, state: state.path };
  }

  it('monitor says what it needs and exits 2, without a stack trace', async () => {
    const { config, state } = setup();
    const result = await runBinary(['monitor', '--config', config, '--state-dir', state]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^api-health: monitor needs a writable state directory for its outbox, alarm state and event log, and ${state} is not \\((read-only file system \\(EROFS\\)|permission denied \\(EACCES\\))\\); choose one with --state-dir\\n$`));
  });

  it('check, which writes nothing there, still gives its verdict', async () => {
    const { config, state } = setup();
    const result = await runBinary(['check', '--config', config, '--state-dir', state, '--duration', '1s', '--json']);
    expect(result.stderr).not.toContain('internal error');
    expect(JSON.parse(result.stdout)).toHaveProperty('apis');
  });

  terminal.it('the dashboard starts anyway and says in its header that nothing will be kept', async () => {
    const { config, state } = setup();
    const t = new TmuxTerminal({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', API_HEALTH_PREFERENCES_DIR: newDir() });
    terminals.push(t);
    t.start(['node', CLI, '--config', config, '--state-dir', state]);
    const screen = await t.waitForScreen((s) => s.includes('acks, mutes and notifications are not saved'), 'the warning in the header');
    expect(screen).toMatch(/^api-health {2}1 APIs/);
    expect(screen).toContain(`${state} is not`);
    await t.press('q');
    expect(await t.waitForExit()).toBe(0);
  });
});

it('check refuses to start on an alarm state file it cannot read, and leaves it where it is', async () => {
  const dir = useTempDir('api-health-state-unreadable-')();
  const config = join(dir, 'api-health.yaml');
  writeFileSync(config, 'apis:\n  a: { url: "http://127.0.0.1:9/a" }\n');
  const state = join(dir, 'state');
  // A directory where the file should be: unreadable as a file whoever runs it, root included.
  mkdirSync(join(state, 'state.json'), { recursive: true });
  const result = await runBinary(['check', '--config', config, '--state-dir', state, '--duration', '1s']);
  expect(result.code).toBe(2);
  expect(result.stderr.split('\n').at(-2)! + '\n').toBe(
    `api-health: cannot read the alarm state file ${join(state, 'state.json')} (EISDIR: illegal operation on a directory, read): it holds the acknowledgements and mutes; make it readable by this user, or point --state-dir elsewhere\n`,
  );
  expect(readdirSync(state)).toEqual(['state.json']);
});
