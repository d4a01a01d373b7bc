import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { startAlertmanager, type RunningAlertmanager } from '../../helpers/real-binaries.js';
import { needsBinaries } from '../../helpers/system-binaries.js';
import { waitFor } from '../../helpers/wait-for.js';
import { alarm, config, event, message } from '../helpers.js';

const integration = needsBinaries(['prometheus-alertmanager']);

integration.describe('alertmanager channel, against the real Alertmanager', () => {
  let am: RunningAlertmanager;
  beforeAll(async () => {
    am = await startAlertmanager();
  });
  afterAll(() => am?.stop());

  const now = Date.now();
  const firing = alarm({ apiId: 'search', rule: 'High5xx', firingAt: now - 60_000, startedAt: now - 120_000, since: now - 60_000 });

  it('posts firing alarms with the alarm labels (alertname, team, severity, api, family) and the annotations', async () => {
    const cfg = config(`channels:\n  am: { type: alertmanager, url: "${am.url}" }\n`);
    const result = await createChannel(cfg.channels.am!, { clock: new ManualClock(now) }).send(message(cfg, 'am', [event('firing', firing)], now));
    expect(result).toMatchObject({ ok: true, status: 200 });
    const alerts = await am.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.labels).toEqual({ alertname: 'High5xx', team: 'mwi', severity: 'critical', api: 'search', family: 'Other' });
    expect(alerts[0]!.annotations).toMatchObject({
      summary: 'Search API: 5xx rate above 2%',
      description: 'High5xx firing: 5xx rate 4.1% above 2%',
      runbook: 'https://wikitech.example.org/Search',
      dashboard: 'https://grafana.example.org/d/search',
    });
    expect(alerts[0]!.status.state).toBe('active');
    expect(Date.parse(alerts[0]!.startsAt)).toBe(now - 60_000);
  });

  it('refresh re-announces firing alarms (before resolve_timeout would end them)', async () => {
    const cfg = config(`channels:\n  am: { type: alertmanager, url: "${am.url}" }\n`);
    const notifier = createChannel(cfg.channels.am!, { clock: new ManualClock(now) });
    const other = alarm({ apiId: 'other', team: 'search', rule: 'HighLatency', firingAt: now - 1000, since: now - 1000 });
    const result = await notifier.refresh!(message(cfg, 'am', [event('firing', other)], now).items);
    expect(result.ok).toBe(true);
    const names = (await am.alerts()).map((a) => `${a.labels.api}/${a.labels.alertname}`).sort();
    expect(names).toContain('other/HighLatency');
  });

  it('sends endsAt on resolution, and Alertmanager ends the alert', async () => {
    const cfg = config(`channels:\n  am: { type: alertmanager, url: "${am.url}" }\n`);
    const resolvedAt = Date.now() - 1000;
    const resolved = { ...firing, state: 'resolved' as const, resolvedAt };
    const notifier = createChannel(cfg.channels.am!, { clock: new ManualClock(now) });
    await notifier.send(message(cfg, 'am', [event('firing', firing)], now));
    expect((await am.alerts()).some((a) => a.labels.api === 'search' && a.labels.alertname === 'High5xx')).toBe(true);
    const result = await notifier.send(message(cfg, 'am', [event('resolved', resolved, { at: resolvedAt })], now));
    expect(result.ok).toBe(true);
    expect((await am.alerts()).find((a) => a.labels.api === 'search' && a.labels.alertname === 'High5xx')).toBeUndefined();
  });

  describe('a refresh and a resolve of the same alarm', () => {
    /** Alertmanager behind a proxy that holds each refresh (a post without an Idempotency-Key) for `holdMs`. */
    async function slowRefreshes(holdMs: number): Promise<{ url: string; held: () => number; arrived: string[]; close: () => Promise<void> }> {
      const upstream = new URL(am.url);
      const arrived: string[] = [];
      let held = 0;
      const proxy = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const refresh = req.headers['idempotency-key'] === undefined;
          const forward = () => {
            arrived.push(refresh ? 'refresh' : 'send');
            const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { 'content-type': 'application/json' } }, (answer) => {
              res.writeHead(answer.statusCode!);
              answer.pipe(res);
            });
            out.end(body);
          };
          if (refresh) {
            held++;
            setTimeout(forward, holdMs);
          } else forward();
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, held: () => held, arrived, close: () => new Promise((resolve) => proxy.close(() => resolve())) };
    }

    it('reach Alertmanager in the order they were made: a slow refresh does not set a resolved alert firing again', async () => {
      const proxy = await slowRefreshes(1_000);
      try {
        const cfg = config(`channels:\n  am: { type: alertmanager, url: "${proxy.url}" }\n`);
        const notifier = createChannel(cfg.channels.am!, { clock: new ManualClock(now) });
        const flapping = alarm({ apiId: 'flap', rule: 'High5xx', firingAt: now - 60_000, startedAt: now - 120_000, since: now - 60_000 });
        await notifier.send(message(cfg, 'am', [event('firing', flapping)], now));
        const refreshed = notifier.refresh!(message(cfg, 'am', [event('firing', flapping)], now).items);
        // The refresh is on its way, held by the proxy, when the alarm resolves.
        await waitFor(() => proxy.held() === 1);
        const resolvedAt = Date.now() - 1_000;
        const ended = notifier.send(message(cfg, 'am', [event('resolved', { ...flapping, state: 'resolved', resolvedAt }, { at: resolvedAt })], now));
        expect((await refreshed).ok).toBe(true);
        expect((await ended).ok).toBe(true);
        expect(proxy.arrived).toEqual(['send', 'refresh', 'send']);
        expect((await am.alerts()).find((a) => a.labels.api === 'flap')).toBeUndefined();
      } finally {
        await proxy.close();
      }
    });

    it('leaves out of a refresh an alarm whose resolve was handed over first', async () => {
      const proxy = await slowRefreshes(0);
      try {
        const cfg = config(`channels:\n  am: { type: alertmanager, url: "${proxy.url}" }\n`);
        const notifier = createChannel(cfg.channels.am!, { clock: new ManualClock(now) });
        const over = alarm({ apiId: 'over', rule: 'High5xx', firingAt: now - 60_000, startedAt: now - 120_000, since: now - 60_000 });
        const resolvedAt = Date.now() - 1_000;
        await notifier.send(message(cfg, 'am', [event('firing', over)], now));
        await notifier.send(message(cfg, 'am', [event('resolved', { ...over, state: 'resolved', resolvedAt }, { at: resolvedAt })], now));
        expect(await notifier.refresh!(message(cfg, 'am', [event('firing', over)], now).items)).toMatchObject({ ok: true });
        expect(proxy.arrived).toEqual(['send', 'send']);
        expect((await am.alerts()).find((a) => a.labels.api === 'over')).toBeUndefined();
      } finally {
        await proxy.close();
      }
    });
  });
});
