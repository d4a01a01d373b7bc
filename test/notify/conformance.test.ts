import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../source/config/types.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { createChannel } from '../../source/notify/channels/registry.js';
import { createNotifier } from '../../source/notify/create-notifier.js';
import { noMutes } from '../../source/notify/stages/mute.js';

import { freePort } from '../helpers/loopback-server.js';
import { Receiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp-dir.js';
import { config, event, message, T0 } from './helpers.js';
import type { DeliveryRecord } from '../../source/core/delivery-record.js';

interface Case {
  type: string;
  channel(url: (path: string) => string): string;
  env: Record<string, string>;
  /** Secrets that must reach the receiver but never leave the library. */
  secrets: string[];
}

const CASES: Case[] = [
  {
    type: 'slack',
    channel: (url) => `{ type: slack, url: "${url('/services/T01/B02/slack-s3cret-token')}" }`,
    env: {},
    secrets: ['/services/T01/B02/slack-s3cret-token'],
  },
  {
    type: 'teams',
    channel: (url) => `{ type: teams, url: "${url('/workflows/run?sig=teams-s3cret-sig')}" }`,
    env: {},
    secrets: ['/workflows/run?sig=teams-s3cret-sig'],
  },
  {
    type: 'webhook',
    channel: (url) => `{ type: webhook, url: "${url('/hook')}", headers: { Authorization: "Bearer \${HOOK_TOKEN}", X-Api-Key: "hdr-s3cret" } }`,
    env: { HOOK_TOKEN: 'hook-s3cret-token' },
    secrets: ['hook-s3cret-token', 'hdr-s3cret'],
  },
  {
    type: 'pagerduty',
    channel: (url) => `{ type: pagerduty, routingKey: "\${PD_KEY}", url: "${url('/v2/enqueue')}" }`,
    env: { PD_KEY: 'pd0123456789s3cretroutingkey0000' },
    secrets: ['pd0123456789s3cretroutingkey0000'],
  },
  {
    type: 'alertmanager',
    channel: (url) => `{ type: alertmanager, url: "${url('')}" }`,
    env: {},
    secrets: [],
  },
];

function channelConfig(c: Case, url: (path: string) => string): Config {
  return config(`channels:\n  c: ${c.channel(url)}\nroutes: [{ notify: [c] }]\nnotifications: { groupWait: 0s }\n`, c.env);
}

describe.each(CASES)('every HTTP channel: $type', (c) => {
  let receiver: Receiver;
  beforeEach(() => {
    receiver = new Receiver();
  });
  afterEach(() => receiver.close());

  async function sendOnce(...replies: { status: number; body?: string; headers?: Record<string, string> }[]) {
    receiver.script(...replies);
    await receiver.listen();
    const cfg = channelConfig(c, (path) => receiver.url(path));
    return createChannel(cfg.channels.c!, { clock: new ManualClock(T0) }).send(message(cfg, 'c', [event('firing')]));
  }

  it('delivers on 2xx', async () => {
    expect(await sendOnce({ status: 202 })).toMatchObject({ ok: true, status: 202 });
  });

  it('retries 5xx', async () => {
    expect(await sendOnce({ status: 502, body: 'bad gateway' })).toMatchObject({ ok: false, retryable: true, status: 502 });
  });

  it('retries 429 after Retry-After', async () => {
    expect(await sendOnce({ status: 429, headers: { 'retry-after': '3' } })).toMatchObject({ ok: false, retryable: true, status: 429, retryAfterMs: 3_000 });
  });

  it('fails other 4xx at once with the receiver\'s reason', async () => {
    expect(await sendOnce({ status: 403, body: 'channel_is_archived' })).toEqual({ ok: false, retryable: false, status: 403, reason: 'HTTP 403: channel_is_archived' });
  });

  it('retries when the receiver is down', async () => {
    const port = await freePort();
    const cfg = channelConfig(c, (path) => `http://127.0.0.1:${port}${path}`);
    const result = await createChannel(cfg.channels.c!, { clock: new ManualClock(T0) }).send(message(cfg, 'c', [event('firing')]));
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.reason).toMatch(/^network error: /);
  });

  it('lets no secret out in records, even when the receiver echoes the request back', async () => {
    const echo = new Receiver();
    await echo.listen();
    const dir = tempDir();
    try {
      const cfg = channelConfig(c, (path) => echo.url(path));
      const clock = new ManualClock(T0);
      const records: DeliveryRecord[] = [];
      const service = createNotifier({ config: cfg, stateDir: dir.path, clock, muter: noMutes, random: () => 0, onRecord: (r) => records.push(r) });
      service.start();
      echo.script({ status: 500, body: 'placeholder' });
      // The echo replies with everything it got: URL, headers and body.
      const reply = (r: { url: string; headers: unknown; text: string }) => `${r.url} ${JSON.stringify(r.headers)} ${r.text}`;
      service.handle([event('firing')]);
      clock.advance(0);
      await service.settled();
      const first = echo.requests[0]!;
      const sent = reply(first);
      for (const secret of c.secrets) expect(sent).toContain(secret);
      echo.script({ status: 400, body: sent });
      clock.advance(60_000);
      await service.settled();
      const out = JSON.stringify([records, service.recent()]);
      expect(records.at(-1)).toMatchObject({ record: 'failed', status: 400 });
      expect(records.at(-1)!.reason).toContain('[redacted]'.repeat(c.secrets.length > 0 ? 1 : 0));
      const outbox = readFileSync(join(dir.path, 'outbox.jsonl'), 'utf8');
      for (const secret of [...c.secrets, ...cfg.secrets]) {
        expect(out).not.toContain(secret);
        expect(outbox).not.toContain(secret);
      }
      await service.stop(100);
    } finally {
      await echo.close();
      dir.remove();
    }
  });
});
