import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import type { DeliveryRecord } from '../../../source/core/delivery-record.js';
import { FLOOD_BURST, FLOOD_INTERVAL_MS } from '../../../source/notify/channels/irc-session.js';
import { MAX_IRC_LINE_BYTES } from '../../../source/notify/channels/irc.js';
import { createChannel, definitionOf } from '../../../source/notify/channels/registry.js';
import { createNotifier } from '../../../source/notify/create-notifier.js';
import type { Notifier } from '../../../source/notify/message.js';
import { noMutes } from '../../../source/notify/stages/mute.js';
import { IrcReader, startIrcServer, type IrcServer } from '../../helpers/irc-server.js';
import { freePort } from '../../helpers/loopback-server.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { needsBinaries } from '../../helpers/system-binaries.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { alarm, config, event, message, T0 } from '../helpers.js';
import { fixture } from './irc.fixture.js';

const integration = needsBinaries(['ngircd']);

function ircConfig(port: number, extra = '') {
  if (fixture.transport !== 'irc') throw new Error('irc.fixture.ts is not an IRC fixture');
  return config(`channels:\n  c: ${fixture.channel(port).replace(/ }$/, `${extra} }`)}\nroutes: [{ notify: [c] }]\nnotifications: { groupWait: 0s }\n`, fixture.env);
}

/** Two flood bursts of lines, one per alarm (Rule0, Rule1, ...): more than one burst lets out at once. */
function longMessage(cfg: ReturnType<typeof ircConfig>) {
  const count = 2 * FLOOD_BURST;
  const events = Array.from({ length: count }, (_, i) => event('firing', alarm({ rule: `Rule${i}`, id: `search/Rule${i}` })));
  return { count, events, sent: message(cfg, 'c', events) };
}

