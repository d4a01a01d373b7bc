import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runBinary } from '../helpers/cli-binary.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { lastLine, TmuxTerminal } from '../helpers/tmux.js';

/** A row's sparkline followed by its p50 and p95 figures. */
const SPARK = /[▁▂▃▄▅▆▇█]+ +\d+ +\d+ /;
const integration = needsBinaries(['tmux']);
const terminals: TmuxTerminal[] = [];

/** Where conf keeps the remembered team: one per test, shared by the runs inside it. */
const preferencesDir = useTempDir('api-health-e2e-prefs-');
/** Alarm state and its lock: a dashboard the developer has open on the demo must not turn the test away. */
const stateHome = useTempDir('api-health-e2e-state-');

// Registered after the directories: hooks run in reverse order, so the terminals (and the demo writing its
// history into stateHome) are gone before the directories are removed.
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.close();
});

/** A 120x40 tmux terminal with a shell whose environment has no CI flags (Ink would skip live frames). */
function terminal(prefs = preferencesDir()): TmuxTerminal {
  const t = new TmuxTerminal({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
    API_HEALTH_PREFERENCES_DIR: prefs,
    XDG_STATE_HOME: stateHome(),
  });
  terminals.push(t);
  return t;
}

/** The API rows of a dashboard screen (the selected one starts with ›), without group headers. */
function apiRows(screen: string): string[] {
  return screen.split('\n').filter((line) => /^[ ›][●▲✘○] /.test(line));
}

/** Runs the binary at the terminal's shell prompt, which prints its exit status after it. */
function start(t: TmuxTerminal, args: string): void {
  t.start(['node', CLI, ...args.split(' ')]);
}

