import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import type { Config } from '../../source/config/types.js';
import { createRuntime, type Runtime } from '../../source/engine/runtime.js';
import type { MetricSummary } from '../../source/metrics/summary.js';
import type { CheckReport } from '../../source/report/check-report.js';
import { CliProcess } from '../helpers/cli-binary.js';
import { startPrometheus, type RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const integration = needsBinaries(['prometheus']);

/** One API read from a Prometheus source alone, its 5xx rate from `query`, with a High5xx rule that may fire on two readings. */
function sourceYaml(prometheusUrl: string, query: string): string {
  return `
defaults: { interval: 1s, timeout: 1s, window: 30s }
teams: { mwi: { name: MediaWiki Interfaces } }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 10%, severity: critical, minSamples: 2 }
sources:
  prom: { type: prometheus, url: "${prometheusUrl}" }
apis:
  aqs:
    owner: mwi
    source: prom
    queries:
      error_rate_5xx: ${JSON.stringify(query)}
      latency_p95: "vector(0.12)"
`;
}

integration.describe('an API read from a real Prometheus', () => {
  let prometheus: RunningServer;
  const dispatcher = new Agent();
  const dir = tempDir('api-health-source-health-');

  beforeAll(async () => {
    prometheus = await startPrometheus();
  }, 30_000);
  afterAll(async () => {
    await prometheus?.stop();
    await dispatcher.close();
    dir.remove();
  });

  async function running(config: Config, until: (summary: MetricSummary, runtime: Runtime) => boolean, what: string): Promise<Runtime> {
    const runtime = createRuntime(config, { sourceDispatcher: dispatcher, flushMs: 100 });
    runtime.start();
    await waitFor(
      () => {
        const summary = runtime.store.getState().metrics.aqs;
        return summary !== undefined && until(summary, runtime);
      },
      { timeoutMs: 20_000, everyMs: 100, what },
    );
    return runtime;
  }

  const health = (runtime: Runtime): string | undefined => runtime.store.getState().health.of.get('aqs');
  const rule = (runtime: Runtime) => runtime.store.getState().ruleStatus.aqs?.find((r) => r.rule === 'High5xx');

  it('a query with no series is no data in the store: no 5xx rate, no availability, High5xx not "ok", health not healthy', async () => {
    const config = parseConfigText(sourceYaml(prometheus.url, 'sum(no_such_metric_anywhere)'), 'nodata.yaml', {});
    const runtime = await running(config, (s) => s.samples >= 3 && s.lastErrorMessage !== undefined, 'three readings and the no-data error');
    try {
      const summary = runtime.store.getState().metrics.aqs!;
      expect(summary.lastErrorMessage).toContain('query returned no data');
      expect([summary.errorRate5xx, summary.errorRate, summary.availability]).toEqual([undefined, undefined, undefined]);
      expect(summary.sourced?.error_rate_5xx).toEqual({ source: 'prom' });
      expect(rule(runtime)).toEqual({ rule: 'High5xx', status: 'insufficient_data' });
      expect(health(runtime)).not.toBe('healthy');
    } finally {
      await runtime.stop();
    }
  }, 30_000);

  it('check --json, from the built program, reports such figures as null and the rule as insufficient data', async () => {
    const configFile = join(dir.path, 'nodata.yaml');
    writeFileSync(configFile, sourceYaml(prometheus.url, 'sum(no_such_metric_anywhere)'));
    const check = new CliProcess(['check', '--config', configFile, '--duration', '3s', '--json'], { cwd: dir.path });
    const exit = await check.exited;
    expect(check.stderr).not.toMatch(/at .*\.js:\d+/);
    const report = JSON.parse(check.stdout) as CheckReport;
    const aqs = report.apis.find((a) => a.id === 'aqs')!;
    expect({ errorRate5xx: aqs.errorRate5xx, errorRate: aqs.errorRate, availability: aqs.availability }).toEqual({ errorRate5xx: null, errorRate: null, availability: null });
    expect(aqs.health).not.toBe('healthy');
    expect(aqs.rules).toContainEqual({ rule: 'High5xx', status: 'insufficient_data' });
    expect(aqs.sourced?.error_rate_5xx).toEqual({ source: 'prom', at: null });
    expect(aqs.sourced?.latency_p95).toMatchObject({ source: 'prom', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(exit.code).not.toBe(0);
  }, 30_000);

  it('a source showing 73% 5xx with High5xx firing is failing, as a probed API would be', async () => {
    const config = parseConfigText(sourceYaml(prometheus.url, 'vector(0.73)'), 'five.yaml', {});
    const runtime = await running(config, (_s, r) => rule(r)?.status === 'firing', 'High5xx to fire');
    try {
      expect(runtime.store.getState().metrics.aqs!.errorRate5xx).toBe(0.73);
      expect(health(runtime)).toBe('failing');
    } finally {
      await runtime.stop();
    }
  }, 30_000);

  it('with Prometheus stopped, the figures go stale within the bound (2 intervals + timeout) and stop driving the alarm', async () => {
    const own = await startPrometheus();
    const config = parseConfigText(sourceYaml(own.url, 'vector(0.73)'), 'stopped.yaml', {});
    const runtime = await running(config, (_s, r) => rule(r)?.status === 'firing', 'High5xx to fire');
    try {
      await own.stop();
      const stoppedAt = Date.now();
      await waitFor(() => runtime.store.getState().metrics.aqs!.errorRate5xx === undefined, { timeoutMs: 15_000, everyMs: 100, what: 'the 5xx figure to go stale' });
      const staleAfter = Date.now() - stoppedAt;
      // The bound is 3 s; a reading takes up to its 1 s timeout to fail, the engine flushes every 100 ms. The room
      // is for a busy machine: figures that outlived the bound would last the 30 s window.
      expect(staleAfter).toBeLessThan(10_000);
      const summary = runtime.store.getState().metrics.aqs!;
      expect(summary.sourced?.error_rate_5xx).toMatchObject({ source: 'prom', staleValue: 0.73 });
      expect(summary.lastErrorMessage).toContain('unreachable');
      // A gap in data is not a recovery: the alarm still fires (no data), so its row stays held as failing.
      expect(health(runtime)).toBe('failing');
      await waitFor(() => rule(runtime)?.noData, { timeoutMs: 5_000, everyMs: 100, what: 'the rule to say it has no data' });
      expect(rule(runtime)).toEqual({ rule: 'High5xx', status: 'firing', noData: true });
    } finally {
      await runtime.stop();
      await own.stop();
    }
  }, 40_000);
});
