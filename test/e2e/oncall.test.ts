import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI, cliEnv, requireBuiltCli } from '../helpers/cli-binary.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import { TmuxTerminal } from '../helpers/tmux.js';

/**
 * Issue 13 in a real terminal with the built program: three APIs of one team on loopback, one of which
 * starts failing while the on-call engineer acts on the screen.
 */

const USER = 'e2e-tester';
const integration = needsBinaries(['tmux']);
const NAMES = ['Alpha API', 'Bravo API', 'Charlie API'];

function yaml(urls: string[]): string {
  return [
    'defaults: { interval: 300ms, window: 10s, minSamples: 3 }',
    'teams:',
    '  core: { name: Core Team }',
    'apis:',
    ...NAMES.map((name, i) => `  ${name.split(' ')[0]!.toLowerCase()}: { name: ${name}, url: "${urls[i]}", owner: core }`),
    'rules:',
    '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 1s, severity: critical }',
    '  - { name: Down, metric: availability, below: 50%, for: 1s, severity: page }',
    '',
  ].join('\n');
}

/** The screen line that names `text`. */
const line = (screen: string, text: string): string => screen.split('\n').find((l) => l.includes(text)) ?? '';
/** The API rows in screen order. */
const apiRows = (screen: string): string[] => screen.split('\n').filter((l) => NAMES.some((name) => l.includes(name)));