integration.describe('the dashboard in a real terminal', () => {
  it('shows team groups and sparklines for the demo, filters with /, and quits with q restoring the terminal', async () => {
    const t = terminal();
    start(t, '--demo');
    const screen = await t.waitForScreen((s) => SPARK.test(s) && s.includes('▸ Data Platform Engineering'), 'groups and sparklines');
    expect(screen).toContain('▸ Unassigned: no owning team');
    expect(screen).toContain('▸ MediaWiki Interfaces (mwi)');
    expect(screen).toContain('▸ Content Transform Team (ctt)');
    expect(screen).toMatch(/20 APIs/);
    expect(screen.split('\n')[0]).toMatch(/^api-health {2}20 APIs/);

    await t.press('/');
    await t.waitForScreen((s) => s.includes('/█'), 'the filter prompt');
    await t.type('aqs');
    const filtered = await t.waitForScreen(
      (s) => s.includes('filter: aqs') && !s.includes('MediaWiki REST - page') && s.includes('AQS - pageviews per article'),
      'the filter, the AQS rows left',
    );
    expect(filtered).not.toContain('▸ MediaWiki Interfaces');
    await t.press('Enter');
    await t.waitForScreen((s) => !s.includes('/aqs█'), 'the filter kept');

    await t.press('q');
    const after = await t.waitForScreen((s) => /exit status:\d/.test(s), 'the program to exit');
    expect(after).toContain('exit status:0');
    expect(after).toContain(`node ${CLI} --demo`);
    expect(after).not.toContain('▸ ');
    expect(after).not.toMatch(SPARK);
  });

  // Two dashboard runs, each with waits of up to 15 s.
  it('shows one team with --team and remembers a team picked with t for the next run', { timeout: 60_000 }, async () => {
    const prefs = preferencesDir();
    const first = terminal(prefs);
    start(first, '--demo --team dpe');
    // A whole frame (its footer drawn), so what it lacks is not merely still to be drawn.
    const screen = await first.waitForScreen(
      (s) => s.includes('▸ Data Platform Engineering') && s.includes('team: dpe') && s.includes('AQS - edits') && lastLine(s).includes('q quit'),
      'the dpe team, whole',
    );
    expect(screen).not.toContain('▸ MediaWiki Interfaces');

    await first.press('t');
    // One key at a time, each waited for: the picker shows where the cursor is after each.
    const pickerCursor = (screen: string): string | undefined => screen.split('\n').find((line) => line.startsWith('› '));
    let picker = await first.waitForScreen((s) => s.includes('Show which team?') && pickerCursor(s) !== undefined, 'the team picker');
    for (let i = 0; i < 10 && !/› Growth \(growth\)/.test(picker); i++) {
      const before = pickerCursor(picker);
      await first.press('j');
      picker = await first.waitForScreen((s) => ![undefined, before].includes(pickerCursor(s)), 'the picker cursor to move');
    }
    expect(picker).toMatch(/› Growth \(growth\)/);
    await first.press('Enter');
    await first.waitForScreen((s) => s.includes('team: growth'), 'the growth team');
    await first.press('q');
    await first.waitForScreen((s) => s.includes('exit status:0'), 'the first run to exit');

    const second = terminal(prefs);
    start(second, '--demo');
    const again = await second.waitForScreen((s) => s.includes('team: growth') && s.includes('▸ Growth') && lastLine(s).includes('q quit'), 'the remembered team, whole');
    expect(again).not.toContain('▸ Data Platform Engineering');
    await second.press('q');
    await second.waitForScreen((s) => s.includes('exit status:0'), 'the second run to exit');
  });

  it('moves the selection three rows for one SGR wheel report, and restores the terminal after', async () => {
    const t = terminal();
    start(t, '--demo');
    await t.waitForScreen((s) => SPARK.test(s) && s.includes('▸ Data Platform Engineering'), 'groups and sparklines');
    await t.press('p');
    const paused = await t.waitForScreen((s) => s.includes('PAUSED') && lastLine(s).includes('q quit'), 'the pause in the header, the frame whole');
    const from = apiRows(paused).findIndex((line) => line.startsWith('›'));
    t.burst('\u001b[<65;20;10M');
    await t.waitForScreen((s) => apiRows(s)[from + 3]?.startsWith('›') === true, 'the selection three rows down after one wheel notch');
    await t.press('q');
    expect(await t.waitForExit()).toBe(0);
    expect(t.restored()).toBe(true);
  });

  it('pauses the order with p, and handles each key of a burst: jjj moves three rows, ten Backspaces empty the filter', async () => {
    const t = terminal();
    start(t, '--demo');
    await t.waitForScreen((s) => SPARK.test(s) && s.includes('▸ Data Platform Engineering'), 'groups and sparklines');
    await t.press('p');
    // The whole frame: the list read here is what every later frame is compared with.
    const paused = await t.waitForScreen((s) => s.includes('PAUSED') && lastLine(s).includes('q quit'), 'the pause in the header, the frame whole');
    const names = apiRows(paused);
    const from = names.findIndex((line) => line.startsWith('›'));
    t.burst('jjj');
    // A capture can land while tmux is still drawing a frame: wait for the whole list as well as the moved selection.
    const moved = await t.waitForScreen(
      (s) => apiRows(s)[from + 3]?.startsWith('›') === true && apiRows(s).length === names.length,
      'the selection three rows down',
    );
    // Paused, the glyphs change with health but no row moves.
    expect(apiRows(moved).map((line) => line.slice(3, 30))).toEqual(names.map((line) => line.slice(3, 30)));

    t.burst('/wiki');
    await t.waitForScreen((s) => s.includes('/wiki█') && s.includes('filter: wiki'), 'the filter typed in one burst');
    t.burst('\u007f'.repeat(10));
    await t.waitForScreen(
      (s) => s.includes('/█') && !s.includes('filter:') && s.includes('▸ Data Platform Engineering'),
      'the filter emptied by one burst of Backspaces, every team back',
    );
    await t.press('Escape', 'q');
    expect(await t.waitForExit()).toBe(0);
  });

  it('quits on Ctrl-C too, with status 0 and the terminal restored', async () => {
    const t = terminal();
    start(t, '--demo');
    await t.waitForScreen((s) => s.includes('▸ MediaWiki Interfaces'), 'the dashboard');
    await t.press('C-c');
    const after = await t.waitForScreen((s) => /exit status:\d/.test(s), 'the program to exit');
    expect(after).toContain('exit status:0');
    expect(after).not.toContain('▸ ');
  });
});

describe('dashboard usage errors', () => {
  it('rejects an unknown --team with exit 2, naming the known teams', async () => {
    const result = await runBinary(['--demo', '--team', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown team "nope" for --team (known: mwi, ctt, dpe, wmde, growth, connection, unassigned)');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('rejects an unknown --theme with exit 2', async () => {
    const result = await runBinary(['--demo', '--theme', 'neon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown theme "neon" (known: dark, high-contrast, light)');
  });
});
