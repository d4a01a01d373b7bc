import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import { parseConfigText } from '../../source/config/load.js';
import { Exporter } from '../../source/metrics-endpoint/exporter.js';
import { startMetricsServer, type MetricsServer } from '../../source/metrics-endpoint/metrics-server.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { runTool } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';

const integration = needsBinaries(['promtool']);

const config = parseConfigText(
  `
teams:
  mwi: { name: MediaWiki Interfaces }
apis:
  page: { family: MediaWiki REST, owner: mwi, url: "http://127.0.0.1:1/page" }
  orphan: { url: "http://127.0.0.1:1/orphan" }
`,
  'test.yaml',
  {},
);

const sample = (apiId: string, patch: Partial<ProbeSample>): ProbeSample => ({ apiId, at: 0, outcome: 'ok', status: 200, totalMs: 120, ...patch });

function alarm(patch: Partial<Alarm>): Alarm {
  return {
    id: 'page/HighLatency',
    apiId: 'page',
    team: 'mwi',
    rule: 'HighLatency',
    metric: 'latency_p95',
    severity: 'warning',
    state: 'firing',
    comparison: 'above',
    value: 900,
    threshold: 800,
    since: 0,
    startedAt: 0,
    transitions: [],
    flapping: false,
    escalationLevel: 0,
    summary: 'p95 latency 900ms above 800ms',
    ...patch,
  };
}

function populated(): Exporter {
  const exporter = new Exporter(config.apis);
  exporter.observe(sample('page', {}));
  exporter.observe(sample('page', { outcome: 'http_5xx', status: 503, totalMs: 40 }));
  exporter.observe(sample('orphan', { outcome: 'timeout', status: undefined, totalMs: undefined }));
  exporter.setAlarms([alarm({}), alarm({ id: 'orphan/High5xx', apiId: 'orphan', team: undefined, rule: 'High5xx', severity: 'critical', state: 'pending' })]);
  exporter.recordDeliveries([
    { channel: 'mwi-slack', type: 'slack', outcome: 'delivered' },
    { channel: 'mwi-slack', type: 'slack', outcome: 'failed' },
  ]);
  exporter.countTurns(() => ({ due: 12_000, skipped: { concurrency: 6_840, per_host: 3, overrun: 0 }, late: 4_100 }));
  return exporter;
}

describe('Exporter', () => {
  integration.it('produces an exposition that promtool check metrics accepts without a single warning', async () => {
    const result = await runTool('promtool', ['check', 'metrics'], await populated().exposition());
    expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
  });

  it('counts probes by outcome and status class, labelled with api, team (or unassigned) and family', async () => {
    const text = await populated().exposition();
    expect(text).toContain('apihealth_probes_total{api="page",team="mwi",family="MediaWiki REST",outcome="ok",status_class="2xx"} 1');
    expect(text).toContain('apihealth_probes_total{api="page",team="mwi",family="MediaWiki REST",outcome="http_5xx",status_class="5xx"} 1');
    expect(text).toContain('apihealth_probes_total{api="orphan",team="unassigned",family="Other",outcome="timeout",status_class="none"} 1');
  });

  it('observes latency in seconds, only for probes that got a response', async () => {
    const text = await populated().exposition();
    expect(text).toContain('apihealth_probe_duration_seconds_count{api="page",team="mwi",family="MediaWiki REST"} 2');
    expect(text).toContain('apihealth_probe_duration_seconds_sum{api="page",team="mwi",family="MediaWiki REST"} 0.16');
    expect(text).toContain('apihealth_probe_duration_seconds_bucket{le="0.05",api="page",team="mwi",family="MediaWiki REST"} 1');
    expect(text).not.toContain('apihealth_probe_duration_seconds_count{api="orphan"');
  });

  it('shows one alarm series per current alarm and drops alarms that went away', async () => {
    const exporter = populated();
    expect(await exporter.exposition()).toContain('apihealth_alarm_state{api="orphan",team="unassigned",rule="High5xx",severity="critical",state="pending"} 1');
    exporter.setAlarms([alarm({ state: 'resolved' })]);
    const text = await exporter.exposition();
    expect(text).toContain('apihealth_alarm_state{api="page",team="mwi",rule="HighLatency",severity="warning",state="resolved"} 1');
    expect(text).not.toContain('state="firing"');
    expect(text).not.toContain('rule="High5xx"');
  });

  it('counts notification deliveries by channel, type and outcome', async () => {
    const text = await populated().exposition();
    expect(text).toContain('apihealth_notifications_total{channel="mwi-slack",type="slack",outcome="delivered"} 1');
    expect(text).toContain('apihealth_notifications_total{channel="mwi-slack",type="slack",outcome="failed"} 1');
  });

  it('counts probe turns due, skipped by what held them back, and late, as the scheduler has them at the scrape', async () => {
    let due = 12_000;
    const exporter = populated();
    exporter.countTurns(() => ({ due, skipped: { concurrency: 6_840, per_host: 3, overrun: 0 }, late: 4_100 }));
    due = 12_500;
    const text = await exporter.exposition();
    expect(text).toContain('apihealth_probes_due_total 12500');
    expect(text).toContain('apihealth_probes_skipped_total{reason="concurrency"} 6840');
    expect(text).toContain('apihealth_probes_skipped_total{reason="per_host"} 3');
    expect(text).toContain('apihealth_probes_skipped_total{reason="overrun"} 0');
    expect(text).toContain('apihealth_probes_late_total 4100');
  });

  it('keeps two exporters apart and registers nothing globally', async () => {
    const { register } = await import('prom-client');
    const a = new Exporter(config.apis);
    const b = new Exporter(config.apis);
    a.observe(sample('page', {}));
    expect(await b.exposition()).not.toContain('apihealth_probes_total{');
    expect(await register.getMetricsAsJSON()).toEqual([]);
  });
});

describe('startMetricsServer', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves the exposition on GET /metrics with the Prometheus content type, on loopback by default', async () => {
    server = await startMetricsServer({ exporter: populated(), port: 0 });
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await response.text()).toContain('apihealth_probes_total');
  });

  it('answers 404 for any other path', async () => {
    server = await startMetricsServer({ exporter: populated(), port: 0 });
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(response.status).toBe(404);
  });
});
