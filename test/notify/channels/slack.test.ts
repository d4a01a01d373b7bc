import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { Receiver } from '../../helpers/receiver.js';
import { alarm, config, event, message, T0 } from '../helpers.js';

describe('slack channel', () => {
  let receiver: Receiver;
  beforeEach(() => {
    receiver = new Receiver();
  });
  afterEach(() => receiver.close());

  it('posts text plus Block Kit blocks with severity, API, team, value vs threshold, SLA clock and URL', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  mwi-slack: { type: slack, url: "${receiver.url('/services/T0/B0/xyz')}" }\n`);
    const notifier = createChannel(cfg.channels['mwi-slack']!, { clock: new ManualClock(T0) });
    const result = await notifier.send(message(cfg, 'mwi-slack', [event('firing')], T0 + 3 * 60_000));
    expect(result).toEqual({ ok: true, retryable: false, status: 200, reason: 'HTTP 200: ok' });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.url).toBe('/services/T0/B0/xyz');
    expect(receiver.requests[0]!.headers['content-type']).toBe('application/json');
    expect(receiver.requests[0]!.json).toEqual({
      text: '[CRITICAL] Search API: High5xx firing',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '[CRITICAL] Search API: High5xx firing' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*High5xx* firing\n5xx rate 4.1% above 2%' },
          fields: [
            { type: 'mrkdwn', text: '*Severity*\nCRITICAL' },
            { type: 'mrkdwn', text: '*API*\nSearch API' },
            { type: 'mrkdwn', text: '*Team*\nMediaWiki Interfaces' },
            { type: 'mrkdwn', text: '*Value*\n5xx rate 4.1% above 2%' },
            { type: 'mrkdwn', text: '*SLA*\ntriage due in 12m' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '<https://grafana.example.org/d/search|https://grafana.example.org/d/search>' }] },
        { type: 'divider' },
      ],
    });
  });

  it('says who acknowledged, as a follow-up message', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  s: { type: slack, url: "${receiver.url('/hook')}" }\n`);
    const acked = alarm({ ack: { by: 'ana', at: T0 + 60_000 } });
    await createChannel(cfg.channels.s!, { clock: new ManualClock(T0) }).send(message(cfg, 's', [event('acknowledged', acked, { actor: 'ana' })]));
    expect((receiver.requests[0]!.json as { text: string }).text).toBe('[CRITICAL] Search API: High5xx acknowledged by ana');
  });

  it('keeps Slack\'s own reason for a 4xx and does not retry it', async () => {
    receiver.script({ status: 404, body: 'channel_not_found' });
    await receiver.listen();
    const cfg = config(`channels:\n  s: { type: slack, url: "${receiver.url('/hook')}" }\n`);
    const result = await createChannel(cfg.channels.s!, { clock: new ManualClock(T0) }).send(message(cfg, 's', [event('firing')]));
    expect(result).toEqual({ ok: false, retryable: false, status: 404, reason: 'HTTP 404: channel_not_found' });
  });

  it('shows at most ten alarms of a storm and counts the rest', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  s: { type: slack, url: "${receiver.url('/hook')}" }\n`);
    const events = Array.from({ length: 25 }, (_, i) => event('firing', alarm({ rule: `Rule${i}` })));
    await createChannel(cfg.channels.s!, { clock: new ManualClock(T0) }).send(message(cfg, 's', events));
    const body = receiver.requests[0]!.json as { text: string; blocks: unknown[] };
    expect(body.text).toBe('[CRITICAL] Search API: Rule0 firing (+24 more)');
    expect(body.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '…and 15 more' }] });
  });
});