integration.describe('on-call interaction (tmux, built binary)', { timeout: 60_000 }, () => {
  let apis: LoopbackApi[];
  let dir: { path: string; remove(): void };
  let terminals: TmuxTerminal[];
  let configFile: string;

  beforeEach(async () => {
    requireBuiltCli();
    apis = NAMES.map(() => new LoopbackApi(200));
    await Promise.all(apis.map((api) => api.listen()));
    dir = tempDir('api-health-e2e-oncall-');
    configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, yaml(apis.map((api) => api.url)));
    terminals = [];
  });

  afterEach(async () => {
    for (const terminal of terminals) terminal.close();
    await Promise.all(apis.map((api) => api.close()));
    dir.remove();
  });

  function openDashboard(columns = 120): TmuxTerminal {
    const terminal = new TmuxTerminal(cliEnv({ API_HEALTH_PREFERENCES_DIR: join(dir.path, 'preferences'), TZ: 'UTC' }), { columns, rows: 40 });
    terminals.push(terminal);
    terminal.start([process.execPath, CLI, '--config', configFile, '--state-dir', join(dir.path, 'state')]);
    return terminal;
  }

  async function quit(terminal: TmuxTerminal): Promise<void> {
    await terminal.press('q');
    expect(await terminal.waitForExit()).toBe(0);
  }

  const charlie = (): LoopbackApi => apis[2]!;

  it('the selection stays on its API when another API degrades and moves above it', async () => {
    const t = openDashboard();
    await t.waitForScreen((s) => /3 healthy/.test(s), 'three healthy APIs');
    await t.press('j');
    await t.waitForScreen((s) => line(s, 'Bravo API').startsWith('›'), 'Bravo selected');
    charlie().status = 500;
    // Every line asserted is in the condition: a frame still being drawn has its lower rows blank.
    await t.waitForScreen(
      (s) => apiRows(s)[0]?.includes('Charlie API') === true && line(s, 'Bravo API').startsWith('›'),
      'Charlie failing and first in its group, Bravo still selected',
    );
    await t.press('Enter');
    await t.waitForScreen((s) => s.includes('URL') && s.includes(apis[1]!.url), "the selected API's detail with Bravo's URL");
    await quit(t);
  });

  it('`A` then `a` acknowledges the top alarm, and the note shows in its detail', async () => {
    charlie().status = 500;
    const t = openDashboard();
    await t.waitForScreen((s) => /alarms: 2 firing/.test(s), 'both alarms firing');
    await t.press('A');
    await t.waitForScreen((s) => s.includes('Alarms (2)'), 'the alarms view');
    await t.press('a');
    await t.waitForScreen((s) => s.includes('Acknowledge Down on charlie'), 'the page-severity alarm, the top row, in the prompt');
    t.burst('rolling back');
    await t.waitForScreen((s) => s.includes('rolling back█'), 'the typed note');
    await t.press('Enter');
    await t.waitForScreen((s) => /ACKED e2e-tester +page/.test(s), 'ACKED in the alarms view');
    await t.press('Enter');
    await t.waitForScreen(
      (s) =>
        s.includes('Timeline') &&
        s.includes('Down on Charlie API') &&
        /Ack +e2e-tester at \d\d:\d\d:\d\d "rolling back"/.test(s) &&
        /acknowledged by e2e-tester "rolling back"/.test(s),
      'the alarm detail with the ack and its note in the timeline',
    );
    await quit(t);
  });

  it('a note pasted with a line break stays in the note: no line of it runs as keys on the list', async () => {
    charlie().status = 500;
    const t = openDashboard(80);
    await t.waitForScreen((s) => /alarms: 2 firing/.test(s), 'both alarms firing');
    await t.press('A');
    await t.waitForScreen((s) => s.includes('Alarms (2)'), 'the alarms view');
    await t.press('a');
    await t.waitForScreen((s) => s.includes('Acknowledge Down on charlie'), 'the acknowledge prompt');
    // Unbracketed, "muted" after the line break would be m (mute) and u (unmute) on the list.
    t.paste('rolling back\nmuted by mistake');
    await t.waitForScreen((s) => s.includes('rolling back muted by mistake█'), 'the pasted note on one line');
    await t.press('Enter');
    const acked = await t.waitForScreen((s) => /ACKED by e2e-tester at \d\d:\d\d: "rolling back muted by mistake"/.test(s), 'the alarm acknowledged with the whole note');
    expect(acked).toMatch(/1 acked {2}0 muted/);
    expect(acked).not.toContain('Mute:');
    await quit(t);
  });

  it.each([80, 120])('at %i columns the mute prompt shows four scopes and the end time; the mutes view lists a rule-wide mute', async (columns) => {
    charlie().status = 500;
    const t = openDashboard(columns);
    await t.waitForScreen((s) => /alarms: 2 firing/.test(s), 'both alarms firing');
    await t.press('A');
    await t.waitForScreen((s) => s.includes('Alarms (2)'), 'the alarms view');
    await t.press('m');
    // An end after midnight carries its date (until 2026-12-07 00:22, in 1h): a run late in the evening sees it.
    const scopes = ['› this alarm (Down on Charlie API)', 'this API (Charlie API)', 'the whole team (Core Team)', 'rule Down everywhere'];
    await t.waitForScreen(
      (s) => s.includes('Mute: choose what to mute') && scopes.every((scope) => s.includes(scope)) && /until (\d{4}-\d\d-\d\d )?\d\d:\d\d, in 1h/.test(s),
      'the mute prompt with four scopes and the end time',
    );
    await t.press('Down', 'Down', 'Down');
    await t.waitForScreen((s) => s.includes('› rule Down everywhere'), 'the rule scope chosen');
    await t.press('Enter', 'Enter');
    await t.waitForScreen((s) => s.includes('Reason (optional)'), 'the reason step');
    t.burst('flaky probe\r');
    await t.waitForScreen((s) => s.includes('1 active mute'), 'the header counting the mute');
    await t.press('M');
    const muteRow = new RegExp(`1 alarm +${USER}.*\\d\\d:\\d\\d \\([0-9hms]+\\) +flaky probe`);
    await t.waitForScreen((s) => s.includes('Active mutes (1)') && muteRow.test(line(s, 'rule Down everywhere')), 'the mutes view with the rule-wide mute');
    await t.press('u');
    await t.waitForScreen((s) => s.includes('Active mutes (0)') || s.includes('Nothing is muted'), 'the mute lifted');
    await quit(t);
  });
});
