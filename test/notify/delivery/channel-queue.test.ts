import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { ChannelQueue, type QueueReport } from '../../../source/notify/delivery/channel-queue.js';
import { DEFAULT_RETRY } from '../../../source/notify/delivery/retry.js';
import type { Message } from '../../../source/notify/message.js';
import { Outbox } from '../../../source/notify/outbox.js';
import { createRedactor } from '../../../source/text/redact.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { Receiver } from '../../helpers/receiver.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { alarm, config, event, message, T0 } from '../helpers.js';

describe('channel queue', () => {
  const stateDir = useTempDir();
  let receiver: Receiver;
  let clock: ManualClock;
  let dir: string;
  let outbox: Outbox;
  let reports: QueueReport[];

  beforeEach(async () => {
    receiver = new Receiver();
    await receiver.listen();
    clock = new ManualClock(T0);
    dir = stateDir();
    outbox = Outbox.open(dir, 0).outbox;
    reports = [];
  });
  afterEach(async () => {
    outbox.close();
    await receiver.close();
  });

  /** A Slack channel (one message a second) against the loopback receiver. */
  function slackQueue(): { queue: ChannelQueue; send(rule: string): Message } {
    const cfg = config(`channels:\n  s: { type: slack, url: "${receiver.url('/hook')}" }\n`);
    const notifier = createChannel(cfg.channels.s!, { clock });
    const queue = new ChannelQueue({ notifier, clock, random: () => 0, minIntervalMs: 1_000, retry: DEFAULT_RETRY, outbox, redact: createRedactor([]) });
    return {
      queue,
      send(rule) {
        const m = { ...message(cfg, 's', [event('firing', alarm({ rule }))], clock.now()), id: `m-${rule}` };
        outbox.enqueue(m);
        queue.push(m, (r) => reports.push(r));
        return m;
      },
    };
  }

  const sent = () => receiver.requests.map((r) => (r.json as { text: string }).text.replace(/^.*: (\w+) firing$/, '$1'));

  it('sends one message at a time, in order, no faster than the rate limit', async () => {
    const { queue, send } = slackQueue();
    send('A');
    send('B');
    await queue.settled();
    expect(sent()).toEqual(['A']);
    clock.advance(999);
    await queue.settled();
    expect(sent()).toEqual(['A']);
    clock.advance(1);
    await queue.settled();
    expect(sent()).toEqual(['A', 'B']);
    expect(queue.depth()).toBe(0);
  });

  it('holds the next message back while the one before it waits for its retry', async () => {
    receiver.script({ status: 503 });
    const { queue, send } = slackQueue();
    send('A');
    send('B');
    await queue.settled();
    expect(reports.map((r) => r.record)).toEqual(['attempt', 'retrying']);
    expect(reports[1]!.retryInMs).toBe(500);
    clock.advance(1_000);
    await queue.settled();
    clock.advance(1_000);
    await queue.settled();
    expect(sent()).toEqual(['A', 'A', 'B']);
    expect(reports.filter((r) => r.record === 'delivered').map((r) => r.message.id)).toEqual(['m-A', 'm-B']);
  });

  it('on drain gives each waiting message one attempt now, in order, and stops at the first failure', async () => {
    receiver.script({ status: 200 }, { status: 503 });
    const { queue, send } = slackQueue();
    send('A');
    send('B');
    send('C');
    await queue.settled();
    await queue.drain();
    expect(sent()).toEqual(['A', 'B']);
    expect(queue.depth()).toBe(2);
    clock.advance(60_000);
    await queue.settled();
    expect(sent()).toEqual(['A', 'B']);
  });

  it('marks what it settles in the outbox, so only the undelivered stays pending', async () => {
    receiver.script({ status: 200 }, { status: 503 });
    const { queue, send } = slackQueue();
    send('A');
    send('B');
    await queue.settled();
    await queue.drain();
    outbox.close();
    const reopened = Outbox.open(dir, 0);
    reopened.outbox.close();
    expect(reopened.pending.map((m) => m.id)).toEqual(['m-B']);
  });
});
