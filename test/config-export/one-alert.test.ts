import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { buildRuleExport, renderPrometheusRules } from '../../source/config-export/prometheus-rules.js';
import { METRIC } from '../../source/core/metric-names.js';
import { createChannel } from '../../source/notify/channels/registry.js';
import { toMessageItem } from '../../source/notify/stages/route.js';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startAlertmanager, startPrometheus, type RunningAlertmanager, type RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Alarm } from '../../source/core/alarm.js';

const integration = needsBinaries(['prometheus', 'prometheus-alertmanager']);

const CONFIG = (amUrl: string) => `
defaults: { window: 10s }
teams:
  search: { name: Search Platform }
channels:
  am: { type: alertmanager, url: "${amUrl}" }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 2%, severity: critical }
apis:
  search: { name: Search API, family: Search, owner: search, url: "https://api.example.org/search" }
`;

/** Every probe of `search` answers 500: api-health's own series and blackbox_exporter's, on one scrape target. */
function failingExporter(): Promise<LoopbackServer> {
  const started = Date.now();
  return listenOnLoopback((_req, res) => {
    const count = Math.round((Date.now() - started) / 100);
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      `${METRIC.probes}{api="search",team="search",family="Search",outcome="http_5xx",status_class="5xx"} ${count}\n` +
        'probe_http_status_code{api="search"} 500\nprobe_success{api="search"} 0\n',
    );
  });
}

integration.describe('one alarm through every api-health path, against the real Prometheus and Alertmanager', () => {
  const dir = tempDir('api-health-one-alert-');
  let am: RunningAlertmanager;
  let prometheus: RunningServer;
  let exporter: LoopbackServer;

  beforeAll(async () => {
    am = await startAlertmanager();
    exporter = await failingExporter();
    const config = parseConfigText(CONFIG(am.url), 'one-alert.yaml', {});
    const ruleFiles = (['apihealth', 'blackbox'] as const).map((flavour) => {
      const file = join(dir.path, `${flavour}.rules.yml`);
      writeFileSync(file, renderPrometheusRules(buildRuleExport(config, flavour), flavour));
      return file;
    });
    prometheus = await startPrometheus([`127.0.0.1:${exporter.port}`], { ruleFiles, alertmanager: am.url });
  }, 60_000);
  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
    await am?.stop();
    dir.remove();
  });

  integration.it('is one alert in Alertmanager, with one label set and one summary, when both rule flavours and the channel report it', async () => {
    const fromRules = await vi.waitFor(
      async () => {
        const alerts = await am.alerts();
        if (alerts.length === 0) throw new Error('no alert from the exported rules yet');
        return alerts;
      },
      { timeout: 40_000, interval: 250 },
    );
    const config = parseConfigText(CONFIG(am.url), 'one-alert.yaml', {});
    const now = Date.now();
    const alarm: Alarm = {
      id: 'search/High5xx', apiId: 'search', team: 'search', rule: 'High5xx', metric: 'error_rate_5xx', severity: 'critical', state: 'firing',
      comparison: 'above', value: 1, threshold: 0.02, since: now, startedAt: now, firingAt: now, transitions: [], flapping: false,
      escalationLevel: 0, summary: '5xx rate 100% above 2%',
    };
    const item = toMessageItem({ kind: 'firing', at: now, alarm }, config, 'team search', now);
    const sent = await createChannel(config.channels.am!, { clock: new ManualClock(now) }).send({ id: 'm-1', channel: 'am', groupKey: 'am/search', team: 'search', createdAt: now, items: [item] });
    expect(sent.ok).toBe(true);

    const alerts = await am.alerts();
    expect(fromRules).toHaveLength(1);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.labels).toEqual({ alertname: 'High5xx', api: 'search', team: 'search', severity: 'critical', family: 'Search' });
    expect(alerts[0]!.annotations.summary).toBe('Search API: 5xx rate above 2%');
    expect(fromRules[0]!.annotations.summary).toBe(alerts[0]!.annotations.summary);
  }, 60_000);
});
