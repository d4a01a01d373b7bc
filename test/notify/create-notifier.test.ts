import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import type { Config } from '../../source/config/types.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { createNotifier, type NotificationService, type NotifierOptions } from '../../source/notify/create-notifier.js';
import { COMPACT_MIN_LINES } from '../../source/notify/journal-compaction.js';
import { LOG_FILE } from '../../source/notify/notification-log.js';
import { OUTBOX_FILE } from '../../source/notify/outbox.js';
import type { Muter } from '../../source/notify/stages/mute.js';

import { freePort } from '../helpers/loopback-server.js';
import { Receiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp-dir.js';
import { alarm, config, event, T0 } from './helpers.js';
import type { DeliveryRecord } from '../../source/core/delivery-record.js';

const GROUP_WAIT = 30_000;

function slackConfig(url: string, extra = ''): Config {
  return config(`channels:
  s: { type: slack, url: "${url}" }
routes:
  - notify: [s]
notifications: { groupWait: 30s, groupInterval: 5m, repeat: 4h, resolved: true }
${extra}`);
}

describe('createNotifier', () => {
  let receiver: Receiver;
  let dir: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let records: DeliveryRecord[];
  let services: NotificationService[];
  const muted = new Set<string>();
  const muter: Muter = { isMuted: (a) => muted.has(a.id) };

  beforeEach(() => {
    receiver = new Receiver();
    dir = tempDir();
    clock = new ManualClock(T0);
    records = [];
    services = [];
    muted.clear();
  });
  afterEach(async () => {
    for (const s of services) await s.stop(100);
    await receiver.close();
    dir.remove();
  });

  function notifier(cfg: Config, options: Partial<NotifierOptions> = {}): NotificationService {
    const service = createNotifier({ config: cfg, stateDir: dir.path, clock, muter, random: () => 0, onRecord: (r) => records.push(r), ...options });
    services.push(service);
    return service;
  }

  async function advance(service: NotificationService, ms: number): Promise<void> {
    clock.advance(ms);
    await service.settled();
  }

  const texts = () => receiver.requests.map((r) => (r.json as { text: string }).text);

  it('turns a storm into one message per team per channel, after groupWait, one per second on Slack', async () => {
    await receiver.listen();
    const service = notifier(slackConfig(receiver.url('/hook')));
    service.start();
    const mwi = Array.from({ length: 30 }, (_, i) => event('firing', alarm({ rule: `R${i}` })));
    const search = Array.from({ length: 5 }, (_, i) => event('firing', alarm({ apiId: 'other', team: 'search', rule: `R${i}` })));
    service.handle([...mwi, ...search]);
    await advance(service, GROUP_WAIT - 1);
    expect(receiver.requests).toHaveLength(0);
    expect(service.queueDepth()).toEqual({ s: 35 });
    await advance(service, 1);
    expect(receiver.requests).toHaveLength(1);
    await advance(service, 999);
    expect(receiver.requests).toHaveLength(1);
    await advance(service, 1);
    expect(texts()).toEqual(['[CRITICAL] Search API: R0 firing (+29 more)', '[CRITICAL] Other API: R0 firing (+4 more)']);
    expect(service.queueDepth()).toEqual({ s: 0 });
  });

  it('sends nothing for a muted alarm', async () => {
    await receiver.listen();
    const service = notifier(slackConfig(receiver.url('/hook')));
    service.start();
    muted.add('search/High5xx');
    service.handle([event('firing'), event('firing', alarm({ rule: 'Other' }))]);
    await advance(service, GROUP_WAIT);
    expect(texts()).toEqual(['[CRITICAL] Search API: Other firing']);
  });

  describe('resolved always arrives', () => {
    const resolvedAlarm = alarm({ state: 'resolved', since: T0 + 10 * 60_000, resolvedAt: T0 + 10 * 60_000 });

    async function firedThenMutedThenResolved(channel: (url: (path: string) => string) => string): Promise<void> {
      await receiver.listen();
      const service = notifier(config(`channels:
  c: ${channel((path) => receiver.url(path))}
routes: [{ notify: [c] }]
notifications: { groupWait: 30s, resolved: true }
`, { PD_KEY: 'pd0123456789s3cretroutingkey0000' }));
      service.start();
      service.handle([event('firing')]);
      await advance(service, GROUP_WAIT);
      muted.add('search/High5xx');
      service.handle([event('resolved', resolvedAlarm)]);
      await advance(service, 10 * 60_000);
    }

    it('resolves the PagerDuty incident of an alarm muted after its firing was delivered', async () => {
      await firedThenMutedThenResolved((url) => `{ type: pagerduty, routingKey: "\${PD_KEY}", url: "${url('/v2/enqueue')}" }`);
      const actions = receiver.requests.map((r) => r.json as { event_action: string; dedup_key: string });
      expect(actions.map((a) => a.event_action)).toEqual(['trigger', 'resolve']);
      expect(actions[1]!.dedup_key).toBe(actions[0]!.dedup_key);
    });

    it('gives the Alertmanager alert of an alarm muted after its firing was delivered its endsAt', async () => {
      await firedThenMutedThenResolved((url) => `{ type: alertmanager, url: "${url('')}" }`);
      const posted = receiver.requests.map((r) => r.json as { endsAt?: string }[]);
      expect(posted).toHaveLength(2);
      expect(posted[1]![0]!.endsAt).toBe(new Date(T0 + 10 * 60_000).toISOString());
    });

    it('sends no resolution for an alarm that was muted before its firing went out', async () => {
      await receiver.listen();
      const service = notifier(slackConfig(receiver.url('/hook')));
      service.start();
      service.handle([event('firing')]);
      muted.add('search/High5xx');
      await advance(service, GROUP_WAIT);
      service.handle([event('resolved', resolvedAlarm)]);
      await advance(service, 10 * 60_000);
      expect(receiver.requests).toHaveLength(0);
    });
  });

  it.each([
    [true, 1],
    [false, 0],
  ])('with notifications.resolved %s, a resolution sends %i messages', async (resolved, count) => {
    await receiver.listen();
    const service = notifier(config(`channels:
  s: { type: slack, url: "${receiver.url('/hook')}" }
routes: [{ notify: [s] }]
notifications: { groupWait: 30s, resolved: ${resolved} }
`));
    service.start();
    service.handle([event('resolved', alarm({ state: 'resolved', resolvedAt: T0 }))]);
    await advance(service, GROUP_WAIT);
    expect(receiver.requests).toHaveLength(count);
  });

  it('says "acknowledged by X" as its own message after the firing one', async () => {
    await receiver.listen();
    const service = notifier(slackConfig(receiver.url('/hook')));
    service.start();
    service.handle([event('firing')]);
    await advance(service, GROUP_WAIT);
    service.handle([event('acknowledged', alarm({ ack: { by: 'ana', at: T0 + 40_000 } }), { actor: 'ana', at: T0 + 40_000 })]);
    await advance(service, 5 * 60_000);
    expect(texts()).toEqual(['[CRITICAL] Search API: High5xx firing', '[CRITICAL] Search API: High5xx acknowledged by ana']);
  });

  it('does not notify the same firing twice, even after a restart', async () => {
    await receiver.listen();
    const cfg = slackConfig(receiver.url('/hook'));
    const first = notifier(cfg);
    first.start();
    first.handle([event('firing')]);
    await advance(first, GROUP_WAIT);
    first.handle([event('firing')]);
    await advance(first, 10 * 60_000);
    await first.stop();
    const second = notifier(cfg);
    second.start();
    second.handle([event('firing')]);
    await advance(second, 10 * 60_000);
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries 500 twice with exponential backoff, then delivers once', async () => {
    receiver.script({ status: 500, body: 'oops' }, { status: 503 });
    await receiver.listen();
    const service = notifier(config(`channels:\n  hook: { type: webhook, url: "${receiver.url('/hook')}" }\nroutes: [{ notify: [hook] }]\n`));
    service.start();
    service.handle([event('firing')]);
    await advance(service, GROUP_WAIT);
    expect(receiver.requests).toHaveLength(1);
    await advance(service, 499);
    expect(receiver.requests).toHaveLength(1);
    await advance(service, 1);
    expect(receiver.requests).toHaveLength(2);
    await advance(service, 999);
    expect(receiver.requests).toHaveLength(2);
    await advance(service, 1);
    expect(receiver.requests).toHaveLength(3);
    await advance(service, 60 * 60_000);
    expect(receiver.requests).toHaveLength(3);
    expect(records.map((r) => [r.record, r.attempt, r.status])).toEqual([
      ['queued', 0, undefined],
      ['attempt', 1, undefined],
      ['retrying', 1, 500],
      ['attempt', 2, undefined],
      ['retrying', 2, 503],
      ['attempt', 3, undefined],
      ['delivered', 3, 200],
    ]);
    expect(records[2]).toMatchObject({ reason: 'HTTP 500: oops', retryInMs: 500, channel: 'hook', channelType: 'webhook' });
    expect(records[6]!.events).toEqual([{ kind: 'firing', alarmId: 'search/High5xx', route: 'routes[0]' }]);
  });

  it('honours Retry-After on 429', async () => {
    receiver.script({ status: 429, body: 'rate_limited', headers: { 'retry-after': '7' } });
    await receiver.listen();
    const service = notifier(slackConfig(receiver.url('/hook')));
    service.start();
    service.handle([event('firing')]);
    await advance(service, GROUP_WAIT);
    await advance(service, 6_999);
    expect(receiver.requests).toHaveLength(1);
    await advance(service, 1);
    expect(receiver.requests).toHaveLength(2);
    expect(records.find((r) => r.record === 'retrying')).toMatchObject({ status: 429, retryInMs: 7_000 });
    expect(records.at(-1)).toMatchObject({ record: 'delivered', attempt: 2 });
  });

  it('fails a 400 at once, keeping the receiver\'s reason, and never sends it again', async () => {
    receiver.script({ status: 400, body: 'invalid_payload' });
    await receiver.listen();
    const cfg = slackConfig(receiver.url('/hook'));
    const service = notifier(cfg);
    service.start();
    service.handle([event('firing')]);
    await advance(service, GROUP_WAIT);
    await advance(service, 60 * 60_000);
    expect(receiver.requests).toHaveLength(1);
    expect(records.at(-1)).toMatchObject({ record: 'failed', status: 400, reason: 'HTTP 400: invalid_payload', attempt: 1 });
    await service.stop();
    const restarted = notifier(cfg);
    expect(restarted.start().replayed).toBe(0);
  });

  it('keeps retrying while the receiver is down and delivers once it is up', async () => {
    const port = await freePort();
    const service = notifier(slackConfig(`http://127.0.0.1:${port}/hook`));
    service.start();
    service.handle([event('firing')]);
    await advance(service, GROUP_WAIT);
    for (let i = 0; i < 5; i++) await advance(service, 60_000);
    expect(records.filter((r) => r.record === 'retrying').length).toBeGreaterThanOrEqual(5);
    expect(records.find((r) => r.record === 'retrying')!.reason).toMatch(/^network error: .*ECONNREFUSED/);
    await receiver.listen(port);
    await advance(service, 5 * 60_000);
    expect(receiver.requests).toHaveLength(1);
    expect(records.at(-1)!.record).toBe('delivered');
  });

  it('stop() sends what is still grouped and queued without waiting for timers', async () => {
    await receiver.listen();
    const service = notifier(slackConfig(receiver.url('/hook')));
    service.start();
    service.handle([event('firing'), event('firing', alarm({ apiId: 'other', team: 'search' }))]);
    await service.stop();
    expect(receiver.requests).toHaveLength(2);
  });

  it('leaves undelivered messages in the outbox and sends them once on the next start', async () => {
    const port = await freePort();
    const cfg = slackConfig(`http://127.0.0.1:${port}/hook`);
    const first = notifier(cfg);
    first.start();
    first.handle([event('firing')]);
    await advance(first, GROUP_WAIT);
    await first.stop();
    await receiver.listen(port);
    const second = notifier(cfg);
    expect(second.start()).toMatchObject({ replayed: 1, regrouped: 0, warnings: [] });
    await second.settled();
    await second.stop();
    const third = notifier(cfg);
    expect(third.start().replayed).toBe(0);
    expect(texts()).toEqual(['[CRITICAL] Search API: High5xx firing']);
  });

  it('groups again what a run killed during groupWait held, and sends it once, when the wait it had left is over', async () => {
    await receiver.listen();
    const cfg = slackConfig(receiver.url('/hook'));
    const killed = notifier(cfg, { clock: new ManualClock(T0) });
    killed.start();
    killed.handle([event('firing')]);
    clock.advance(10_000);

    const restarted = notifier(cfg);
    expect(restarted.start()).toMatchObject({ replayed: 0, regrouped: 1, warnings: [] });
    expect(restarted.queueDepth()).toEqual({ s: 1 });
    await advance(restarted, GROUP_WAIT - 10_000 - 1);
    expect(receiver.requests).toHaveLength(0);
    await advance(restarted, 1);
    expect(texts()).toEqual(['[CRITICAL] Search API: High5xx firing']);
    await restarted.stop();
    expect(notifier(cfg).start()).toEqual({ replayed: 0, regrouped: 0, unsent: [], warnings: [] });
  });

  it('drops the same event handed again after a restart while the held one still waits: one message', async () => {
    await receiver.listen();
    const cfg = slackConfig(receiver.url('/hook'));
    const killed = notifier(cfg, { clock: new ManualClock(T0) });
    killed.start();
    killed.handle([event('firing')]);

    const restarted = notifier(cfg);
    restarted.start();
    restarted.handle([event('firing')]);
    await advance(restarted, 60 * 60_000);
    expect(texts()).toEqual(['[CRITICAL] Search API: High5xx firing']);
  });

  it('drops the same event handed again after a restart once the held one went out: one message', async () => {
    await receiver.listen();
    const cfg = slackConfig(receiver.url('/hook'));
    const killed = notifier(cfg, { clock: new ManualClock(T0) });
    killed.start();
    killed.handle([event('firing')]);

    clock.advance(GROUP_WAIT);
    const restarted = notifier(cfg);
    restarted.start();
    await advance(restarted, 0);
    expect(receiver.requests).toHaveLength(1);
    restarted.handle([event('firing')]);
    await advance(restarted, 60 * 60_000);
    expect(texts()).toEqual(['[CRITICAL] Search API: High5xx firing']);
  });

  /** A webhook channel with this timeout, to a receiver answering `delayMs` after each request. */
  async function slowWebhook(timeout: string, delayMs: number): Promise<Config> {
    receiver = new Receiver({ status: 200, body: 'ok', delayMs });
    await receiver.listen();
    return config(`channels:\n  hook: { type: webhook, url: "${receiver.url('/hook')}", timeout: ${timeout} }\nroutes: [{ notify: [hook] }]\n`);
  }

  const identities = () => receiver.requests.map((r) => [r.headers['idempotency-key'], r.headers['x-api-health-message-id']]);

  /** The id the outbox holds for the one message written to it. */
  const outboxId = () => (JSON.parse(readFileSync(join(dir.path, OUTBOX_FILE), 'utf8').split('\n').find((line) => line.includes('"enqueue"'))!) as { message: { id: string } }).message.id;

  it('retries a receiver slower than the channel timeout, naming the message the same on every attempt', async () => {
    const service = notifier(await slowWebhook('1s', 1_200));
    service.start();
    service.handle([event('firing')]);
    await advance(service, GROUP_WAIT);
    await advance(service, 60_000);
    await advance(service, 60_000);
    expect(records.filter((r) => r.record === 'retrying').map((r) => r.reason)).toEqual(Array(3).fill("network error: no answer within 1s (the channel's timeout)"));
    const id = outboxId();
    expect(identities()).toEqual(Array(3).fill([id, id]));
  });

  it('delivers once to a receiver that answers inside the channel timeout', async () => {
    const service = notifier(await slowWebhook('2s', 1_200));
    service.start();
    service.handle([event('firing')]);
    await advance(service, GROUP_WAIT);
    await advance(service, 60 * 60_000);
    expect(receiver.requests).toHaveLength(1);
    expect(records.at(-1)).toMatchObject({ record: 'delivered', attempt: 1, status: 200 });
  });

  it('names a message replayed after a restart as its attempts before the restart', async () => {
    receiver.script({ status: 503 }, { status: 503 });
    await receiver.listen();
    const cfg = config(`channels:\n  hook: { type: webhook, url: "${receiver.url('/hook')}" }\nroutes: [{ notify: [hook] }]\n`);
    const first = notifier(cfg);
    first.start();
    first.handle([event('firing')]);
    await advance(first, GROUP_WAIT);
    await first.stop();
    const second = notifier(cfg);
    expect(second.start().replayed).toBe(1);
    await second.settled();
    expect(receiver.requests.length).toBeGreaterThanOrEqual(2);
    expect(records.at(-1)).toMatchObject({ record: 'delivered', status: 200 });
    const id = outboxId();
    expect(identities()).toEqual(Array(receiver.requests.length).fill([id, id]));
  });

  it('moves a torn outbox line aside with one warning and still replays the rest', async () => {
    const port = await freePort();
    const cfg = slackConfig(`http://127.0.0.1:${port}/hook`);
    const first = notifier(cfg);
    first.start();
    first.handle([event('firing')]);
    await first.stop(10);
    const file = join(dir.path, OUTBOX_FILE);
    appendFileSync(file, '{"op":"enqueue","mess');
    await receiver.listen(port);
    const second = notifier(cfg);
    const report = second.start();
    expect(report.replayed).toBe(1);
    const aside = `${file}.corrupt-${new Date(T0).toISOString().replaceAll(':', '-')}`;
    // Lines 1-3: the item held, its message enqueued, the item released.
    expect(report.warnings).toEqual([`outbox ${file}: 1 record unreadable (line 4), moved to ${aside}`]);
    expect(readFileSync(aside, 'utf8')).toBe('{"op":"enqueue","mess\n');
    await second.settled();
    expect(receiver.requests).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).not.toContain('"mess\n');
  });

  it('replays the good messages of an outbox that holds a record of the wrong shape, and moves that one aside', async () => {
    const port = await freePort();
    const cfg = slackConfig(`http://127.0.0.1:${port}/hook`);
    const first = notifier(cfg);
    first.start();
    first.handle([event('firing')]);
    await first.stop(10);
    const file = join(dir.path, OUTBOX_FILE);
    const poisoned = '{"op":"enqueue","message":{"id":"x","channel":"s","groupKey":"s/","createdAt":1,"items":[{}]}}';
    appendFileSync(file, `${poisoned}\n`);
    await receiver.listen(port);
    const second = notifier(cfg);
    expect(second.start()).toMatchObject({ replayed: 1, warnings: [expect.stringMatching(/^outbox .*: 1 record unreadable \(line 4\), moved to /)] });
    await second.settled();
    expect(texts()).toEqual(['[CRITICAL] Search API: High5xx firing']);
    expect(readFileSync(`${file}.corrupt-${new Date(T0).toISOString().replaceAll(':', '-')}`, 'utf8')).toBe(`${poisoned}\n`);
  });

  describe('reminders', () => {
    const repeat = 4 * 3_600_000;
    const firing = (overrides: Partial<Alarm> = {}) => alarm({ firingAt: T0, ...overrides });

    it('reminds every `repeat` while firing, unacknowledged and unmuted', async () => {
      await receiver.listen();
      const service = notifier(slackConfig(receiver.url('/hook')));
      service.start();
      service.tick(T0 + repeat - 1, [firing()]);
      clock.advance(repeat - 1);
      service.tick(clock.now(), [firing()]);
      await advance(service, 1);
      service.tick(clock.now(), [firing()]);
      await advance(service, GROUP_WAIT);
      service.tick(clock.now(), [firing()]);
      await advance(service, GROUP_WAIT);
      expect(texts()).toEqual(['[CRITICAL] Search API: High5xx still firing']);
    });

    it.each([
      ['acknowledged', firing({ ack: { by: 'ana', at: T0 } }), false],
      ['muted', firing(), true],
      ['resolved', firing({ state: 'resolved' }), false],
    ])('sends no reminder for a %s alarm', async (_name, a, mute) => {
      await receiver.listen();
      const service = notifier(slackConfig(receiver.url('/hook')));
      service.start();
      if (mute) muted.add(a.id);
      clock.advance(repeat);
      service.tick(clock.now(), [a]);
      await advance(service, GROUP_WAIT);
      expect(receiver.requests).toHaveLength(0);
    });
  });

  const terminalConfig = (extra = '') =>
    config(`channels:\n  desk: { type: terminal }\nroutes: [{ notify: [desk] }]\nnotifications: { groupWait: 0s, groupInterval: 0s }\n${extra}`);

  it('writes BEL and an OSC 9 notification to the attached terminal only', async () => {
    const written: string[] = [];
    const service = notifier(terminalConfig());
    service.start();
    service.handle([event('firing')]);
    await advance(service, 0);
    service.attachTerminal({ write: (text) => written.push(text) });
    service.handle([event('firing', alarm({ rule: 'Other' }))]);
    await advance(service, 0);
    expect(written).toEqual(['\u0007\u001b]9;[CRITICAL] Search API: Other firing\u0007']);
  });

  it('records a terminal notification with no terminal attached as skipped, not delivered', async () => {
    const service = notifier(terminalConfig());
    service.start();
    service.handle([event('firing')]);
    await advance(service, 0);
    service.attachTerminal({ write: () => true });
    service.handle([event('firing', alarm({ rule: 'Other' }))]);
    await advance(service, 0);
    const outcomes = records.filter((r) => r.record === 'delivered' || r.record === 'skipped').map((r) => [r.record, r.reason]);
    expect(outcomes).toEqual([
      ['skipped', 'no terminal attached'],
      ['delivered', 'written to terminal'],
    ]);
    expect(service.queueDepth()).toEqual({ desk: 0 });
  });

  it('rings no bell with defaults.bell false: only the OSC 9 notification', async () => {
    const written: string[] = [];
    const service = notifier(terminalConfig('defaults: { bell: false }\n'), { terminal: { write: (text) => written.push(text) } });
    service.start();
    service.handle([event('firing')]);
    await advance(service, 0);
    expect(written).toEqual(['\u001b]9;[CRITICAL] Search API: High5xx firing\u0007']);
  });

  it('keeps the outbox and the notification log bounded over a long run of deliveries', async () => {
    const service = notifier(terminalConfig(), { terminal: { write: () => true }, logRetentionMs: 86_400_000 });
    service.start();
    // Past the line count at which both journals are rewritten: the log writes one line a message, the outbox four.
    const messages = COMPACT_MIN_LINES + COMPACT_MIN_LINES / 4;
    for (let n = 0; n < messages; n += 1) {
      service.handle([event('firing', alarm({ rule: `R${n}`, startedAt: clock.now() }))]);
      await advance(service, 20 * 60_000);
    }
    expect(records.filter((r) => r.record === 'delivered')).toHaveLength(messages);
    const lines = (file: string) => readFileSync(join(dir.path, file), 'utf8').split('\n').filter(Boolean).length;
    expect(lines(OUTBOX_FILE)).toBeLessThanOrEqual(COMPACT_MIN_LINES);
    expect(lines(LOG_FILE)).toBeLessThanOrEqual(COMPACT_MIN_LINES);
  });

  it('re-sends firing alarms to Alertmanager on tick, at most once per refresh interval', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  am: { type: alertmanager, url: "${receiver.url()}" }\nroutes: [{ notify: [am] }]\n`);
    const service = notifier(cfg, { alertmanagerRefreshMs: 60_000 });
    service.start();
    const alarms = [alarm(), alarm({ rule: 'Quiet', state: 'resolved' })];
    service.tick(clock.now(), alarms);
    await service.settled();
    clock.advance(59_999);
    service.tick(clock.now(), alarms);
    await service.settled();
    clock.advance(1);
    service.tick(clock.now(), alarms);
    await service.settled();
    expect(receiver.requests.map((r) => [r.url, (r.json as { labels: { alertname: string } }[]).map((a) => a.labels.alertname)])).toEqual([
      ['/api/v2/alerts', ['High5xx']],
      ['/api/v2/alerts', ['High5xx']],
    ]);
    expect(records.map((r) => r.record)).toEqual(['refreshed', 'refreshed']);
  });
});
