import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Agent } from 'undici';
import { parseConfigText } from '../../source/config/load.js';
import { readVantages } from '../../source/engine/vantage-poller.js';
import { Exporter } from '../../source/metrics-endpoint/exporter.js';
import { startMetricsServer, type MetricsServer } from '../../source/metrics-endpoint/metrics-server.js';
import type { VantageStates } from '../../source/state/vantage-view.js';
import { runBinary } from '../helpers/cli-binary.js';
import { startPrometheus, type RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const integration = needsBinaries(['prometheus']);
const VANTAGES = ['eqiad', 'codfw', 'ulsfo'];

/**
 * Three exporters as three data centres' monitors would fill them: every 100 ms a probe of `page`, which fails
 * with a 5xx only from codfw. A real Prometheus scrapes them; the reads go to it.
 */
integration.describe('what the vantages see, read from a real Prometheus', () => {
  const dir = tempDir('api-health-vantages-');
  const servers: MetricsServer[] = [];
  let prometheus: RunningServer;
  let feeding: NodeJS.Timeout;
  let configFile: string;
  const dispatcher = new Agent();
  const yaml = (prometheusUrl: string): string =>
    [
      'defaults: { interval: 1s, timeout: 2s, window: 10s, quorum: 2, minSamples: 1 }',
      `shared: { prometheus: "${prometheusUrl}" }`,
      'rules:',
      '  - { name: High5xx, metric: error_rate_5xx, above: 20% }',
      'apis:',
      '  page: { name: Page API, url: "http://127.0.0.1:9/page" }',
      '  search: { name: Search API, url: "http://127.0.0.1:9/search" }',
      '',
    ].join('\n');

  beforeAll(async () => {
    const fleet = parseConfigText(yaml('http://127.0.0.1:9'), 'fleet.yaml', {});
    const exporters = VANTAGES.map((vantage) => ({ vantage, exporter: new Exporter(fleet.apis, vantage) }));
    for (const { exporter } of exporters) servers.push(await startMetricsServer({ exporter, port: 0 }));
    feeding = setInterval(() => {
      for (const { vantage, exporter } of exporters) {
        const failing = vantage === 'codfw';
        exporter.observe({ apiId: 'page', at: Date.now(), outcome: failing ? 'http_5xx' : 'ok', status: failing ? 503 : 200, totalMs: failing ? 300 : 40 });
        exporter.observe({ apiId: 'search', at: Date.now(), outcome: 'ok', status: 200, totalMs: 40 });
      }
    }, 100);
    prometheus = await startPrometheus(servers.map((s) => `127.0.0.1:${s.port}`));
    configFile = join(dir.path, 'fleet.yaml');
    writeFileSync(configFile, yaml(prometheus.url));
  }, 60_000);

  afterAll(async () => {
    clearInterval(feeding);
    await prometheus?.stop();
    for (const server of servers) await server.close();
    await dispatcher.close();
    dir.remove();
  });

  /** Reads until codfw's failing shows (a few scrapes in), or gives up after a generous wait. */
  async function settled(): Promise<VantageStates> {
    const config = parseConfigText(yaml(prometheus.url), 'fleet.yaml', {});
    let last: unknown;
    for (const deadline = Date.now() + 45_000; Date.now() < deadline; await sleep(500)) {
      const read = await readVantages({ config, prometheus: prometheus.url, dispatcher, timeoutMs: 5_000 });
      last = read;
      if (read.ok && read.states.page?.vantages.length === 3 && read.states.page.vantages.some((v) => v.failing) && read.states.page.vantages.every((v) => v.p95Ms !== undefined)) return read.states;
    }
    throw new Error(`the vantages never settled: ${JSON.stringify(last)}`);
  }

  it('tells each API\'s vantages apart: failing from codfw only, under a quorum of 2', async () => {
    const states = await settled();
    expect(states.page!.quorum).toBe(2);
    expect(states.page!.vantages.map((v) => [v.name, v.failing])).toEqual([
      ['codfw', true],
      ['eqiad', false],
      ['ulsfo', false],
    ]);
    expect(states.search!.vantages.map((v) => v.failing)).toEqual([false, false, false]);
  }, 60_000);

  it('reads the latency per vantage', async () => {
    const states = await settled();
    const p95 = Object.fromEntries(states.page!.vantages.map((v) => [v.name, v.p95Ms!]));
    expect(p95.codfw).toBeGreaterThan(250);
    expect(p95.eqiad).toBeLessThan(100);
  }, 60_000);

  it('check --all-vantages reports what the other vantages see, as JSON and as a table', async () => {
    await settled();
    const json = await runBinary(['check', '--config', configFile, '--duration', '500ms', '--json', '--all-vantages', '--vantage', 'eqiad', '--state-dir', join(dir.path, 'state')], { timeoutMs: 30_000 });
    const report = JSON.parse(json.stdout) as { vantage: string; vantages: Record<string, { verdict?: { scope: string; text: string } }> };
    expect(report.vantage).toBe('eqiad');
    expect(report.vantages.page!.verdict).toEqual({ scope: 'regional', text: 'failing from codfw only' });
    expect(report.vantages.search!.verdict).toBeUndefined();
    const table = await runBinary(['check', '--config', configFile, '--duration', '500ms', '--all-vantages', '--vantage', 'eqiad', '--state-dir', join(dir.path, 'state')], { timeoutMs: 30_000 });
    expect(table.stdout).toMatch(/^ {2}page {4}codfw ✘ {2}eqiad\* ● {2}ulsfo ● {2}failing from codfw only \(regional\)$/m);
  }, 60_000);
});
