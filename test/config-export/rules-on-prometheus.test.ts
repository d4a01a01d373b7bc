import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { buildRuleExport } from '../../source/config-export/prometheus-rules.js';
import { createRuntime, type Runtime } from '../../source/engine/runtime.js';
import { Exporter } from '../../source/metrics-endpoint/exporter.js';
import { startMetricsServer, type MetricsServer } from '../../source/metrics-endpoint/metrics-server.js';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { startPrometheus, type RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';

const integration = needsBinaries(['prometheus']);

type Vector = { metric: Record<string, string>; value: [number, string] }[];

/** Polls an instant query until `accept` takes its answer. */
async function queryUntil(prometheus: RunningServer, query: string, accept: (result: Vector) => boolean, what: string): Promise<Vector> {
  const deadline = Date.now() + 30_000;
  let last: Vector = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`);
    last = ((await response.json()) as { data: { result: Vector } }).data.result;
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}; last answer ${JSON.stringify(last)} to ${query}`);
}

integration.describe('exported rules, evaluated by a real Prometheus scraping a real monitor', () => {
  let hanging: LoopbackServer;
  let runtime: Runtime;
  let metrics: MetricsServer;
  let prometheus: RunningServer;
  let requests = 0;
  const config = (url: string) =>
    parseConfigText(
      `
defaults: { interval: 500ms, timeout: 300ms, window: 10s }
teams: { mwi: { name: MediaWiki Interfaces } }
rules:
  - { name: HighLatency, metric: latency_p95, above: 200ms, severity: warning }
apis:
  hang: { owner: mwi, url: "${url}" }
`,
      'hanging.yaml',
      {},
    );
  let exported: ReturnType<typeof buildRuleExport>;

  beforeAll(async () => {
    // Never answers: every probe times out.
    hanging = await listenOnLoopback(() => {
      requests++;
    });
    const fleet = config(hanging.url('/'));
    exported = buildRuleExport(fleet, 'apihealth');
    const exporter = new Exporter(fleet.apis);
    runtime = createRuntime(fleet, { exporter });
    metrics = await startMetricsServer({ exporter, port: 0 });
    prometheus = await startPrometheus([`127.0.0.1:${metrics.port}`]);
    runtime.start();
  }, 30_000);

  afterAll(async () => {
    await runtime?.stop();
    await metrics?.close();
    await prometheus?.stop();
    await hanging?.close();
  });

  it('the HighLatency rule sees an API whose every probe times out', async () => {
    const rule = exported.alerts.find((a) => a.alert === 'HighLatency')!;
    const result = await queryUntil(prometheus, rule.expr, (r) => r.length === 1, 'the HighLatency expression to hold');
    expect(Number(result[0]!.value[1])).toBeGreaterThan(0.2);
    expect(requests).toBeGreaterThan(0);
  }, 40_000);

  it('the deadman rule holds nothing while the monitor is scraped, and fires for the team once it is gone', async () => {
    const [deadman] = exported.deadman;
    await queryUntil(prometheus, 'apihealth_probes_total', (r) => r.length > 0, 'probe series in Prometheus');
    expect(await queryUntil(prometheus, deadman!.expr, (r) => r.length === 0, 'a quiet deadman')).toEqual([]);
    await metrics.close();
    const result = await queryUntil(prometheus, deadman!.expr, (r) => r.length === 1, 'the deadman expression to hold');
    expect(result[0]!.metric).toEqual({ team: 'mwi' });
  }, 40_000);
});
