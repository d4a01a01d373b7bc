import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import type { DeliveryRecord } from '../../source/core/delivery-record.js';
import { parseConfigText } from '../../source/config/load.js';
import { VERSION } from '../../source/config/resolve.js';
import { alarmLabels } from '../../source/core/labels.js';
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

function delivery(patch: Partial<DeliveryRecord>): DeliveryRecord {
  return {
    record: 'delivered',
    at: 0,
    messageId: 'm1',
    channel: 'mwi-slack',
    channelType: 'slack',
    events: [{ kind: 'firing', alarmId: 'page/HighLatency', route: 'team' }],
    attempt: 1,
    reason: '',
    ...patch,
  };
}

/** One message's whole path: queued, tried twice (the first failed), delivered. */
const oneMessage = (): DeliveryRecord[] => [
  delivery({ record: 'queued', attempt: 0 }),
  delivery({ record: 'attempt', attempt: 1 }),
  delivery({ record: 'retrying', attempt: 1, retryInMs: 1_000 }),
  delivery({ record: 'attempt', attempt: 2 }),
  delivery({ record: 'delivered', attempt: 2 }),
];

function populated(): Exporter {
  const exporter = new Exporter(config.apis);
  exporter.observe(sample('page', {}));
  exporter.observe(sample('page', { outcome: 'http_5xx', status: 503, totalMs: 40 }));
  exporter.observe(sample('orphan', { outcome: 'timeout', status: undefined, totalMs: undefined, elapsedMs: 2_000 }));
  exporter.setAlarms([alarm({}), alarm({ id: 'orphan/High5xx', apiId: 'orphan', team: undefined, rule: 'High5xx', severity: 'critical', state: 'pending' })]);
  for (const record of oneMessage()) exporter.recordDelivery(record);
  exporter.countTurns(() => ({ due: 12_000, skipped: { concurrency: 6_840, per_host: 3, overrun: 0 }, late: 4_100 }));
  return exporter;
}

