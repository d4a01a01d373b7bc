import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink';
import { createRuntime } from '../engine/runtime.js';
import { openPreferences } from '../state/preferences.js';
import { App } from '../ui/App.js';
import { createPainter } from '../ui/paint.js';
import { loadTheme, ThemeError } from '../ui/theme.js';
import { openConfig } from './config-source.js';
import { flagWithDefault, type CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { currentUser, lockStateDir, openStateDir, refuseLinkedStateFiles } from './state-location.js';
import { writeProblem } from '../persistence/writable.js';
import { openMetricsEndpoint } from './metrics-endpoint.js';
import { withTerminalRestored } from './terminal.js';
import { isUnassigned, UNASSIGNED } from '../core/labels.js';

const DASHBOARD_FLUSH_MS = 1_000;

/** The live dashboard: engine and Ink UI in one process, the terminal restored however it ends. */
export async function runDashboard(context: CommandContext): Promise<number> {
  const theme = loadThemeOrExplain(flagWithDefault(context, 'theme'));
  const source = await openConfig(context);
  const { config } = source;
  const preferences = openPreferences(context.env);
  // `--team unassigned` shows the APIs nobody owns, as `owners --team unassigned` lists them.
  const requested = context.flags.team !== undefined && isUnassigned(context.flags.team) ? UNASSIGNED.id : context.flags.team;
  const team = requested ?? preferences.team(config.path ?? '<demo>');
  const knownTeams = [...config.teams.map((t) => t.id), UNASSIGNED.id];
  if (requested !== undefined && !knownTeams.includes(requested)) {
    await source.close();
    throw new UsageError(`unknown team "${context.flags.team}" for --team (known: ${knownTeams.join(', ')})`);
  }
  const remote = context.flags.remote === true;
  if (remote && (!config.shared?.alertmanager || !config.shared.prometheus)) {
    await source.close();
    throw new UsageError('--remote reads the team\'s engines: the config needs shared.alertmanager and shared.prometheus (see "Run it for a team" in the README)');
  }
  if (!context.stdout.isTTY) {
    await source.close();
    throw new UsageError('the dashboard needs a terminal; in a pipe or a script use `api-health check` for a report or `api-health monitor` to keep watching (see --help)');
  }
  const chosenDir = openStateDir(context);
  const problem = writeProblem(chosenDir);
  refuseLinkedStateFiles(chosenDir, 'the dashboard');
  // A dashboard is still worth having on a read-only or full state directory: its alarm state and outbox go to
  // a private temporary directory for this run instead, and the header says so. Nobody writes the chosen one, so
  // there is nothing to lock.
  const stateDir = problem === undefined ? chosenDir : mkdtempSync(join(tmpdir(), 'api-health-session-'));
  let unlock: () => void;
  try {
    unlock = problem === undefined ? lockStateDir(stateDir, 'dashboard', context.stderr) : () => rmSync(stateDir, { recursive: true, force: true });
  } catch (error) {
    await source.close();
    throw error;
  }
  const metrics = await openMetricsEndpoint(config, context.flags).catch(async (error: unknown) => {
    await source.close();
    throw error;
  });
  const stdout = context.stdout;
  // A terminal channel rings for the alarms routed to it; without one, the dashboard rings for the urgent ones.
  const ringBell = config.defaults.bell && !Object.values(config.channels).some((c) => c.type === 'terminal');
  const runtime = createRuntime(config, {
    // Fresh figures reach the screen once a second: each flush redraws the frame, and four a second kept an idle
    // dashboard at 8% of a core for changes no one reads faster. Keys still answer at once.
    flushMs: DASHBOARD_FLUSH_MS,
    team: team !== undefined && knownTeams.includes(team) ? team : undefined,
    stateDir,
    persist: true,
    user: currentUser(context.env),
    notify: remote ? undefined : { terminal: { write: (text) => stdout.write(text) } },
    remote,
    sender: { name: `dashboard ${currentUser(context.env)}@${hostname()} pid ${process.pid}`, mode: 'watch' },
    onAlarmEvents: (events) => {
      if (ringBell && events.some((e) => e.kind === 'firing' && (e.alarm.severity === 'critical' || e.alarm.severity === 'page'))) stdout.write('\u0007');
    },
    exporter: metrics?.exporter,
  });
  if (problem !== undefined) {
    runtime.store.getState().actions.addWarning(`acks, mutes and notifications are not saved: ${chosenDir} is not writable (${problem})`);
  }
  const colour = !('NO_COLOR' in context.env && context.env.NO_COLOR !== '') && context.env.TERM !== 'dumb';
  const painter = createPainter(theme, colour);
  const unsubscribe = runtime.store.subscribe((state, previous) => {
    if (state.ui.team !== previous.ui.team) preferences.setTeam(config.path ?? '<demo>', state.ui.team);
  });

  let quit: () => void = () => {};
  const quitting = new Promise<void>((resolve) => {
    quit = resolve;
  });
  await withTerminalRestored(context.stdout, async () => {
    const app = render(<App store={runtime.store} painter={painter} onQuit={() => quit()} />, {
      stdout: context.stdout as NodeJS.WriteStream,
      stdin: context.stdin,
      exitOnCtrlC: false,
      patchConsole: true,
      maxFps: 15,
      // Ink 6.8's incremental writer loses its place in tmux (80x24 and 200x50): rows drawn twice, the header
      // repeated. It would write a seventh of the bytes; a correct screen comes first.
      incrementalRendering: false,
    });
    runtime.start();
    const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
    // when-exit (under conf) re-raises the signal it saw; if only Ink's signal-exit listens when it
    // comes back, that kills the process mid-stop (exit 143). So ours stays until the process ends.
    for (const signal of signals) process.on(signal, quit);
    await Promise.race([quitting, app.waitUntilExit()]);
    app.unmount();
    unsubscribe();
    runtime.notifier?.attachTerminal(undefined);
    await runtime.stop();
    await metrics?.close();
    await source.close();
    unlock();
  }, { mouse: context.flags.mouse !== false, stdin: context.stdin, onGone: () => quit() });
  return EXIT.ok;
}

function loadThemeOrExplain(name: string) {
  try {
    return loadTheme(name);
  } catch (error) {
    if (error instanceof ThemeError) throw new UsageError(error.message);
    throw error;
  }
}
