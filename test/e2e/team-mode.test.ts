import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, CliProcess, cliEnv, requireBuiltCli, runBinary } from '../helpers/cli-binary.js';
import { freePort } from '../helpers/loopback-server.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { runTool, startAlertmanager, startPrometheus, type RunningAlertmanager, type RunningServer } from '../helpers/real-binaries.js';
import { Receiver } from '../helpers/receiver.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Issue 14 end to end: one `monitor` probes a loopback fleet and exports metrics; a real Prometheus scrapes it
 * and evaluates the exported rules (plus a hand-written one); a real Alertmanager routes with the exported
 * config to a loopback webhook; two laptops run the built dashboard with --remote in tmux.
 */

const integration = needsBinaries(['tmux', 'prometheus', 'prometheus-alertmanager', 'amtool']);
const POLL = '1s';

const teamYaml = (urls: { a: string; b: string; am: string; prom: string }, notify: string) => `
defaults: { interval: 500ms, window: 10s, minSamples: 3, userAgent: "api-health-e2e (https://example.org; e2e@example.org)" }
shared: { alertmanager: "${urls.am}", prometheus: "${urls.prom}", poll: ${POLL} }
teams:
  mwi: { name: MediaWiki Interfaces, notify: [${notify}], escalation: [ "mwi on-call" ] }
channels:
  am: { type: alertmanager, url: "${urls.am}" }
  hook: { type: webhook, url: "http://127.0.0.1:1/unused" }
rules:
  - { name: LowAvailability, metric: availability, below: 99%, severity: page }
apis:
  api-a: { name: Alpha API, family: Loop, owner: mwi, url: "${urls.a}" }
  api-b: { name: Beta API, family: Loop, owner: mwi, url: "${urls.b}" }
`;

/** A Prometheus rule nobody generated, owned by the same team: it shows under that team as an other alert. */
const HAND_WRITTEN_RULE = `
groups:
  - name: hand-written
    rules:
      - alert: QueueBacklog
        expr: vector(1)
        labels: { team: mwi, severity: warning }
        annotations: { summary: "job queue backlog above 10k" }
`;

const row = (screen: string, name: string): string => screen.split('\n').find((line) => line.includes(name)) ?? '';
/** The line number of the selected row (marked ›), -1 while none is drawn. */
const selectedLine = (screen: string): number => screen.split('\n').findIndex((line) => line.startsWith('›'));
/** Whether the selection is on the alarms view's first row, the one under its heading and column names. */
const firstAlarmSelected = (screen: string): boolean => {
  const heading = screen.split('\n').findIndex((line) => line.includes('Alarms ('));
  return heading >= 0 && selectedLine(screen) === heading + 2;
};

