import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CLI } from '../helpers/cli-binary.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The dashboard (built binary) in a tmux terminal that goes away under it: the tmux server is killed, the pty
 * closes, the program gets SIGHUP and each write to the terminal fails with EIO while it stops. A shell that
 * outlives the pane (it traps HUP) writes down the program's exit status and what it said on stderr.
 */
const integration = needsBinaries(['tmux']);
const terminals: TmuxTerminal[] = [];
const newDir = useTempDir('api-health-terminal-gone-');

// Registered after the directories: hooks run in reverse order, so a program still running is gone before its
// directory is removed.
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.close();
});

// A dashboard's start (up to 15 s) and its end (up to 20 s) on a busy machine.
integration.describe('the dashboard when its terminal goes away', { timeout: 60_000 }, () => {
  it.each([
    { when: 'while it runs', keys: [] },
    { when: 'as it quits', keys: ['q'] },
  ])('$when: it stops quietly, exit 0, no unhandled error and no native assertion', async ({ keys }) => {
    const dir = newDir();
    const status = join(dir, 'status');
    const stderr = join(dir, 'stderr');
    const t = new TmuxTerminal({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', XDG_STATE_HOME: join(dir, 'state'), API_HEALTH_PREFERENCES_DIR: join(dir, 'prefs') });
    terminals.push(t);
    // `trap true HUP`: the shell waits for the program, then writes its status; the program keeps the default HUP.
    t.start(['bash', '-c', `trap true HUP; node ${CLI} --demo 2>${stderr}; echo $? >${status}`]);
    await t.waitForScreen((s) => /^api-health {2}20 APIs/m.test(s), 'the dashboard');
    await t.press(...keys);
    t.close();
    await waitFor(() => existsSync(status) && readFileSync(status, 'utf8').endsWith('\n'), { timeoutMs: 20_000, everyMs: 100, what: 'the program to end' });
    const said = readFileSync(stderr, 'utf8');
    expect(said).not.toMatch(/error|assert|EIO|stack/i);
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
  });
});
