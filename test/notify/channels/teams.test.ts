import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { Receiver } from '../../helpers/receiver.js';
import { config, event, message, T0 } from '../helpers.js';

describe('teams channel', () => {
  let receiver: Receiver;
  beforeEach(() => {
    receiver = new Receiver({ status: 202 });
  });
  afterEach(() => receiver.close());

  it('posts one Adaptive Card 1.4 attachment in a message', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  msteams: { type: teams, url: "${receiver.url('/workflows/abc?sig=s3cret')}" }\n`);
    const result = await createChannel(cfg.channels.msteams!, { clock: new ManualClock(T0) }).send(message(cfg, 'msteams', [event('firing')]));
    expect(result).toEqual({ ok: true, retryable: false, status: 202, reason: 'HTTP 202' });
    expect(receiver.requests[0]!.url).toBe('/workflows/abc?sig=s3cret');
    expect(receiver.requests[0]!.json).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: '[CRITICAL] Search API: High5xx firing', size: 'Large', weight: 'Bolder', wrap: true },
              { type: 'TextBlock', text: 'High5xx firing', weight: 'Bolder', color: 'attention', wrap: true, separator: true },
              { type: 'TextBlock', text: '5xx rate 4.1% above 2%', wrap: true, spacing: 'None' },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Severity', value: 'CRITICAL' },
                  { title: 'API', value: 'Search API' },
                  { title: 'Team', value: 'MediaWiki Interfaces' },
                  { title: 'Value', value: '5xx rate 4.1% above 2%' },
                  { title: 'SLA', value: 'triage due in 15m' },
                ],
              },
              { type: 'TextBlock', text: '[Open](https://grafana.example.org/d/search)', wrap: true },
            ],
          },
        },
      ],
    });
  });
});
