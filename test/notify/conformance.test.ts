import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../source/config/types.js';
import type { ConformanceFixture } from './channels/conformance-fixture.js';
import { ManualClock } from '../helpers/manual-clock.js';
import type { ChannelType } from '../../source/channel-schemas/schemas.js';
import { CHANNELS, createChannel, definitionOf } from '../../source/notify/channels/registry.js';
import { createNotifier } from '../../source/notify/create-notifier.js';
import { noMutes } from '../../source/notify/stages/mute.js';
import { MAX_ANSWER_BYTES } from '../../source/notify/http.js';

import { freePort } from '../helpers/loopback-server.js';
import { MB, measured } from '../helpers/measured.js';
import { Receiver, type Received } from '../helpers/receiver.js';
import { SmtpReceiver } from '../helpers/smtp-receiver.js';
import { tempDir } from '../helpers/temp-dir.js';
import { config, event, message, T0 } from './helpers.js';
import type { DeliveryRecord } from '../../source/core/delivery-record.js';

const TYPES = Object.keys(CHANNELS) as ChannelType[];

/** Each registered type's fixture, or why it could not be loaded: a type cannot skip these tests. */
const fixtures = await Promise.all(
  TYPES.map(async (type) => {
    try {
      const module = (await import(`./channels/${type}.fixture.ts`)) as { fixture?: ConformanceFixture };
      return { type, fixture: module.fixture, problem: module.fixture ? '' : `channels/${type}.fixture.ts exports no fixture` };
    } catch (error) {
      return { type, fixture: undefined, problem: `channels/${type}.fixture.ts: ${(error as Error).message}` };
    }
  }),
);

function ofTransport<T extends ConformanceFixture['transport']>(transport: T): (Extract<ConformanceFixture, { transport: T }> & { type: ChannelType })[] {
  return fixtures.flatMap(({ type, fixture }) => (fixture?.transport === transport ? [{ ...(fixture as Extract<ConformanceFixture, { transport: T }>), type }] : []));
}

describe('conformance', () => {
  it.each(fixtures)('covers the registered channel type $type', ({ problem }) => {
    expect(problem).toBe('');
  });

  it.each(fixtures.filter((f) => f.fixture))('drives a channel of type $type with the $type fixture', ({ type, fixture }) => {
    const text =
      fixture!.transport === 'http' ? fixture!.channel(() => 'http://127.0.0.1:1/x') : fixture!.transport === 'terminal' ? fixture!.channel : fixture!.channel(1);
    expect(config(`channels:\n  c: ${text}\n`, fixture!.transport === 'terminal' ? {} : fixture!.env).channels.c!.type).toBe(type);
  });
});

function channelConfig(channel: string, env: Record<string, string>): Config {
  return config(`channels:\n  c: ${channel}\nroutes: [{ notify: [c] }]\nnotifications: { groupWait: 0s }\n`, env);
}

