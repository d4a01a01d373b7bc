import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { entityId } from '../../../source/notify/channels/splunk-oncall.js';
import { testMessage } from '../../../source/notify/test-message.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { Receiver } from '../../helpers/receiver.js';
import { SplunkOncallStandIn } from '../../helpers/splunk-oncall-stand-in.js';
import { alarm, config, event, message, T0 } from '../helpers.js';

const KEY = '0b1e5c3a-5ec7-4b1d-9f00-0123456789ab';

describe('splunk-oncall channel', () => {
  let standIn: SplunkOncallStandIn;
  let url: string;
  beforeEach(async () => {
    standIn = new SplunkOncallStandIn(KEY);
    url = await standIn.listen();
  });
  afterEach(() => standIn.close());

  function cfg(type = 'splunk-oncall') {
    return config(`channels:\n  oncall: { type: ${type}, apiKey: "\${VO_KEY}", routingKey: mwi-oncall, url: "${url}" }\n`, { VO_KEY: KEY });
  }

  const send = (c: ReturnType<typeof cfg>, ...events: Parameters<typeof message>[2]) => createChannel(c.channels.oncall!, { clock: new ManualClock(T0) }).send(message(c, 'oncall', events));

  it('mirrors firing, acknowledged and resolved as CRITICAL, ACKNOWLEDGEMENT and RECOVERY with one entity_id, to KEY/ROUTING_KEY', async () => {
    const c = cfg();
    const acked = alarm({ ack: { by: 'ana', at: T0 + 60_000 } });
    const resolved = alarm({ state: 'resolved', resolvedAt: T0 + 120_000 });
    expect(await send(c, event('firing'), event('acknowledged', acked, { actor: 'ana', at: T0 + 60_000 }), event('resolved', resolved, { at: T0 + 120_000 }))).toMatchObject({
      ok: true,
      status: 200,
    });
    expect(standIn.alerts.map((a) => [a.routingKey, a.body.message_type, a.body.entity_id])).toEqual([
      ['mwi-oncall', 'CRITICAL', 'api-health/search/High5xx'],
      ['mwi-oncall', 'ACKNOWLEDGEMENT', 'api-health/search/High5xx'],
      ['mwi-oncall', 'RECOVERY', 'api-health/search/High5xx'],
    ]);
    expect(standIn.alerts[0]!.body).toMatchObject({
      entity_display_name: 'Search API: High5xx',
      state_message: '[CRITICAL] Search API High5xx firing: 5xx rate 4.1% above 2%',
      state_start_time: T0 / 1000,
      monitoring_tool: 'api-health',
      team: 'mwi',
      sla: 'triage due in 15m',
      runbook: 'https://wikitech.example.org/Search',
    });
    expect(standIn.alerts[1]!.body).toMatchObject({ ack_author: 'ana', ack_msg: 'acknowledged by ana' });
  });

  it.each([
    ['page', 'CRITICAL'],
    ['critical', 'CRITICAL'],
    ['warning', 'WARNING'],
    ['info', 'INFO'],
  ] as const)('sends a firing %s alarm as %s', async (severity, type) => {
    await send(cfg(), event('firing', alarm({ severity })));
    expect(standIn.alerts[0]!.body.message_type).toBe(type);
  });

  it('sends a test message as INFO, which pages nobody', async () => {
    const c = cfg();
    await createChannel(c.channels.oncall!, { clock: new ManualClock(T0) }).send(testMessage('oncall', c, T0));
    expect(standIn.alerts.map((a) => a.body.message_type)).toEqual(['INFO']);
  });

  it('reads type victorops, the old name, as splunk-oncall', async () => {
    const c = cfg('victorops');
    expect(c.channels.oncall!.type).toBe('splunk-oncall');
    expect(await send(c, event('firing'))).toMatchObject({ ok: true });
  });

  it('fails at once on the endpoint refusing the key, with its words', async () => {
    const c = config(`channels:\n  oncall: { type: splunk-oncall, apiKey: wrong-key, routingKey: mwi, url: "${url}" }\n`);
    expect(await send(c, event('firing'))).toEqual({ ok: false, retryable: false, status: 400, reason: 'HTTP 400: {"result":"failure","message":"Invalid API key"}' });
  });

  it('keeps entity_id the same for the same alarm and within 256 characters', () => {
    expect(entityId(alarm())).toBe(entityId(alarm({ value: 0.5, state: 'resolved' })));
    expect(entityId(alarm({ id: `x/${'r'.repeat(400)}` })).length).toBeLessThanOrEqual(256);
  });

  it('rejects a routing key with a slash, which would change the endpoint path', () => {
    expect(() => config(`channels:\n  oncall: { type: splunk-oncall, apiKey: k, routingKey: "a/b" }\n`)).toThrow(/routing key/);
  });

  it('retries a message from the alert that failed: a CRITICAL is not sent again after its RECOVERY', async () => {
    const receiver = new Receiver({ status: 200, body: '{"result":"success"}' });
    receiver.script({ status: 200, body: '{"result":"success"}' }, { status: 200, body: '{"result":"success"}' }, { status: 502, body: 'bad gateway' });
    await receiver.listen();
    try {
      const c = config(`channels:\n  oncall: { type: splunk-oncall, apiKey: "\${VO_KEY}", routingKey: mwi, url: "${receiver.url('/alert')}" }\n`, { VO_KEY: KEY });
      const channel = createChannel(c.channels.oncall!, { clock: new ManualClock(T0) });
      const flapThenOther = message(c, 'oncall', [event('firing'), event('resolved', alarm({ state: 'resolved', resolvedAt: T0 + 1_000 })), event('firing', alarm({ rule: 'Other' }))]);
      expect(await channel.send(flapThenOther)).toMatchObject({ ok: false, retryable: true, status: 502 });
      expect(await channel.send(flapThenOther)).toMatchObject({ ok: true });
      // A CRITICAL after the RECOVERY would reopen the incident the RECOVERY closed.
      expect(receiver.requests.map((r) => `${(r.json as { message_type: string }).message_type} ${(r.json as { entity_id: string }).entity_id}`)).toEqual([
        'CRITICAL api-health/search/High5xx',
        'RECOVERY api-health/search/High5xx',
        'CRITICAL api-health/search/Other',
        'CRITICAL api-health/search/Other',
      ]);
    } finally {
      await receiver.close();
    }
  });
});
