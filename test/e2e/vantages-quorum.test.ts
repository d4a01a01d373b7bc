import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { renderAlertmanagerConfig } from '../../source/config-export/alertmanager-config.js';
import { buildRuleExport, renderPrometheusRules } from '../../source/config-export/prometheus-rules.js';
import { CLI, cliEnv, CliProcess, runBinary } from '../helpers/cli-binary.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { freePort } from '../helpers/loopback-server.js';
import { Receiver } from '../helpers/receiver.js';
import { startAlertmanager, startPrometheus, type RunningAlertmanager, type RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const integration = needsBinaries(['prometheus', 'prometheus-alertmanager', 'tmux']);

/** Issue 26's "done means": three monitors, one per data centre, on one machine through three source addresses. */
const VANTAGES = [
  { name: 'eqiad', address: '127.0.0.2' },
  { name: 'codfw', address: '127.0.0.3' },
  { name: 'ulsfo', address: '127.0.0.4' },
];

interface WebhookPayload {
  status: string;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

/** Polls until `find` gives something, with a generous deadline: a loaded machine scrapes and evaluates late. */
async function until<T>(find: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(250)) {
    const found = await find();
    if (found !== undefined) return found;
  }
  throw new Error(`timed out waiting for ${what}`);
}

integration.describe('several vantages agreeing on the team\'s Prometheus and Alertmanager', () => {
  const dir = tempDir('api-health-vantages-e2e-');
  const owners = new Receiver();
  const probers = new Receiver();
  let fleet: TestServer;
  /** Which source addresses get a 503 from the page API. */
  let failingFor = new Set<string>();
  let prometheus: RunningServer;
  let alertmanager: RunningAlertmanager;
  const monitors = new Map<string, CliProcess>();
  let configFile: string;
  let dashboard: TmuxTerminal | undefined;

  beforeAll(async () => {
    fleet = await startServer((_n, req) => (req.url?.startsWith('/page') && failingFor.has(req.socket.remoteAddress ?? '') ? { status: 503 } : {}));
    const [ownersPort, probersPort, prometheusPort, alertmanagerPort] = [await owners.listen(), await probers.listen(), await freePort(), await freePort()];
    const ports = await Promise.all(VANTAGES.map(() => freePort()));
    const yaml = [
      'defaults: { interval: 250ms, timeout: 2s, window: 4s, minSamples: 2, quorum: 2 }',
      `shared: { prometheus: "http://127.0.0.1:${prometheusPort}", alertmanager: "http://127.0.0.1:${alertmanagerPort}", poll: 1s }`,
      'teams:',
      '  mwi: { name: MediaWiki Interfaces, notify: [owners] }',
      'apis:',
      `  page: { name: Page API, owner: mwi, url: "${fleet.url}/page" }`,
      'rules:',
      '  - { name: High5xx, metric: error_rate_5xx, above: 50%, severity: page }',
      'channels:',
      `  owners: { type: webhook, url: "http://127.0.0.1:${ownersPort}/owners" }`,
      `  probers: { type: webhook, url: "http://127.0.0.1:${probersPort}/probers" }`,
      'routes:',
      '  - match: { scope: regional }',
      '    notify: [probers]',
      'notifications: { groupWait: 1s, groupInterval: 1s, repeat: 1h, resolved: false }',
      '',
    ].join('\n');
    configFile = join(dir.path, 'team.yaml');
    writeFileSync(configFile, yaml);
    const config = parseConfigText(yaml, configFile, {});
    const rules = join(dir.path, 'rules.yml');
    writeFileSync(rules, renderPrometheusRules(buildRuleExport(config, 'apihealth'), 'apihealth'));
    alertmanager = await startAlertmanager({ config: renderAlertmanagerConfig(config), port: alertmanagerPort });
    prometheus = await startPrometheus(
      ports.map((port) => `127.0.0.1:${port}`),
      { ruleFiles: [rules], alertmanager: alertmanager.url, port: prometheusPort },
    );
    VANTAGES.forEach(({ name, address }, i) => {
      monitors.set(
        name,
        new CliProcess(['monitor', '--config', configFile, '--json', '--vantage', name, '--local-address', address, '--metrics-port', String(ports[i]), '--state-dir', join(dir.path, name)]),
      );
    });
    for (const monitor of monitors.values()) await monitor.waitFor(() => monitor.records().find((l) => l.type === 'started'), 'a monitor to start', 30_000);
  }, 90_000);

  afterAll(async () => {
    dashboard?.close();
    for (const monitor of monitors.values()) await monitor.stop().catch(() => undefined);
    await prometheus?.stop();
    await alertmanager?.stop();
    await owners.close();
    await probers.close();
    await fleet?.close();
    dir.remove();
  });

  const firing = async (scope: string): Promise<Awaited<ReturnType<RunningAlertmanager['alerts']>>[number] | undefined> =>
    (await alertmanager.alerts()).find((a) => a.labels.alertname === 'High5xx' && a.labels.scope === scope && a.status.state === 'active');
  const payloads = (receiver: Receiver): WebhookPayload[] => receiver.requests.map((r) => r.json as WebhookPayload).filter((p) => Array.isArray(p?.alerts));
  const allVantages = async (): Promise<{ verdict?: { scope: string; text: string } }> => {
    const result = await runBinary(['check', '--config', configFile, '--duration', '300ms', '--json', '--all-vantages', '--state-dir', join(dir.path, 'check')], { timeoutMs: 30_000 });
    return (JSON.parse(result.stdout) as { vantages?: Record<string, { verdict?: { scope: string; text: string } }> }).vantages?.page ?? {};
  };

  it('fails from codfw only: a regional alert for the probers, nothing to the owners, "failing from codfw only"', async () => {
    failingFor = new Set(['127.0.0.3']);
    const alert = await until(() => firing('regional'), 'the regional alert in Alertmanager');
    expect(alert.annotations.vantages).toBe('codfw');
    await until(() => payloads(probers).find((p) => p.alerts.some((a) => a.labels.scope === 'regional')), 'the probers to hear of the regional alert');
    expect(await allVantages()).toMatchObject({ verdict: { scope: 'regional', text: 'failing from codfw only' } });
    dashboard = new TmuxTerminal(cliEnv({ TZ: 'UTC', API_HEALTH_PREFERENCES_DIR: join(dir.path, 'prefs') }), { columns: 200, rows: 30 });
    dashboard.start([process.execPath, CLI, '--config', configFile, '--remote', '--state-dir', join(dir.path, 'laptop')]);
    const screen = await dashboard.waitForScreen((text) => text.includes('failing from codfw only'), 'the remote dashboard to say where it fails', 60_000);
    expect(screen.split('\n').find((line) => line.includes('Page API'))).toContain('codfw ✘ eqiad ● ulsfo ●  failing from codfw only');
    expect(payloads(owners)).toEqual([]);
    expect(await firing('global')).toBeUndefined();
  }, 120_000);

  it('fails from every vantage: one notification to the owners, naming the vantages', async () => {
    failingFor = new Set(VANTAGES.map((v) => v.address));
    const payload = await until(() => payloads(owners).find((p) => p.alerts.some((a) => a.labels.scope === 'global')), 'the owners to be notified of the global alert');
    expect(payloads(owners)).toHaveLength(1);
    const [alert] = payload.alerts;
    expect(alert!.labels).toMatchObject({ alertname: 'High5xx', api: 'page', team: 'mwi', scope: 'global' });
    // The alert names the vantages that saw it when Prometheus found the quorum: codfw, which was failing already,
    // and at least one more; the third may join an evaluation later.
    const named = alert!.annotations.vantages!.split(',');
    expect(named).toContain('codfw');
    expect(named.length).toBeGreaterThanOrEqual(2);
    expect(VANTAGES.map((v) => v.name)).toEqual(expect.arrayContaining(named));
    await until(async () => ((await allVantages()).verdict?.text === 'failing from all 3 vantages' ? true : undefined), 'every vantage to see the failure');
    expect(await allVantages()).toMatchObject({ verdict: { scope: 'global', text: 'failing from all 3 vantages' } });
  }, 120_000);

  it("with a monitor stopped, its deadman's condition holds for it alone and the other two still make the alert global", async () => {
    await monitors.get('ulsfo')!.stop();
    const rule = buildRuleExport(parseConfigText(await import('node:fs').then((fs) => fs.readFileSync(configFile, 'utf8')), configFile, {}), 'apihealth').vantageDeadman!;
    const query = async (expr: string) =>
      ((await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as { data: { result: { metric: Record<string, string> }[] } }).data.result;
    const absent = await until(async () => {
      const result = await query(rule.expr);
      return result.length > 0 ? result : undefined;
    }, "the deadman's condition for ulsfo");
    expect(absent.map((r) => r.metric.vantage)).toEqual(['ulsfo']);
    const alert = await until(async () => {
      const global = await firing('global');
      return global?.annotations.vantages === 'codfw,eqiad' ? global : undefined;
    }, 'the global alert to be decided by the two vantages left');
    expect(alert.labels.scope).toBe('global');
  }, 120_000);
});
