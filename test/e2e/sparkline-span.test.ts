import { afterEach, expect, it } from 'vitest';
import { CLI, requireBuiltCli } from '../helpers/cli-binary.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { TmuxTerminal } from '../helpers/tmux.js';

/**
 * Issue 22 in a real terminal with the built program: the demo's latency incident (page html, +0.9 s from
 * 20 s in) stands out in the sparklines at 80 and 200 columns under the screen's one scale, and still does
 * when the dashboard starts again on the same state directory, from the stored history alone; the API
 * detail's chart switches to the stored ranges on 1…6.
 */

const integration = needsBinaries(['tmux']);
const BARS = '▁▂▃▄▅▆▇█';
/** The part of each name shown at 80 columns too, where a name that does not fit drops its family. */
const INCIDENT = 'page html';
/** Demo APIs without an incident and with a base latency of at most 65 ms: even their rare outliers stay low. */
const QUIET = ['summary', 'feed availability', 'siteinfo', 'revision'];
const terminals: TmuxTerminal[] = [];
const preferences = useTempDir('api-health-e2e-span-prefs-');
const stateHome = useTempDir('api-health-e2e-span-state-');

afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.close();
});

function terminal(columns: number, rows: number, state: string, prefs: string): TmuxTerminal {
  const t = new TmuxTerminal(
    { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', TZ: 'UTC', API_HEALTH_PREFERENCES_DIR: prefs, XDG_STATE_HOME: state },
    { columns, rows },
  );
  terminals.push(t);
  return t;
}

/** The row of an API, as the screen shows it. */
const rowOf = (screen: string, name: string): string | undefined => screen.split('\n').find((line) => /^[ ›][●▲✘○] /.test(line) && line.includes(name));

/** The highest block in a row's sparkline (0 for ▁ … 7 for █); -1 when it has none. */
function highest(row: string | undefined): number {
  let top = -1;
  for (const ch of row ?? '') top = Math.max(top, BARS.indexOf(ch));
  return top;
}

/** The top of the screen's one scale, as the sparkline heading states it (`15m, 0-1255ms` or `15m ≤1255`). */
function scaleTop(screen: string): number {
  return Number(/15m(?:, 0-| ≤)(\d+)/.exec(screen)?.[1] ?? 0);
}

/**
 * The incident is on screen (the scale reaches its +0.9 s), its row reaches the top of that scale, and every
 * quiet row stays in the lower half.
 */
function standsOut(screen: string): boolean {
  return (
    scaleTop(screen) >= 800 &&
    highest(rowOf(screen, INCIDENT)) >= 6 &&
    QUIET.every((name) => rowOf(screen, name) !== undefined && highest(rowOf(screen, name)) <= 3)
  );
}

integration.describe('the latency incident in the sparklines (tmux, built binary)', { timeout: 150_000 }, () => {
  it.each([
    [80, 40],
    [200, 50],
  ])('stands out at %i columns under one scale, and again from the stored history after a restart', async (columns, rows) => {
    requireBuiltCli();
    const state = stateHome();
    const prefs = preferences();
    const first = terminal(columns, rows, state, prefs);
    first.start(['node', CLI, '--demo']);
    const during = await first.waitForScreen(standsOut, 'the page html incident to stand out', 90_000);
    // The heading says what the sparkline covers and on which scale.
    expect(during).toMatch(columns >= 120 ? /15m, 0-\d+ms/ : /15m ≤\d+/);

    // The selected API's detail charts the stored ranges on 1…6: the heading and the time axis say which.
    await first.press('Enter');
    await first.waitForScreen((s) => /^history +[\d.]+ ms ┤/m.test(s), 'the live chart in the detail');
    await first.press('2');
    // The axis and the figures are drawn below the heading: all in the wait, never read from a frame half drawn.
    await first.waitForScreen(
      (s) => /^history 1h +[\d.]+ ms ┤/m.test(s) && /-1h +now/.test(s) && /min [\d.]+ ms {3}p95 [\d.]+ ms {3}max [\d.]+ ms/.test(s),
      'the 1h chart with its time axis and figures',
      20_000,
    );
    await first.press('6');
    await first.waitForScreen((s) => s.includes('history 30d') && /-30d +now/.test(s), 'the 30d chart with its time axis', 20_000);
    await first.press('Escape');
    await first.waitForScreen((s) => rowOf(s, INCIDENT) !== undefined, 'the dashboard again');
    await first.press('q');
    expect(await first.waitForExit(20_000)).toBe(0);

    const second = terminal(columns, rows, state, prefs);
    second.start(['node', CLI, '--demo']);
    // The new run's own incident begins 20 s after its start: what stands out within 15 s is the stored one. Polled,
    // as a frame still being drawn lacks the rows below.
    await second.waitForScreen(standsOut, 'the stored incident to stand out after the restart', 15_000);
    await second.press('q');
    expect(await second.waitForExit(20_000)).toBe(0);
  });
});
