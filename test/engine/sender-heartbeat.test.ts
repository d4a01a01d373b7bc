import { expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { HEARTBEAT_ALERTNAME } from '../../source/alertmanager/sender-heartbeat.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../source/engine/runtime.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { useAlertmanager } from '../helpers/alertmanager-suite.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const integration = needsBinaries(['prometheus-alertmanager']);

const configFor = (url: string, channels: string) =>
  parseConfigText(
    `
shared: { alertmanager: "${url}" }
teams: { mwi: { name: MediaWiki Interfaces } }
channels:
${channels}
apis:
  page-api: { owner: mwi, url: "http://127.0.0.1:1/page" }
`,
    'sender.yaml',
    {},
  );

// Waits of up to 15 s and 10 s in one test, against a real Alertmanager on a busy machine.
integration.describe('who sends: the monitor\'s heartbeat alert in a real Alertmanager', { timeout: 60_000 }, () => {
  const suite = useAlertmanager();

  function runtime(channels: string, options: RuntimeOptions): Runtime {
    const dir = tempDir('api-health-sender-');
    suite.later(() => dir.remove());
    const started = createRuntime(configFor(suite.server.url, channels), { clock: new ManualClock(Date.now()), stateDir: dir.path, persist: true, ...options });
    const stop = started.stop;
    let stopped: Promise<void> | undefined;
    started.stop = () => (stopped ??= stop());
    suite.later(() => started.stop());
    return started;
  }

  const heartbeats = async () => (await suite.server.alerts()).filter((a) => a.labels.alertname === HEARTBEAT_ALERTNAME && a.status.state === 'active');

  it('a monitor keeps a heartbeat alert without a team, and resolves it when it stops', async () => {
    const monitor = runtime('  am: { type: alertmanager, url: "http://127.0.0.1:1" }', { sender: { name: 'monitor ops@host pid 1', mode: 'announce' } });
    monitor.start();
    const beats = await waitFor(async () => {
      const active = await heartbeats();
      return active.length > 0 && active;
    }, { timeoutMs: 15_000, everyMs: 100, what: 'the heartbeat alert in Alertmanager' });
    expect(beats.map((a) => [a.labels.sender, a.labels.team])).toEqual([['monitor ops@host pid 1', undefined]]);
    await monitor.stop();
    expect(await heartbeats()).toEqual([]);
  });

  it('a dashboard sending through direct channels warns once that another process sends for the same fleet', async () => {
    const monitor = runtime('  am: { type: alertmanager, url: "http://127.0.0.1:1" }', { sender: { name: 'monitor ops@host pid 1', mode: 'announce' } });
    monitor.start();
    await waitFor(async () => (await heartbeats()).length > 0, { timeoutMs: 15_000, everyMs: 100, what: 'the monitor\'s heartbeat alert in Alertmanager' });
    const dashboard = runtime('  slack: { type: slack, url: "http://127.0.0.1:1/hook" }', { sender: { name: 'dashboard alice@laptop pid 2', mode: 'watch' } });
    dashboard.start();
    const warning = await waitFor(() => dashboard.store.getState().warnings.find((w) => w.startsWith('notifications may be duplicated')), { timeoutMs: 10_000, everyMs: 50, what: 'the warning' });
    expect(warning).toBe('notifications may be duplicated: monitor ops@host pid 1 also sends for this fleet (seen in Alertmanager); run this dashboard with --remote');
  });
});