describe.each(ofTransport('http'))('every HTTP channel: $type', (c) => {
  let receiver: Receiver;
  beforeEach(() => {
    receiver = new Receiver({ status: 200, body: c.answer ?? 'ok' });
  });
  afterEach(() => receiver.close());

  /** A 2xx scripted without a body gets the receiver's usual answer. */
  const accepting = (reply: { status: number; body?: string; headers?: Record<string, string> }) =>
    reply.status < 300 && reply.body === undefined && c.answer !== undefined ? { ...reply, body: c.answer } : reply;

  async function sendOnce(...replies: { status: number; body?: string; headers?: Record<string, string> }[]) {
    receiver.script(...replies.map(accepting));
    await receiver.listen();
    const cfg = channelConfig(c.channel((path) => receiver.url(path)), c.env);
    return createChannel(cfg.channels.c!, { clock: new ManualClock(T0) }).send(message(cfg, 'c', [event('firing')]));
  }

  it('delivers on 2xx', async () => {
    expect(await sendOnce({ status: 202 })).toMatchObject({ ok: true, status: 202 });
  });

  it('sends what its definition calls its payload', async () => {
    await sendOnce({ status: 200 }, { status: 200 });
    const cfg = channelConfig(c.channel((path) => receiver.url(path)), c.env);
    const payload = JSON.parse(JSON.stringify(definitionOf(cfg.channels.c!).payload(message(cfg, 'c', [event('firing')]), cfg.channels.c!))) as unknown;
    expect(receiver.requests.map((r) => (c.body ? c.body(r) : r.json))).toEqual(c.requests ? c.requests(payload) : [payload]);
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

  const keys = (requests: Received[]) => requests.map((r) => r.headers['idempotency-key']);

  it('names the message in an Idempotency-Key header on each request, the same on every attempt of it', async () => {
    receiver.script({ status: 502 });
    await receiver.listen();
    const cfg = channelConfig(c.channel((path) => receiver.url(path)), c.env);
    const channel = createChannel(cfg.channels.c!, { clock: new ManualClock(T0) });
    const sent = message(cfg, 'c', [event('firing')]);
    expect(await channel.send(sent)).toMatchObject({ ok: false, status: 502 });
    const first = keys(receiver.requests);
    expect(first.length).toBeGreaterThan(0);
    expect(first).not.toContain(undefined);
    expect(await channel.send(sent)).toMatchObject({ ok: true });
    // A retry may first read what the failed attempt did (Phabricator looks for the task it may have opened):
    // a read changes nothing and carries no key.
    const second = keys(receiver.requests.slice(first.length)).filter((key) => key !== undefined);
    expect(second.length).toBeGreaterThanOrEqual(first.length);
    expect(second.slice(0, first.length)).toEqual(first);
    expect(new Set(second).size).toBe(second.length);
    for (const key of second) expect(key).toMatch(new RegExp(`^${sent.id}($|/)`));
    const before = receiver.requests.length;
    await channel.send({ ...sent, id: 'm-2' });
    const other = keys(receiver.requests.slice(before));
    for (const key of other) expect(key).toMatch(/^m-2($|\/)/);
  });

  it('reads no more than 64 KiB of an endless answer and hangs up, well inside its timeout, without growing', async () => {
    receiver.script({ status: 500, body: 'overloaded ', stream: { bytes: Infinity } });
    await receiver.listen();
    const cfg = channelConfig(c.channel((path) => receiver.url(path)), c.env);
    const channel = createChannel(cfg.channels.c!, { clock: new ManualClock(T0) });
    const { result, ms, rssGrowth } = await measured(() => channel.send(message(cfg, 'c', [event('firing')])));
    expect(result).toMatchObject({ ok: false, retryable: true, status: 500 });
    expect(result.reason.length).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 100);
    expect(ms).toBeLessThan(10_000);
    expect(rssGrowth).toBeLessThan(50 * MB);
    await expect.poll(() => receiver.streamed, { timeout: 10_000 }).toEqual([{ bytes: expect.any(Number), cut: true }]);
  });

  it('gives up on a receiver slower than its timeout, to be retried', async () => {
    receiver.script({ status: 200, delayMs: 8_000 });
    await receiver.listen();
    const cfg = channelConfig(c.channel((path) => receiver.url(path)), c.env);
    const channel = createChannel({ ...cfg.channels.c!, timeout: 1_000 }, { clock: new ManualClock(T0) });
    const { result, ms } = await measured(() => channel.send(message(cfg, 'c', [event('firing')])));
    expect(result).toEqual({ ok: false, retryable: true, reason: "network error: no answer within 1s (the channel's timeout)" });
    expect(ms).toBeLessThan(4_000);
  });

  it('retries when the receiver is down', async () => {
    const port = await freePort();
    const cfg = channelConfig(c.channel((path) => `http://127.0.0.1:${port}${path}`), c.env);
    const result = await createChannel(cfg.channels.c!, { clock: new ManualClock(T0) }).send(message(cfg, 'c', [event('firing')]));
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.reason).toMatch(/^network error: /);
  });

  it('lets no secret out in records, even when the receiver echoes the request back', async () => {
    const echo = new Receiver({ status: 200, body: c.answer ?? 'ok' });
    await echo.listen();
    const dir = tempDir();
    try {
      const cfg = channelConfig(c.channel((path) => echo.url(path)), c.env);
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

describe.each(ofTransport('smtp'))('every SMTP channel: $type', (c) => {
  let server: SmtpReceiver;
  beforeEach(() => {
    server = new SmtpReceiver();
  });
  afterEach(() => server.close());

  async function sendOnce(...replies: { code: number; message?: string }[]) {
    server.script(...replies);
    const cfg = channelConfig(c.channel(await server.listen()), c.env);
    return createChannel(cfg.channels.c!, { clock: new ManualClock(T0) }).send(message(cfg, 'c', [event('firing')]));
  }

  it('delivers on 250', async () => {
    expect(await sendOnce({ code: 250 })).toMatchObject({ ok: true, status: 250 });
    expect(server.mails).toHaveLength(1);
  });

  it('sends what its definition calls its payload', async () => {
    await sendOnce({ code: 250 });
    const cfg = channelConfig(c.channel(server.port()), c.env);
    const payload = definitionOf(cfg.channels.c!).payload(message(cfg, 'c', [event('firing')]), cfg.channels.c!) as { subject: string };
    expect(server.mails[0]!.raw).toContain(`Subject: ${payload.subject}`);
  });

  it('names the message in its Message-ID, the same on every attempt of it', async () => {
    server.script({ code: 451, message: 'try again later' }, { code: 250 });
    const cfg = channelConfig(c.channel(await server.listen()), c.env);
    const channel = createChannel(cfg.channels.c!, { clock: new ManualClock(T0) });
    const sent = message(cfg, 'c', [event('firing')]);
    expect(await channel.send(sent)).toMatchObject({ ok: false, retryable: true });
    expect(await channel.send(sent)).toMatchObject({ ok: true });
    await channel.send({ ...sent, id: 'm-2' });
    expect(server.mails.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1]?.trim())).toEqual([`<${sent.id}@api-health>`, `<${sent.id}@api-health>`, '<m-2@api-health>']);
  });

  it('retries a 4xx reply', async () => {
    expect(await sendOnce({ code: 451, message: 'try again later' })).toMatchObject({ ok: false, retryable: true, status: 451 });
  });

  it('fails a 5xx reply at once with the server\'s words', async () => {
    const result = await sendOnce({ code: 550, message: 'mailbox unavailable' });
    expect(result).toMatchObject({ ok: false, retryable: false, status: 550 });
    expect(result.reason).toContain('mailbox unavailable');
  });

  it('retries when the server is down', async () => {
    const cfg = channelConfig(c.channel(await freePort()), c.env);
    const result = await createChannel(cfg.channels.c!, { clock: new ManualClock(T0) }).send(message(cfg, 'c', [event('firing')]));
    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  it('lets no secret out in records or the outbox, even when the server repeats the login back', async () => {
    const dir = tempDir();
    try {
      const cfg = channelConfig(c.channel(await server.listen()), c.env);
      const clock = new ManualClock(T0);
      const records: DeliveryRecord[] = [];
      const service = createNotifier({ config: cfg, stateDir: dir.path, clock, muter: noMutes, random: () => 0, onRecord: (r) => records.push(r) });
      service.start();
      server.script({ code: 451, echo: true }, { code: 550, echo: true });
      service.handle([event('firing')]);
      clock.advance(0);
      await service.settled();
      for (const secret of c.secrets) expect(server.mails[0]!.password).toBe(secret);
      clock.advance(60_000);
      await service.settled();
      expect(records.at(-1)).toMatchObject({ record: 'failed', status: 550 });
      expect(records.at(-1)!.reason).toContain('[redacted]');
      const out = JSON.stringify([records, service.recent()]);
      const outbox = readFileSync(join(dir.path, 'outbox.jsonl'), 'utf8');
      for (const secret of [...c.secrets, ...cfg.secrets]) {
        expect(out).not.toContain(secret);
        expect(outbox).not.toContain(secret);
      }
      await service.stop(100);
    } finally {
      dir.remove();
    }
  });
});

describe.each(ofTransport('terminal'))('every terminal channel: $type', (c) => {
  it('writes to the attached terminal and counts as delivered', async () => {
    const cfg = channelConfig(c.channel, {});
    const written: string[] = [];
    const result = await createChannel(cfg.channels.c!, { clock: new ManualClock(T0), terminal: () => ({ write: (text: string) => written.push(text) }) }).send(
      message(cfg, 'c', [event('firing')]),
    );
    expect(result).toMatchObject({ ok: true });
    expect(result.skipped).toBeUndefined();
    expect(written.join('')).toContain(definitionOf(cfg.channels.c!).payload(message(cfg, 'c', [event('firing')]), cfg.channels.c!));
  });

  it('is skipped, never delivered, with no terminal attached', async () => {
    const cfg = channelConfig(c.channel, {});
    expect(await createChannel(cfg.channels.c!, { clock: new ManualClock(T0) }).send(message(cfg, 'c', [event('firing')]))).toMatchObject({ ok: true, skipped: true });
  });
});
