import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';

/** A row's sparkline followed by its p50 and p95 figures. */
const SPARK = /[▁▂▃▄▅▆▇█]+ +\d+ +\d+ /;
const terminals: TmuxTerminal[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Where conf keeps the remembered team: one per test, shared by the runs inside it. */
function preferencesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'api-health-e2e-prefs-'));
  dirs.push(dir);
  return dir;
}

/** A 120x40 tmux terminal with a shell whose environment has no CI flags (Ink would skip live frames). */
function terminal(prefs = preferencesDir()): TmuxTerminal {
  const t = new TmuxTerminal({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    PS1: '$ ',
    API_HEALTH_PREFERENCES_DIR: prefs,
  });
  terminals.push(t);
  return t;
}

/** Runs the binary in the terminal's shell and prints its exit status after it, so the test can read it. */
function start(t: TmuxTerminal, args: string): void {
  t.run(`node ${CLI} ${args}; echo "exit status:$((0+$?))"`);
}

describe('the dashboard in a real terminal', () => {
  it('shows team groups and sparklines for the demo, filters with /, and quits with q restoring the terminal', async () => {
    const t = terminal();
    start(t, '--demo');
    const screen = await t.waitForScreen((s) => SPARK.test(s) && s.includes('▸ Data Platform Engineering'), 'groups and sparklines');
    expect(screen).toContain('▸ Unassigned: no owning team');
    expect(screen).toContain('▸ MediaWiki Interfaces (mwi)');
    expect(screen).toContain('▸ Content Transform Team (ctt)');
    expect(screen).toMatch(/20 APIs/);
    expect(screen.split('\n')[0]).toMatch(/^api-health {2}20 APIs/);

    t.literal('/');
    await t.waitForScreen((s) => s.includes('/█'), 'the filter prompt');
    t.literal('aqs');
    const filtered = await t.waitForScreen((s) => s.includes('filter: aqs') && !s.includes('MediaWiki REST - page'), 'the filter');
    expect(filtered).toContain('AQS - pageviews per article');
    expect(filtered).not.toContain('▸ MediaWiki Interfaces');
    t.keys('Enter');
    await t.waitForScreen((s) => !s.includes('/aqs█'), 'the filter kept');

    t.literal('q');
    const after = await t.waitForScreen((s) => /exit status:\d/.test(s), 'the program to exit');
    expect(after).toContain('exit status:0');
    expect(after).toContain(`node ${CLI} --demo`);
    expect(after).not.toContain('▸ ');
    expect(after).not.toMatch(SPARK);
  });

  it('shows one team with --team and remembers a team picked with t for the next run', async () => {
    const prefs = preferencesDir();
    const first = terminal(prefs);
    start(first, '--demo --team dpe');
    const screen = await first.waitForScreen((s) => s.includes('▸ Data Platform Engineering') && s.includes('team: dpe'), 'the dpe team');
    expect(screen).not.toContain('▸ MediaWiki Interfaces');
    expect(screen).toContain('AQS - edits');

    first.literal('t');
    await first.waitForScreen((s) => s.includes('Show which team?'), 'the team picker');
    // One key at a time, each waited for: keys sent in one burst reach the program as one chunk.
    const pickerCursor = (screen: string): string | undefined => screen.split('\n').find((line) => line.startsWith('› '));
    for (let i = 0; i < 10 && !/› Growth \(growth\)/.test(first.screen()); i++) {
      const before = pickerCursor(first.screen());
      first.literal('j');
      await first.waitForScreen((s) => pickerCursor(s) !== before, 'the picker cursor to move');
    }
    expect(first.screen()).toMatch(/› Growth \(growth\)/);
    first.keys('Enter');
    await first.waitForScreen((s) => s.includes('team: growth'), 'the growth team');
    first.literal('q');
    await first.waitForScreen((s) => s.includes('exit status:0'), 'the first run to exit');

    const second = terminal(prefs);
    start(second, '--demo');
    const again = await second.waitForScreen((s) => s.includes('team: growth'), 'the remembered team');
    expect(again).toContain('▸ Growth');
    expect(again).not.toContain('▸ Data Platform Engineering');
    second.literal('q');
    await second.waitForScreen((s) => s.includes('exit status:0'), 'the second run to exit');
  });

  it('quits on Ctrl-C too, with status 0 and the terminal restored', async () => {
    const t = terminal();
    start(t, '--demo');
    await t.waitForScreen((s) => s.includes('▸ MediaWiki Interfaces'), 'the dashboard');
    t.keys('C-c');
    const after = await t.waitForScreen((s) => /exit status:\d/.test(s), 'the program to exit');
    expect(after).toContain('exit status:0');
    expect(after).not.toContain('▸ ');
  });
});

describe('dashboard usage errors', () => {
  it('rejects an unknown --team with exit 2, naming the known teams', async () => {
    const result = await runCli(['--demo', '--team', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown team "nope" for --team (known: mwi, ctt, dpe, wmde, growth, connection, unassigned)');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('rejects an unknown --theme with exit 2', async () => {
    const result = await runCli(['--demo', '--theme', 'neon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown theme "neon" (known: dark, high-contrast, light)');
  });
});
