import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI, cliEnv, requireBuiltCli, runBinary } from '../helpers/cli-binary.js';
import { searchAlarmYaml } from '../helpers/config.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import { TmuxTerminal } from '../helpers/tmux.js';

/**
 * Issue 3 end to end, in a real terminal with the built program: a loopback API starts failing, the
 * alarm fires, it is acknowledged or muted from the keyboard, and what was done survives a restart.
 */

const USER = 'e2e-tester';
const integration = needsBinaries(['tmux']);

/** The dashboard row of the Search API. */
function searchRow(screen: string): string {
  return screen.split('\n').find((line) => line.includes('Search API')) ?? '';
}

function events(stateDir: string): { kind: string; actor?: string; note?: string; mute?: { reason?: string } }[] {
  return readFileSync(join(stateDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

// Two dashboard starts, a check and waits of up to 15 s in one test: 60 s leaves room on a loaded machine.
integration.describe('alarms in the dashboard (tmux, built binary)', { timeout: 60_000 }, () => {
  let api: LoopbackApi;
  let dir: { path: string; remove(): void };
  let terminals: TmuxTerminal[];
  let configFile: string;
  let stateDir: string;

  beforeEach(async () => {
    requireBuiltCli();
    api = new LoopbackApi(200);
    await api.listen();
    dir = tempDir('api-health-e2e-alarms-');
    configFile = join(dir.path, 'api-health.yaml');
    stateDir = join(dir.path, 'state');
    writeFileSync(configFile, searchAlarmYaml(api.url, '2s'));
    terminals = [];
  });

  afterEach(async () => {
    for (const terminal of terminals) terminal.close();
    await api.close();
    dir.remove();
  });

  const dashboardEnv = (): NodeJS.ProcessEnv => cliEnv({ API_HEALTH_PREFERENCES_DIR: join(dir.path, 'preferences'), TZ: 'UTC' });

  function openDashboard(): TmuxTerminal {
    const terminal = new TmuxTerminal(dashboardEnv(), { columns: 140, rows: 40 });
    terminals.push(terminal);
    terminal.start([process.execPath, CLI, '--config', configFile, '--state-dir', stateDir]);
    return terminal;
  }

  async function quit(terminal: TmuxTerminal): Promise<void> {
    await terminal.press('q');
    expect(await terminal.waitForExit()).toBe(0);
    expect(terminal.restored()).toBe(true);
  }

  it('a failing API fires, `a` acknowledges it, after a restart the acknowledgement is still shown, `U` withdraws it', async () => {
    const first = openDashboard();
    await first.waitForScreen((s) => /1 healthy/.test(s), 'the API probed healthy');
    api.status = 500;
    await first.waitForScreen((s) => searchRow(s).includes('FIRING High5xx'), 'FIRING on the Search API row');

    await first.press('A');
    await first.waitForScreen((s) => s.includes('Alarms (1)'), 'the alarms view');
    await first.press('a');
    await first.waitForScreen((s) => s.includes('Acknowledge High5xx on search'), 'the acknowledge prompt');
    await first.type('rolling back');
    await first.waitForScreen((s) => s.includes('rolling back'), 'the typed note');
    await first.press('Enter');
    await first.waitForScreen((s) => searchRow(s).includes(`ACKED ${USER}`), 'ACKED in the alarms view');
    await quit(first);

    // `check` honours the saved acknowledgement, yet an acknowledged alarm still fails it: only mutes silence.
    const checked = await runBinary(['check', '--config', configFile, '--state-dir', stateDir, '--duration', '2s', '--json'], { env: dashboardEnv() });
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout).alerts).toMatchObject([{ api: 'search', state: 'firing', acknowledged: true, ackedBy: USER, muted: false }]);

    const probedBefore = api.requests;
    const second = openDashboard();
    const screen = await second.waitForScreen((s) => /probes\/s/.test(s) && searchRow(s) !== '', 'the restarted dashboard');
    expect(searchRow(screen)).toContain(`ACKED by ${USER} High5xx`);
    // Still acknowledged once enough fresh probes of the still failing API have been evaluated.
    await second.waitForScreen(
      (s) => /alarms: 0 firing\s+1 acked/.test(s) && api.requests >= probedBefore + 6 && searchRow(s).includes(`ACKED by ${USER} High5xx`),
      'fresh probes after the restart, the row still ACKED',
      10_000,
    );

    await second.press('U');
    await second.waitForScreen((s) => searchRow(s).includes('FIRING High5xx'), 'FIRING again after `U` on the dashboard row');
    await quit(second);

    const log = events(stateDir);
    expect(log.map((e) => e.kind)).toEqual(expect.arrayContaining(['pending', 'firing', 'acknowledged', 'unacknowledged']));
    expect(log.find((e) => e.kind === 'acknowledged')).toMatchObject({ actor: USER, note: 'rolling back' });
  });

  it('`m` mutes the alarm for a chosen scope and duration with a reason, the mute survives a restart, `u` unmutes it', async () => {
    api.status = 500;
    const terminal = openDashboard();
    await terminal.waitForScreen((s) => searchRow(s).includes('FIRING High5xx'), 'FIRING on the Search API row');

    await terminal.press('A');
    await terminal.waitForScreen((s) => s.includes('Alarms (1)'), 'the alarms view');
    await terminal.press('m');
    await terminal.waitForScreen((s) => s.includes('› this alarm (High5xx on Search API)'), 'the scope choice');
    await terminal.press('Down');
    await terminal.waitForScreen((s) => s.includes('› this API (Search API)'), 'the API scope chosen');
    await terminal.press('Enter');
    await terminal.waitForScreen((s) => s.includes('For:') && s.includes('[1h]'), 'the duration presets, 1h preselected');
    const mutedAt = Date.now();
    await terminal.press('Enter');
    await terminal.waitForScreen((s) => s.includes('Reason (optional)'), 'the reason prompt');
    await terminal.type('deploy');
    await terminal.press('Enter');
    const muted = await terminal.waitForScreen((s) => /MUTED \d\d:\d\d/.test(searchRow(s)), 'MUTED in the alarms view');

    const until = /MUTED (\d\d):(\d\d)/.exec(searchRow(muted))!;
    const expected = new Date(mutedAt + 3_600_000);
    const minutes = Number(until[1]) * 60 + Number(until[2]);
    const expectedMinutes = expected.getUTCHours() * 60 + expected.getUTCMinutes();
    expect([expectedMinutes, (expectedMinutes + 1) % 1440]).toContain(minutes);
    expect(muted).toMatch(/alarms: 0 firing\s+0 acked\s+1 muted/);

    await terminal.press('A');
    await terminal.waitForScreen(
      (s) => s.includes('probes/s') && !s.includes('Alarms (1)') && searchRow(s).includes(`MUTED until ${until[1]}:${until[2]} High5xx`),
      'back on the dashboard, the row MUTED until the end time',
    );
    await quit(terminal);

    const restarted = openDashboard();
    await restarted.waitForScreen((s) => searchRow(s).includes(`MUTED until ${until[1]}:${until[2]} High5xx`), 'the mute restored after a restart');
    await restarted.press('u');
    await restarted.waitForScreen(
      (s) => searchRow(s).includes('FIRING High5xx') && /alarms: 1 firing\s+0 acked\s+0 muted/.test(s),
      'FIRING again after `u` on the dashboard row and in the header',
    );
    await quit(restarted);

    const log = events(stateDir);
    expect(log.map((e) => e.kind)).toEqual(expect.arrayContaining(['firing', 'muted', 'unmuted']));
    expect(log.find((e) => e.kind === 'muted')).toMatchObject({ actor: USER, mute: { reason: 'deploy' } });
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)('%s stops the dashboard cleanly: exit 0, terminal restored', async (signal) => {
    const terminal = openDashboard();
    await terminal.waitForScreen((s) => /1 healthy/.test(s), 'the API probed healthy');
    terminal.signal(signal);
    expect(await terminal.waitForExit()).toBe(0);
    expect(terminal.restored()).toBe(true);
  });
});
