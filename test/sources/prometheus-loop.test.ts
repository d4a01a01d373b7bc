import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import type { Config } from '../../source/config/types.js';
import { systemClock } from '../../source/core/clock.js';
import { createRuntime, type Runtime } from '../../source/engine/runtime.js';
import { Exporter } from '../../source/metrics-endpoint/exporter.js';
import { startMetricsServer, type MetricsServer } from '../../source/metrics-endpoint/metrics-server.js';
import type { MetricSummary } from '../../source/metrics/summary.js';
import type { SourceFigures } from '../../source/sources/external-figures.js';
import { PrometheusFigures } from '../../source/sources/prometheus-figures.js';
import { freePort, listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { startPrometheus, type RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { waitFor } from '../helpers/wait-for.js';

const DELAY_MS = 30;
const integration = needsBinaries(['prometheus']);

function readingConfig(prometheusUrl: string, queries: Record<string, string>, extra = ''): Config {
  const lines = Object.entries(queries).map(([metric, query]) => `      ${metric}: ${JSON.stringify(query)}`);
  return parseConfigText(
    `
defaults: { interval: 1s, window: 30s }
sources:
  prom: { type: prometheus, url: "${prometheusUrl}" }
apis:
  read-back:
    source: prom
${extra}    queries:
${lines.join('\n')}
`,
    'reading.yaml',
    {},
  );
}

integration.describe('Prometheus as scraper and data source, end to end', () => {
  let api: LoopbackServer;
  let probing: Runtime;
  let metrics: MetricsServer;
  let prometheus: RunningServer;
  const dispatcher = new Agent();
  let requests = 0;

  beforeAll(async () => {
    api = await listenOnLoopback((_request, response) => {
      const fail = ++requests % 4 === 0;
      setTimeout(() => response.writeHead(fail ? 503 : 200).end(fail ? 'down' : 'ok'), DELAY_MS);
    });
    const config = parseConfigText(
      `
defaults: { interval: 200ms }
teams: { mwi: { name: MediaWiki Interfaces } }
apis:
  loop: { family: Loop, owner: mwi, url: "${api.url('/')}" }
`,
      'probing.yaml',
      {},
    );
    const exporter = new Exporter(config.apis);
    probing = createRuntime(config, { exporter });
    metrics = await startMetricsServer({ exporter, port: 0 });
    prometheus = await startPrometheus([`127.0.0.1:${metrics.port}`]);
    probing.start();
  }, 30_000);

  afterAll(async () => {
    await probing?.stop();
    await metrics?.close();
    await prometheus?.stop();
    await dispatcher.close();
    await api?.close();
  });

  it('reads back the p95 latency and 5xx rate that our own probes exported', async () => {
    // A 10 s rate taken over the first two or three scrapes can read 2 failures in 5; with a full
    // window of scrapes behind it (50 probes at 200 ms) the ratio settles near the 1 in 4 served.
    await waitFor(() => (requests >= 60 ? true : undefined), { timeoutMs: 20_000, everyMs: 100, what: 'a full rate window of probes' });
    const reading = readingConfig(prometheus.url, {
      latency_p95: 'histogram_quantile(0.95, sum by (le) (rate(apihealth_probe_duration_seconds_bucket{api="loop"}[5s])))',
      error_rate_5xx: 'sum(rate(apihealth_probes_total{api="loop",outcome="http_5xx"}[10s])) / sum(rate(apihealth_probes_total{api="loop"}[10s]))',
    });
    const runtime = createRuntime(reading, { sourceDispatcher: dispatcher, flushMs: 100 });
    runtime.start();
    try {
      const summary = await waitFor(
        () => {
          const s = runtime.store.getState().metrics['read-back'];
          return s?.latency.p95 !== undefined && (s.errorRate5xx ?? 0) > 0 ? s : undefined;
        },
        { timeoutMs: 20_000, everyMs: 100, what: 'figures from Prometheus' },
      );
      // A 30 ms probe lands in the 25-50 ms bucket, Prometheus interpolates inside it; a loaded machine can
      // push some probes a bucket up. Milliseconds either way: seconds would read 0.03, microseconds 30,000.
      expect(summary.latency.p95).toBeGreaterThan(25);
      expect(summary.latency.p95).toBeLessThanOrEqual(250);
      expect(summary.errorRate5xx).toBeGreaterThan(0.15);
      expect(summary.errorRate5xx).toBeLessThan(0.35);
      expect(summary.lastOutcome).toBe('ok');
    } finally {
      await runtime.stop();
    }
  }, 45_000);

  it('back-fills the sparkline from a range query at start-up', async () => {
    await sleep(3_000);
    const reading = readingConfig(prometheus.url, {
      latency_p50: 'histogram_quantile(0.5, sum by (le) (rate(apihealth_probe_duration_seconds_bucket{api="loop"}[5s])))',
    });
    const figures = new PrometheusFigures({ config: reading, clock: systemClock, dispatcher });
    const changes: number[] = [];
    figures.start(() => changes.push(figures.read('read-back', Date.now())!.history.length));
    try {
      await waitFor(() => (changes.length > 0 ? true : undefined), { timeoutMs: 10_000, everyMs: 100, what: 'the first change' });
      expect(changes[0]).toBeGreaterThan(1);
      const history = figures.read('read-back', Date.now())!.history;
      for (const ms of history) expect(ms).toBeGreaterThan(20);
    } finally {
      await figures.stop();
    }
  }, 15_000);

  describe('errors are values on the API, never a crash', () => {
    async function firstError(config: Config): Promise<SourceFigures> {
      const figures = new PrometheusFigures({ config, clock: systemClock, dispatcher });
      let seen: SourceFigures | undefined;
      figures.start((id) => {
        const read = figures.read(id, Date.now())!;
        if (read.currentError) seen ??= read;
      });
      try {
        return await waitFor(() => seen, { timeoutMs: 10_000, everyMs: 100, what: 'an error' });
      } finally {
        await figures.stop();
      }
    }

    it('a query Prometheus cannot parse shows Prometheus own error text', async () => {
      const figures = await firstError(readingConfig(prometheus.url, { error_rate: 'sum(rate(' }));
      expect(figures.currentError!.message).toMatch(/^prometheus prom: bad_data: .*parse error/);
    });

    it('a query with no matching series says there is no data', async () => {
      const figures = await firstError(readingConfig(prometheus.url, { error_rate: 'sum(no_such_metric_anywhere)' }));
      expect(figures.currentError!.message).toContain('no data');
    });

    it('a query that answers NaN is an error, not a figure', async () => {
      const figures = await firstError(readingConfig(prometheus.url, { error_rate: 'vector(0) / 0' }));
      expect(figures.currentError!.message).toContain('NaN');
      expect(figures.values.error_rate).toBeUndefined();
    });

    it('a query answering several series asks for an aggregation', async () => {
      const figures = await firstError(readingConfig(prometheus.url, { error_rate: 'apihealth_probes_total' }));
      expect(figures.currentError!.message).toMatch(/returned \d+ series; aggregate it to one/);
    });

    it('a Prometheus that is down is "connection refused" on the API', async () => {
      const port = await freePort();
      const figures = await firstError(readingConfig(`http://127.0.0.1:${port}`, { error_rate: 'vector(0)' }));
      expect(figures.currentError).toMatchObject({ outcome: 'connection_refused' });
      expect(figures.currentError!.message).toContain('unreachable');
    });

    it('reaches the dashboard as the API\'s last error while other APIs carry on', async () => {
      const reading = readingConfig(prometheus.url, { error_rate: 'sum(rate(' });
      const runtime = createRuntime(reading, { sourceDispatcher: dispatcher, flushMs: 100 });
      runtime.start();
      try {
        const summary: MetricSummary = await waitFor(() => {
          const s = runtime.store.getState().metrics['read-back'];
          return s?.lastError ? s : undefined;
        }, { timeoutMs: 10_000, everyMs: 100, what: 'the error in the store' });
        expect(summary.lastErrorMessage).toContain('bad_data');
      } finally {
        await runtime.stop();
      }
    });
  });
});
