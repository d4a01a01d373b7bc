import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { KEY_TABLE } from '../../source/ui/key-table.js';
import { CLI, cliEnv, requireBuiltCli } from '../helpers/cli-binary.js';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import { lastLine, TmuxTerminal } from '../helpers/tmux.js';

/**
 * Issue 23 in a real terminal with the built program, at 80x24 and 120x40: five APIs of one family that
 * answer 500 (five alarms whose names differ only at the end), and in another team one slow API.
 */

const integration = needsBinaries(['tmux']);
const FAMILY = ['feed availability', 'media list', 'mobile html', 'page html', 'summary'];
const SLOW = 'MediaWiki REST - search';

function yaml(failing: string[], slow: string): string {
  return [
    'defaults: { interval: 300ms, window: 10s, minSamples: 3 }',
    'teams:',
    '  ctt: { name: Content Transform }',
    '  mwi: { name: MediaWiki Interfaces }',
    'apis:',
    ...FAMILY.map((name, i) => `  r${i}: { name: "Wikimedia REST - ${name}", family: Wikimedia REST, url: "${failing[i]}", owner: ctt }`),
    `  search: { name: "${SLOW}", family: MediaWiki REST, url: "${slow}", owner: mwi }`,
    'rules:',
    '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 1s, severity: critical }',
    '',
  ].join('\n');
}

const FOOTER = /^\/ filter {2}j\/k move {2}Enter detail {2}A Tab alarms {2}a ack {2}m mute .*\? more$/;

/** The screen's API rows, top to bottom. */
const apiRows = (screen: string): string[] => screen.split('\n').filter((l) => /^[ ›][●▲✘○] /.test(l));

integration.describe('on call at 80x24 and 120x40 (tmux, built binary)', { timeout: 90_000 }, () => {
  let servers: LoopbackServer[];
  let dir: { path: string; remove(): void };
  let terminals: TmuxTerminal[];
  let configFile: string;

  beforeEach(async () => {
    requireBuiltCli();
    const failing = await Promise.all(
      FAMILY.map(() =>
        listenOnLoopback((req, res) => {
          req.resume();
          res.writeHead(500).end('boom');
        }),
      ),
    );
    const slow = await listenOnLoopback((req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(200).end('ok'), 250);
    });
    servers = [...failing, slow];
    dir = tempDir('api-health-e2e-small-');
    configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, yaml(failing.map((s) => s.url('/')), slow.url('/')));
    terminals = [];
  });

  afterEach(async () => {
    for (const terminal of terminals) terminal.close();
    await Promise.all(servers.map((server) => server.close()));
    dir.remove();
  });

  async function openDashboard(columns: number, rows: number): Promise<TmuxTerminal> {
    const terminal = new TmuxTerminal(cliEnv({ API_HEALTH_PREFERENCES_DIR: join(dir.path, 'preferences'), TZ: 'UTC' }), { columns, rows });
    terminals.push(terminal);
    terminal.start([process.execPath, CLI, '--config', configFile, '--state-dir', join(dir.path, 'state')]);
    await terminal.waitForScreen((s) => /alarms: 5 firing/.test(s), 'the five alarms firing', 30_000);
    return terminal;
  }

  async function quit(terminal: TmuxTerminal): Promise<void> {
    await terminal.press('q');
    expect(await terminal.waitForExit()).toBe(0);
  }

  it('at 80x24 every key of the key table is on the footer or in the scrolled help', async () => {
    const t = await openDashboard(80, 24);
    // The footer is the frame's last line, drawn last: waited for, never read from a frame still being drawn.
    const footer = lastLine(await t.waitForScreen((s) => FOOTER.test(lastLine(s)), 'the footer with the first keys and ? more'));
    await t.press('?');
    let screen = await t.waitForScreen((s) => s.includes('Legend') && lastLine(s).endsWith('Esc back'), 'the help, whole');
    const seen = [footer, screen];
    while (!screen.includes('the end: k, PgUp, Home')) {
      await t.press('PageDown');
      const before = screen;
      screen = await t.waitForScreen((s) => s !== before && lastLine(s).endsWith('Esc back'), 'the next page of help, whole');
      seen.push(screen);
      expect(seen.length, 'pages of help').toBeLessThan(20);
    }
    const text = seen.join('\n');
    for (const binding of KEY_TABLE) {
      expect(text, binding.label).toContain(binding.label);
      expect(text, binding.help).toContain(binding.help.split(' ').slice(0, 3).join(' '));
    }
    await t.press('Escape');
    await quit(t);
  });

  it('at 80x24 the alarms view names five APIs of one family apart', async () => {
    const t = await openDashboard(80, 24);
    await t.press('A');
    const screen = await t.waitForScreen((s) => s.includes('Alarms (5)') && FAMILY.every((name) => s.includes(` ${name} `)), 'the alarms view with its five rows');
    for (const name of FAMILY) expect(screen.split('\n').filter((l) => l.includes(` ${name} `)), name).toHaveLength(1);
    await quit(t);
  });

  it('at 80x24 / filters the alarms view', async () => {
    const t = await openDashboard(80, 24);
    await t.press('A');
    await t.waitForScreen((s) => s.includes('Alarms (5)'), 'the alarms view');
    await t.press('/');
    await t.type('mobile');
    const screen = await t.waitForScreen((s) => s.includes('Alarms (1)') && s.includes('mobile html'), 'one alarm left, mobile html');
    expect(screen).not.toContain('page html');
    await t.press('Enter', 'Escape');
    await t.waitForScreen((s) => s.includes('filter: mobile') && apiRows(s).length === 1, 'the dashboard, filtered too');
    await quit(t);
  });

  it.each([
    [80, 24],
    [120, 40],
  ])('at %ix%i m, Enter, then "10m" typed in one burst mutes for ten minutes', async (columns, rows) => {
    const t = await openDashboard(columns, rows);
    t.burst('m\r10m');
    await t.waitForScreen((s) => s.includes('10m█') && s.includes('in 10m'), 'the typed duration');
    await t.press('Enter', 'Enter');
    await t.waitForScreen((s) => s.includes('1 active mute'), 'the mute in the header');
    await t.press('M');
    const mutes = await t.waitForScreen((s) => s.includes('Active mutes (1)'), 'the mutes view');
    expect(mutes).toMatch(/\d\d:\d\d \((10m|9m\d+s)\)/);
    await quit(t);
  });

  it('at 120x40 s to latency puts the slowest API on the first row', async () => {
    const t = await openDashboard(120, 40);
    // A frame still being drawn has no rows yet: no first row is not a failing one.
    await t.waitForScreen((s) => apiRows(s)[0]?.includes(SLOW) === false, 'a failing API first under health');
    await t.press('s');
    await t.waitForScreen((s) => s.includes('sort: latency') && apiRows(s)[0]?.includes(SLOW) === true, 'sorted by latency, the slowest API first');
    await quit(t);
  });
});