describe('Exporter', () => {
  integration.it('produces api-health metrics that promtool check metrics accepts without a single warning', async () => {
    const own = (await populated().exposition()).split('\n').filter((line) => /^(# (HELP|TYPE) )?apihealth_/.test(line));
    const result = await runTool('promtool', ['check', 'metrics'], `${own.join('\n')}\n`);
    expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
  });

  integration.it("lints clean but for prom-client's three standard Node.js gauges, whose names stock dashboards query", async () => {
    const result = await runTool('promtool', ['check', 'metrics'], await populated().exposition());
    expect((result.stdout + result.stderr).trim().split('\n').sort()).toEqual(
      ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'].map(
        (name) => `${name} non-counter metrics should not have "_total" suffix`,
      ),
    );
  });

  it('counts probes by outcome and status class, labelled with api, team (or unassigned) and family', async () => {
    const text = await populated().exposition();
    expect(text).toContain('apihealth_probes_total{api="page",team="mwi",family="MediaWiki REST",outcome="ok",status_class="2xx"} 1');
    expect(text).toContain('apihealth_probes_total{api="page",team="mwi",family="MediaWiki REST",outcome="http_5xx",status_class="5xx"} 1');
    expect(text).toContain('apihealth_probes_total{api="orphan",team="unassigned",family="Other",outcome="timeout",status_class="none"} 1');
  });

  it('observes latency in seconds for probes that got a response', async () => {
    const text = await populated().exposition();
    expect(text).toContain('apihealth_probe_duration_seconds_count{api="page",team="mwi",family="MediaWiki REST"} 2');
    expect(text).toContain('apihealth_probe_duration_seconds_sum{api="page",team="mwi",family="MediaWiki REST"} 0.16');
    expect(text).toContain('apihealth_probe_duration_seconds_bucket{le="0.05",api="page",team="mwi",family="MediaWiki REST"} 1');
  });

  it('observes a probe without a response at the time it took to fail, so a timing-out API is slow, not absent', async () => {
    const text = await populated().exposition();
    expect(text).toContain('apihealth_probe_duration_seconds_count{api="orphan",team="unassigned",family="Other"} 1');
    expect(text).toContain('apihealth_probe_duration_seconds_bucket{le="1.5",api="orphan",team="unassigned",family="Other"} 0');
    expect(text).toContain('apihealth_probe_duration_seconds_bucket{le="2",api="orphan",team="unassigned",family="Other"} 1');
  });

  it('observes no latency for a throttled turn, which sent nothing', async () => {
    const exporter = new Exporter(config.apis);
    exporter.observe(sample('page', { outcome: 'throttled', status: undefined, totalMs: undefined }));
    expect(await exporter.exposition()).not.toContain('apihealth_probe_duration_seconds_count{api="page"');
  });

  it('shows one alarm series per current alarm and drops alarms that went away', async () => {
    const exporter = populated();
    expect(await exporter.exposition()).toContain(
      'apihealth_alarm_state{alertname="High5xx",api="orphan",team="unassigned",severity="critical",family="Other",state="pending"} 1',
    );
    exporter.setAlarms([alarm({ state: 'resolved' })]);
    const text = await exporter.exposition();
    expect(text).toContain('apihealth_alarm_state{alertname="HighLatency",api="page",team="mwi",severity="warning",family="MediaWiki REST",state="resolved"} 1');
    expect(text).not.toContain('state="firing"');
    expect(text).not.toContain('alertname="High5xx"');
  });

  it('labels an alarm series exactly as its alert is labelled, plus its state', async () => {
    const exporter = new Exporter(config.apis);
    const firing = alarm({});
    exporter.setAlarms([firing]);
    const [series] = (await exporter.registry.getSingleMetricAsString('apihealth_alarm_state')).split('\n').filter((l) => l.startsWith('apihealth_alarm_state{'));
    const labels = Object.fromEntries([...series!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(labels).toEqual({ ...alarmLabels(firing, 'MediaWiki REST'), state: 'firing' });
  });

  it('counts one message once in each notification counter: queued, delivered, and its attempts by result', async () => {
    const text = await populated().exposition();
    const own = 'channel="mwi-slack",type="slack",api="page",team="mwi",family="MediaWiki REST"';
    expect(text).toContain(`apihealth_notifications_queued_total{${own}} 1`);
    expect(text).toContain(`apihealth_notifications_delivered_total{${own}} 1`);
    expect(text).toContain(`apihealth_notification_attempts_total{${own},result="retrying"} 1`);
    expect(text).toContain(`apihealth_notification_attempts_total{${own},result="delivered"} 1`);
    expect(text).not.toContain('apihealth_notifications_failed_total{');
    expect(text).not.toContain('apihealth_notifications_total');
  });

  it('counts a message given up as failed, and a channel gone from the config as failed without an attempt', async () => {
    const exporter = new Exporter(config.apis);
    exporter.recordDelivery(delivery({ record: 'failed', attempt: 3 }));
    exporter.recordDelivery(delivery({ record: 'failed', attempt: 0, channelType: 'unknown', channel: 'gone' }));
    const text = await exporter.exposition();
    expect(text).toContain('apihealth_notifications_failed_total{channel="mwi-slack",type="slack",api="page",team="mwi",family="MediaWiki REST"} 1');
    expect(text).toContain('apihealth_notifications_failed_total{channel="gone",type="unknown",api="page",team="mwi",family="MediaWiki REST"} 1');
    expect(text).toContain('apihealth_notification_attempts_total{channel="mwi-slack",type="slack",api="page",team="mwi",family="MediaWiki REST",result="failed"} 1');
    expect(text).not.toContain('apihealth_notification_attempts_total{channel="gone"');
  });

  it('counts a message about two APIs once for each, and a test message without api or team', async () => {
    const exporter = new Exporter(config.apis);
    const events: DeliveryRecord['events'] = [
      { kind: 'firing', alarmId: 'page/HighLatency', route: 'team' },
      { kind: 'firing', alarmId: 'page/High5xx', route: 'team' },
      { kind: 'firing', alarmId: 'orphan/High5xx', route: 'team' },
    ];
    exporter.recordDelivery(delivery({ events }));
    exporter.recordDelivery(delivery({ events: [], channel: 'desk', channelType: 'webhook' }));
    const text = await exporter.exposition();
    expect(text).toContain('apihealth_notifications_delivered_total{channel="mwi-slack",type="slack",api="page",team="mwi",family="MediaWiki REST"} 1');
    expect(text).toContain('apihealth_notifications_delivered_total{channel="mwi-slack",type="slack",api="orphan",team="unassigned",family="Other"} 1');
    expect(text).toContain('apihealth_notifications_delivered_total{channel="desk",type="webhook"} 1');
  });

  it('serves the process and Node.js metrics and the build version', async () => {
    const text = await populated().exposition();
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(text).toContain(`apihealth_build_info{version="${VERSION}"} 1`);
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
