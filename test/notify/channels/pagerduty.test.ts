import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { dedupKey } from '../../../source/notify/channels/pagerduty.js';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { Receiver } from '../../helpers/receiver.js';
import { alarm, config, event, message, T0 } from '../helpers.js';

const KEY = 'R0123456789abcdef0123456789abcde';

describe('pagerduty channel', () => {
  let receiver: Receiver;
  beforeEach(() => {
    receiver = new Receiver({ status: 202, body: '{"status":"success","message":"Event processed","dedup_key":"x"}' });
  });
  afterEach(() => receiver.close());

  it('mirrors firing, acknowledged and resolved as trigger, acknowledge and resolve with one dedup key', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  oncall: { type: pagerduty, routingKey: "\${PD}", url: "${receiver.url('/v2/enqueue')}" }\n`, { PD: KEY });
    const notifier = createChannel(cfg.channels.oncall!, { clock: new ManualClock(T0) });
    const acked = alarm({ ack: { by: 'ana', at: T0 + 60_000 } });
    const resolved = alarm({ state: 'resolved', resolvedAt: T0 + 120_000 });
    const result = await notifier.send(
      message(cfg, 'oncall', [event('firing'), event('acknowledged', acked, { actor: 'ana', at: T0 + 60_000 }), event('resolved', resolved, { at: T0 + 120_000 })]),
    );
    expect(result).toMatchObject({ ok: true, status: 202 });
    expect(receiver.requests.map((r) => r.url)).toEqual(['/v2/enqueue', '/v2/enqueue', '/v2/enqueue']);
    expect(receiver.requests.map((r) => r.json)).toEqual([
      {
        routing_key: KEY,
        event_action: 'trigger',
        dedup_key: 'api-health/search/High5xx',
        payload: {
          summary: '[CRITICAL] Search API High5xx firing: 5xx rate 4.1% above 2%',
          source: 'search',
          severity: 'error',
          timestamp: '2026-11-03T09:00:00.000Z',
          component: 'Search API',
          group: 'mwi',
          class: 'High5xx',
          custom_details: {
            summary: '5xx rate 4.1% above 2%',
            value: 0.041,
            threshold: 0.02,
            metric: 'error_rate_5xx',
            event: 'firing',
            sla: 'triage due in 15m',
            runbook: 'https://wikitech.example.org/Search',
          },
        },
        client: 'api-health',
        client_url: 'https://grafana.example.org/d/search',
      },
      { routing_key: KEY, event_action: 'acknowledge', dedup_key: 'api-health/search/High5xx' },
      { routing_key: KEY, event_action: 'resolve', dedup_key: 'api-health/search/High5xx' },
    ]);
  });

  it('keeps dedup keys deterministic and within 255 characters', () => {
    expect(dedupKey(alarm())).toBe(dedupKey(alarm({ value: 0.5 })));
    const long = alarm({ id: `${'a'.repeat(300)}/High5xx` });
    expect(dedupKey(long)).toHaveLength('api-health/'.length + 64);
    expect(dedupKey(long)).toBe(dedupKey({ ...long }));
  });

  it('maps page to critical severity', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  oncall: { type: pagerduty, routingKey: "${KEY}", url: "${receiver.url('/')}" }\n`);
    await createChannel(cfg.channels.oncall!, { clock: new ManualClock(T0) }).send(message(cfg, 'oncall', [event('firing', alarm({ severity: 'page' }))]));
    expect((receiver.requests[0]!.json as { payload: { severity: string } }).payload.severity).toBe('critical');
  });

  it('gives each event of a message its own Idempotency-Key, the message id and its place, beside the dedup key', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  oncall: { type: pagerduty, routingKey: "${KEY}", url: "${receiver.url('/v2/enqueue')}" }\n`);
    const acked = alarm({ ack: { by: 'ana', at: T0 + 60_000 } });
    await createChannel(cfg.channels.oncall!, { clock: new ManualClock(T0) }).send(message(cfg, 'oncall', [event('firing'), event('acknowledged', acked, { actor: 'ana', at: T0 + 60_000 })]));
    expect(receiver.requests.map((r) => [r.headers['idempotency-key'], (r.json as { dedup_key: string }).dedup_key])).toEqual([
      ['m-1/0', 'api-health/search/High5xx'],
      ['m-1/1', 'api-health/search/High5xx'],
    ]);
  });

  it('stops at the first failed event and reports it', async () => {
    receiver.script({ status: 400, body: '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect"]}' });
    await receiver.listen();
    const cfg = config(`channels:\n  oncall: { type: pagerduty, routingKey: "${KEY}", url: "${receiver.url('/')}" }\n`);
    const result = await createChannel(cfg.channels.oncall!, { clock: new ManualClock(T0) }).send(message(cfg, 'oncall', [event('firing'), event('firing', alarm({ rule: 'Other' }))]));
    expect(result).toMatchObject({ ok: false, retryable: false, status: 400 });
    expect(result.reason).toContain('Event object is invalid');
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a message from the event that failed: a trigger is not sent again after its resolve went through', async () => {
    // The resolve is processed, but its answer comes after the channel's timeout: the attempt fails on it.
    receiver.script({ status: 202, body: '{"status":"success"}' }, { status: 202, body: '{"status":"success"}', delayMs: 3_000 });
    await receiver.listen();
    const cfg = config(`channels:\n  oncall: { type: pagerduty, routingKey: "${KEY}", timeout: 1s, url: "${receiver.url('/v2/enqueue')}" }\n`);
    const channel = createChannel(cfg.channels.oncall!, { clock: new ManualClock(T0) });
    const flap = message(cfg, 'oncall', [event('firing'), event('resolved', alarm({ state: 'resolved', resolvedAt: T0 + 10_000 }))]);
    expect(await channel.send(flap)).toMatchObject({ ok: false, retryable: true });
    expect(await channel.send(flap)).toMatchObject({ ok: true });
    // A trigger after the resolve would open a second incident and page on-call again.
    expect(receiver.requests.map((r) => [(r.json as { event_action: string }).event_action, r.headers['idempotency-key']])).toEqual([
      ['trigger', 'm-1/0'],
      ['resolve', 'm-1/1'],
      ['resolve', 'm-1/1'],
    ]);
  });
});