integration.describe('irc channel on a real IRC server', () => {
  let server: IrcServer;
  let reader: IrcReader;
  const notifiers: Notifier[] = [];
  beforeEach(async () => {
    server = await startIrcServer();
    reader = new IrcReader();
    await reader.join(server.port, '#api-alerts');
  });
  afterEach(async () => {
    await Promise.all(notifiers.splice(0).map((n) => n.close?.()));
    reader.close();
    await server.stop();
  });

  function channel(cfg = ircConfig(server.port)): Notifier {
    const notifier = createChannel(cfg.channels.c!, { clock: new ManualClock(T0) });
    notifiers.push(notifier);
    return notifier;
  }

  integration.it('joins and posts one line per alarm event, with severity, API, summary, SLA and who acknowledged, that a second client reads', async () => {
    const cfg = ircConfig(server.port);
    const acked = alarm({ ack: { by: 'ana', at: T0 + 60_000 } });
    const sent = message(cfg, 'c', [event('firing'), event('acknowledged', acked, { actor: 'ana', at: T0 + 60_000 })]);
    expect(await channel(cfg).send(sent)).toMatchObject({ ok: true });
    await expect.poll(() => reader.heard.length, { timeout: 10_000 }).toBe(2);
    expect(reader.heard.map((h) => [h.from, h.channel])).toEqual([
      ['apihealth', '#api-alerts'],
      ['apihealth', '#api-alerts'],
    ]);
    expect(reader.heard.map((h) => h.text)).toEqual(definitionOf(cfg.channels.c!).payload(sent, cfg.channels.c!));
    expect(reader.heard[0]!.text).toBe('[CRITICAL] Search API High5xx firing: 5xx rate 4.1% above 2% | SLA: triage due in 15m | https://grafana.example.org/d/search');
    expect(reader.heard[1]!.text).toContain('acknowledged by ana');
  });

  integration.it('stays connected between messages: one join for many messages', async () => {
    const cfg = ircConfig(server.port);
    const notifier = channel(cfg);
    for (const id of ['m-1', 'm-2', 'm-3']) expect(await notifier.send({ ...message(cfg, 'c', [event('firing')]), id })).toMatchObject({ ok: true });
    await expect.poll(() => reader.heard.length, { timeout: 10_000 }).toBe(3);
    expect(reader.joins).toEqual(['apihealth']);
  });

  integration.it('never posts a line over 400 bytes, and a line break in a summary starts no command of its own', async () => {
    const cfg = ircConfig(server.port);
    const hostile = alarm({ summary: `${'é'.repeat(300)}\r\nQUIT :injected\r\nPRIVMSG #api-alerts :forged` });
    const long = alarm({ apiId: 'other', id: 'other/High5xx', summary: 'x' });
    const notifier = channel(cfg);
    const sent = message(cfg, 'c', [event('firing', hostile)]);
    sent.items[0]!.url = `https://example.org/${'ü'.repeat(400)}`;
    expect(await notifier.send(sent)).toMatchObject({ ok: true });
    expect(await notifier.send({ ...message(cfg, 'c', [event('firing', long)]), id: 'm-2' })).toMatchObject({ ok: true });
    await expect.poll(() => reader.heard.length, { timeout: 10_000 }).toBe(2);
    expect(Buffer.byteLength(`PRIVMSG #api-alerts :${reader.heard[0]!.text}`)).toBeLessThanOrEqual(MAX_IRC_LINE_BYTES);
    expect(reader.heard[0]!.text.endsWith('…')).toBe(true);
    expect(reader.heard.map((h) => h.from)).toEqual(['apihealth', 'apihealth']);
  });

  integration.it('respects the flood limit: past a burst, lines go out no faster than one per interval', async () => {
    const cfg = ircConfig(server.port);
    const events = Array.from({ length: FLOOD_BURST + 2 }, (_, i) => event('firing', alarm({ rule: `Rule${i}`, id: `search/Rule${i}` })));
    expect(await channel(cfg).send(message(cfg, 'c', events))).toMatchObject({ ok: true });
    await expect.poll(() => reader.heard.length, { timeout: 20_000 }).toBe(FLOOD_BURST + 2);
    const first = reader.heard[0]!.at;
    // A lower bound only: a loaded machine can make it slower, never faster.
    expect(reader.heard.at(-1)!.at - first).toBeGreaterThanOrEqual(2 * FLOOD_INTERVAL_MS - 200);
  }, 40_000);

  integration.it('posts a message longer than the flood limit lets through in one timeout over several attempts, each line once', async () => {
    const cfg = ircConfig(server.port, ', timeout: 3s');
    const notifier = channel(cfg);
    const { count, events, sent } = longMessage(cfg);
    const reasons: string[] = [];
    // The flood window frees the rest about 8 s after the first burst: 20 attempts of at most 4 s leave room on a loaded machine.
    for (let attempt = 0; attempt < 20 && !reasons.at(-1)?.startsWith('posted'); attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
      reasons.push((await notifier.send(sent)).reason);
    }
    expect(reasons).toContain(`IRC: ${FLOOD_BURST} of ${count} lines sent; the flood limit leaves no room for the rest before the channel's timeout (the retry goes on from there)`);
    // How many the last attempt still had to write depends on this machine's pace; that some came before, does not.
    expect(reasons.at(-1)).toMatch(new RegExp(`^posted ${count} lines to #api-alerts \\(\\d+ of the ${count} sent by an earlier attempt\\)$`));
    await expect.poll(() => reader.heard.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reader.heard.map((h) => /Rule\d+/.exec(h.text)?.[0])).toEqual(events.map((e) => e.alarm.rule));
  }, 120_000);

  integration.it('stops a long message when the connection drops under the flood wait, and the retry starts it over', async () => {
    const cfg = ircConfig(server.port, ', timeout: 20s');
    const notifier = channel(cfg);
    const { count, events, sent } = longMessage(cfg);
    const first = notifier.send(sent);
    await expect.poll(() => reader.heard.length, { timeout: 10_000 }).toBe(FLOOD_BURST);
    // Down until the attempt gives up: a line written then would go nowhere, yet count as sent.
    await server.kill();
    reader.close();
    expect(await first).toMatchObject({ ok: false, retryable: true, reason: `IRC: the connection to 127.0.0.1:${server.port} dropped after ${FLOOD_BURST} of ${count} lines; the retry starts over` });
    await server.restart();
    reader = new IrcReader();
    await reader.join(server.port, '#api-alerts');
    let result = await notifier.send(sent);
    for (let attempt = 0; attempt < 5 && !result.ok; attempt++) result = await notifier.send(sent);
    expect(result).toMatchObject({ ok: true, reason: `posted ${count} lines to #api-alerts` });
    await expect.poll(() => reader.heard.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
    expect(reader.heard.map((h) => /Rule\d+/.exec(h.text)?.[0])).toEqual(events.map((e) => e.alarm.rule));
  }, 150_000);

  integration.it('reconnects after the server went away, and posts the next message', async () => {
    const cfg = ircConfig(server.port);
    const notifier = channel(cfg);
    expect(await notifier.send(message(cfg, 'c', [event('firing')]))).toMatchObject({ ok: true });
    await server.kill();
    reader.close();
    await server.restart();
    reader = new IrcReader();
    await reader.join(server.port, '#api-alerts');
    expect(await notifier.send({ ...message(cfg, 'c', [event('resolved', alarm({ state: 'resolved', resolvedAt: T0 + 60_000 }))]), id: 'm-2' })).toMatchObject({ ok: true });
    await expect.poll(() => reader.heard.map((h) => h.text.slice(0, 40)), { timeout: 10_000 }).toEqual(['[CRITICAL] Search API High5xx resolved: ']);
  }, 60_000);

  integration.it('keeps the password out of records and the outbox', async () => {
    const dir = tempDir();
    try {
      const cfg = ircConfig(server.port);
      const records: DeliveryRecord[] = [];
      const clock = new ManualClock(T0);
      const service = createNotifier({ config: cfg, stateDir: dir.path, clock, muter: noMutes, random: () => 0, onRecord: (r) => records.push(r) });
      service.start();
      service.handle([event('firing')]);
      clock.advance(0);
      await service.settled();
      expect(records.at(-1)).toMatchObject({ record: 'delivered' });
      await service.stop(1_000);
      const out = JSON.stringify([records, service.recent()]) + readFileSync(join(dir.path, 'outbox.jsonl'), 'utf8');
      if (fixture.transport !== 'irc') throw new Error('not an IRC fixture');
      for (const secret of fixture.secrets) expect(out).not.toContain(secret);
    } finally {
      dir.remove();
    }
  });
});

integration.describe('irc channel without a server', () => {
  integration.it('fails to be retried when nothing listens', async () => {
    const cfg = ircConfig(await freePort());
    const notifier = createChannel(cfg.channels.c!, { clock: new ManualClock(T0) });
    const result = await notifier.send(message(cfg, 'c', [event('firing')]));
    await notifier.close?.();
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.reason).toMatch(/ECONNREFUSED/);
  });
});
