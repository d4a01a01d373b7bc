import { afterAll, beforeAll, expect, vi } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { renderAlertmanagerConfig } from '../../source/config-export/alertmanager-config.js';
import type { Alarm } from '../../source/core/alarm.js';
import type { ChannelConfig } from '../../source/config/types.js';
import { createChannel } from '../../source/notify/channels/registry.js';
import { toMessageItem } from '../../source/notify/stages/route.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startAlertmanager, type RunningAlertmanager } from '../helpers/real-binaries.js';
import { Receiver } from '../helpers/receiver.js';
import { needsBinaries } from '../helpers/system-binaries.js';

const integration = needsBinaries(['prometheus-alertmanager']);

const ENV = { SLACK_URL: 'https://hooks.slack.com/services/T0/B0/sekrit', PD_KEY: 'sekritpagerdutyroutingkey0123456' };

const CONFIG = (pagerdutyUrl: string) => `
teams:
  search: { name: Search Platform, notify: [search-slack, search-pd] }
  mwi: { name: MediaWiki Interfaces, notify: [search-slack, search-pd] }
channels:
  search-slack: { type: slack, url: "\${SLACK_URL}" }
  search-pd: { type: pagerduty, routingKey: "\${PD_KEY}", url: "${pagerdutyUrl}" }
  am: { type: alertmanager, url: "http://127.0.0.1:9" }
notifications: { groupWait: 1s, groupInterval: 1s, repeat: 1h }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 2%, severity: critical }
  - { name: HighLatency, metric: latency_p95, above: 800ms, severity: warning }
apis:
  search: { name: Search API, owner: search, url: "https://api.example.org/search" }
  page: { name: Page API, owner: mwi, url: "https://api.example.org/page" }
`;

function alarm(apiId: string, team: string, rule: 'High5xx' | 'HighLatency', now: number): Alarm {
  const latency = rule === 'HighLatency';
  return {
    id: `${apiId}/${rule}`, apiId, team, rule, metric: latency ? 'latency_p95' : 'error_rate_5xx', severity: latency ? 'warning' : 'critical',
    state: 'firing', comparison: 'above', value: latency ? 1200 : 0.05, threshold: latency ? 800 : 0.02, since: now, startedAt: now, firingAt: now,
    transitions: [], flapping: false, escalationLevel: 0, summary: latency ? 'p95 latency 1.2s above 800ms' : '5xx rate 5% above 2%',
  };
}

interface SlackBody {
  attachments: { title: string; text: string }[];
}
interface PagerDutyBody {
  payload: { summary: string; severity: string; custom_details: { alerts: string } };
}

integration.describe('exported receiver templates, rendered by the real Alertmanager', () => {
  const slack = new Receiver();
  const pagerduty = new Receiver({ status: 202, body: '{"status":"success"}' });
  let am: RunningAlertmanager;
  let config: ReturnType<typeof parseConfigText>;

  beforeAll(async () => {
    await slack.listen();
    await pagerduty.listen();
    config = parseConfigText(CONFIG(pagerduty.url('/v2/enqueue')), 'templates.yaml', ENV);
    const exported = renderAlertmanagerConfig(config).replace('https://<SLACK_URL>', slack.url('/slack'));
    am = await startAlertmanager({ config: exported });
  }, 30_000);
  afterAll(async () => {
    await am?.stop();
    await slack.close();
    await pagerduty.close();
  });

  async function deliver(alarms: Alarm[]): Promise<{ slack: SlackBody; pagerduty: PagerDutyBody }> {
    const now = Date.now();
    const items = alarms.map((a) => toMessageItem({ kind: 'firing', at: now, alarm: a }, config, 'test', now));
    const sent = await createChannel({ ...config.channels.am!, url: am.url } as ChannelConfig, { clock: new ManualClock(now) }).send({ id: 'm', channel: 'am', groupKey: 'am', team: alarms[0]!.team, createdAt: now, items });
    expect(sent.ok).toBe(true);
    const team = alarms[0]!.team!;
    const find = <T>(receiver: Receiver, test: (body: T) => boolean): T | undefined => receiver.requests.map((r) => r.json as T).find(test);
    return vi.waitFor(
      () => {
        const s = find<SlackBody>(slack, (b) => b.attachments[0]!.text.includes(alarms[0]!.apiId === 'search' ? 'Search API' : 'Page API'));
        const p = find<PagerDutyBody>(pagerduty, (b) => b.payload.custom_details.alerts.includes(alarms[0]!.apiId === 'search' ? 'Search API' : 'Page API'));
        if (!s || !p) throw new Error(`no notification for team ${team} yet`);
        return { slack: s, pagerduty: p };
      },
      { timeout: 20_000, interval: 100 },
    );
  }

  integration.it('a group of two alerts has a title that counts them, a text that lists both, and a PagerDuty summary', async () => {
    const now = Date.now();
    const { slack: s, pagerduty: p } = await deliver([alarm('search', 'search', 'High5xx', now), alarm('search', 'search', 'HighLatency', now)]);
    expect(s.attachments[0]!.title).toBe('[FIRING] team search: 2 alerts (2 firing, 0 resolved)');
    expect(s.attachments[0]!.text).toContain('[CRITICAL] Search API: 5xx rate above 2%');
    expect(s.attachments[0]!.text).toContain('[WARNING] Search API: p95 latency above 800ms');
    expect(p.payload.summary).toBe('[FIRING] team search: 2 alerts (2 firing, 0 resolved)');
    expect(p.payload.severity).toBe('error');
    expect(p.payload.custom_details.alerts).toContain('[WARNING] Search API: p95 latency above 800ms');
  }, 30_000);

  integration.it('a lone alert is titled with its severity and summary', async () => {
    const { slack: s, pagerduty: p } = await deliver([alarm('page', 'mwi', 'HighLatency', Date.now())]);
    expect(s.attachments[0]!.title).toBe('[WARNING] Page API: p95 latency above 800ms');
    expect(p.payload.summary).toBe('[WARNING] Page API: p95 latency above 800ms');
    expect(p.payload.severity).toBe('warning');
  }, 30_000);

  integration.it('writes the templates into the exported file, with no secret in it', () => {
    const text = renderAlertmanagerConfig(config);
    expect(text).not.toContain(ENV.SLACK_URL);
    expect(text).not.toContain(ENV.PD_KEY);
    expect(text).not.toContain('CommonAnnotations');
  });
});