integration.describe('team mode: monitor, Prometheus, Alertmanager and two --remote dashboards', { timeout: 120_000 }, () => {
  const a = new LoopbackApi(500);
  const b = new LoopbackApi(500);
  const hook = new Receiver();
  let dir: TempDir;
  let config: string;
  let alertmanager: RunningAlertmanager;
  let alertmanagerConfig: string;
  let prometheus: RunningServer;
  let monitor: CliProcess;
  const terminals: TmuxTerminal[] = [];

  beforeAll(async () => {
    requireBuiltCli();
    dir = tempDir('api-health-e2e-team-');
    const urls = { a: await a.listen(), b: await b.listen(), am: `http://127.0.0.1:${await freePort()}`, prom: `http://127.0.0.1:${await freePort()}` };
    const hookPort = await hook.listen();
    // The routing config is exported from the team's config as it names the real receivers; the monitor's posts to Alertmanager.
    const routing = join(dir.path, 'routing.yaml');
    writeFileSync(routing, teamYaml(urls, 'hook').replace('http://127.0.0.1:1/unused', `http://127.0.0.1:${hookPort}/hook`));
    config = join(dir.path, 'team.yaml');
    writeFileSync(config, teamYaml(urls, 'am'));
    const exportedRouting = await runBinary(['export', 'alertmanager', '--config', routing]);
    expect(exportedRouting.code).toBe(0);
    // The test cannot wait the production 30 s group_wait.
    alertmanagerConfig = exportedRouting.stdout.replace(/group_wait: \S+/, 'group_wait: 1s').replace(/group_interval: \S+/, 'group_interval: 1s');
    alertmanager = await startAlertmanager({ port: Number(new URL(urls.am).port), config: alertmanagerConfig, storage: join(dir.path, 'alertmanager') });

    const metricsPort = await freePort();
    monitor = new CliProcess(['monitor', '--config', config, '--metrics-port', String(metricsPort), '--state-dir', join(dir.path, 'monitor')], { env: cliEnv({ USER: 'monitor' }) });
    const rules = await runBinary(['export', 'prometheus-rules', '--config', config]);
    expect(rules.code).toBe(0);
    const ruleFiles = [join(dir.path, 'exported-rules.yml'), join(dir.path, 'hand-written.yml')];
    writeFileSync(ruleFiles[0]!, rules.stdout);
    writeFileSync(ruleFiles[1]!, HAND_WRITTEN_RULE);
    prometheus = await startPrometheus([`127.0.0.1:${metricsPort}`], { ruleFiles, alertmanager: urls.am, port: Number(new URL(urls.prom).port) });
  }, 60_000);

  afterAll(async () => {
    for (const terminal of terminals) terminal.close();
    await monitor?.stop();
    await prometheus?.stop();
    await alertmanager?.stop();
    await a.close();
    await b.close();
    await hook.close();
    dir?.remove();
  });

  function laptop(user: string): TmuxTerminal {
    const terminal = new TmuxTerminal(cliEnv({ USER: user, TZ: 'UTC', API_HEALTH_PREFERENCES_DIR: join(dir.path, `prefs-${user}`) }), { columns: 160, rows: 45 });
    terminals.push(terminal);
    terminal.start([process.execPath, CLI, '--config', config, '--remote', '--state-dir', join(dir.path, `laptop-${user}`)]);
    return terminal;
  }

  const ackSilences = async (): Promise<{ id: string; createdBy: string; comment: string; matchers: { name: string; value: string }[] }[]> => {
    const result = await runTool('amtool', ['silence', 'query', '--alertmanager.url', alertmanager.url, '-o', 'json']);
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { id: string; createdBy: string; comment: string; matchers: { name: string; value: string }[] }[]).filter((s) => s.comment.startsWith('ACK!'));
  };

  async function acknowledge(terminal: TmuxTerminal, apiName: string, note: string): Promise<void> {
    if (!terminal.screen().includes('Alarms (')) await terminal.press('A');
    await terminal.waitForScreen((s) => s.includes('Alarms ('), 'the alarms view');
    // Each key's result is waited for: a capture taken before the next frame would send one Down too many.
    await terminal.press('Home');
    let screen = await terminal.waitForScreen((s) => firstAlarmSelected(s), 'the first alarm selected');
    for (let i = 0; i < 4 && !row(screen, apiName).startsWith('›'); i++) {
      const before = selectedLine(screen);
      await terminal.press('Down');
      screen = await terminal.waitForScreen((s) => ![-1, before].includes(selectedLine(s)), 'the selection to move down');
    }
    await terminal.waitForScreen((s) => row(s, apiName).startsWith('›'), `${apiName} selected`);
    await terminal.press('a');
    await terminal.waitForScreen((s) => s.includes('Acknowledge'), 'the acknowledge prompt');
    await terminal.type(note);
    await terminal.press('Enter');
  }

  it('both laptops show the alarms from Alertmanager and figures from Prometheus; an ack in one shows in the other; the webhook hears once; an outage goes stale and recovers with the queued ack; resolving expires the ack', async () => {
    const alice = laptop('alice');
    const bob = laptop('bob');
    for (const terminal of [alice, bob]) {
      await terminal.waitForScreen((s) => /remote: am ✓ \S+ ago prom ✓/.test(s), 'the remote mode with both engines answering', 20_000);
      await terminal.press('A');
      await terminal.waitForScreen(
        (s) => row(s, 'Alpha API').includes('LowAvail') && row(s, 'Beta API').includes('LowAvail'),
        'both alarms from Alertmanager',
        60_000,
      );
      // The hand-written rule's alert, under the team that its label names.
      await terminal.waitForScreen((s) => s.includes('Other alerts · MediaWiki Interfaces') && s.includes('QueueBacklog'), 'the other alert under its team', 20_000);
      await terminal.press('Escape');
      // Figures from Prometheus: the availability the monitor's probes exported, 0% for an API answering 500.
      await terminal.waitForScreen((s) => /0(\.0)?%/.test(row(s, 'Alpha API')), 'figures read from Prometheus', 20_000);
    }
    expect(a.requests + b.requests).toBeGreaterThan(0);

    await acknowledge(alice, 'Alpha API', 'on it');
    await alice.waitForScreen((s) => /ACKED (by )?alice/.test(row(s, 'Alpha API')), 'ACKED in alice\'s view');
    await bob.waitForScreen((s) => /ACKED (by )?alice/.test(row(s, 'Alpha API')), 'ACKED by alice in bob\'s view', 20_000);
    let acks = await ackSilences();
    expect(acks).toEqual([expect.objectContaining({ createdBy: 'alice', comment: 'ACK! on it' })]);

    // One notification for the Alpha alarm, though the monitor posted it and Prometheus raised it too.
    // Each notification of the team's group holds the Alpha alarm once: the monitor's post and Prometheus' alert carry one label set.
    const alphaPerNotification = () =>
      hook.requests.map((r) => (r.json as { alerts: { labels: Record<string, string>; status: string }[] }).alerts.filter((x) => x.labels.api === 'api-a' && x.status === 'firing').length);
    await waitFor(() => alphaPerNotification().some((n) => n > 0) || undefined, { timeoutMs: 20_000, everyMs: 200, what: 'a notification of the Alpha alarm' });
    expect(alphaPerNotification().every((n) => n <= 1)).toBe(true);

    // Alertmanager goes away: both mark it stale and keep the alarms; bob acks Beta meanwhile.
    const port = Number(new URL(alertmanager.url).port);
    await alertmanager.stop();
    for (const terminal of [alice, bob]) {
      await terminal.waitForScreen(
        (s) => s.includes('am ✗ stale') && s.includes('Alertmanager not answering') && row(s, 'Alpha API').includes('LowAvail'),
        'Alertmanager stale with the Alpha alarm kept',
        15_000,
      );
    }
    await acknowledge(bob, 'Beta API', 'rebooting');
    await bob.waitForScreen((s) => s.includes('1 ack(s) only local'), 'the queued ack said');
    alertmanager = await startAlertmanager({ port, config: alertmanagerConfig, storage: join(dir.path, 'alertmanager') });
    await alice.waitForScreen((s) => /ACKED (by )?bob/.test(row(s, 'Beta API')) && /remote: am ✓/.test(s), 'bob\'s queued ack applied once Alertmanager is back', 30_000);
    await bob.waitForScreen((s) => !s.includes('only local'), 'the queue emptied');
    acks = await ackSilences();
    expect(acks.map((s) => [s.createdBy, s.comment])).toContainEqual(['bob', 'ACK! rebooting']);

    // Alpha recovers: the monitor holds alice's ack (it adopted the silence) and expires it when the alarm resolves.
    a.status = 200;
    const deadline = Date.now() + 30_000;
    const holdsAlpha = async () => (await ackSilences()).some((s) => s.matchers.some((m) => m.name === 'api' && m.value === 'api-a'));
    while ((await holdsAlpha()) && Date.now() < deadline) await sleep(500);
    expect(await holdsAlpha()).toBe(false);
  });
});

integration.describe('--remote without the team\'s engines', () => {
  it('exits 2 naming the shared keys it needs', async () => {
    const dir = tempDir('api-health-e2e-remote-usage-');
    try {
      const config = join(dir.path, 'api-health.yaml');
      writeFileSync(config, 'apis:\n  a: { url: "http://127.0.0.1:1/a" }\n');
      const result = await runBinary(['--config', config, '--remote', '--state-dir', join(dir.path, 'state')]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(
        'api-health: --remote reads the team\'s engines: the config needs shared.alertmanager and shared.prometheus (see "Run it for a team" in the README)',
      );
    } finally {
      dir.remove();
    }
  });
});
