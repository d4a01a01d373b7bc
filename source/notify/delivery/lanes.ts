import type { Config } from '../../config/types.js';
import type { Clock } from '../../core/clock.js';
import type { Redactor } from '../../text/redact.js';
import { minInterval } from '../channels/registry.js';
import type { Message, Notifier } from '../message.js';
import type { Outbox } from '../outbox.js';
import type { Emit, Stage } from '../stages/stage.js';
import { ChannelQueue } from './channel-queue.js';
import type { RecordInput } from './records.js';
import type { RetryPolicy } from './retry.js';

export interface LanesOptions {
  config: Pick<Config, 'channels'>;
  notifiers: ReadonlyMap<string, Notifier>;
  clock: Clock;
  random: () => number;
  retry: RetryPolicy;
  outbox: Outbox;
  redact: Redactor;
}

/**
 * The delivery stage: a queue per channel (rate limit, then send with retry), each outcome handed on as a
 * record. Rate limit and retry share the queue because a message waiting for its retry holds back the next.
 */
export class Lanes implements Stage<Message, RecordInput> {
  readonly name = 'rate limit, send with retry';
  private readonly queues = new Map<string, ChannelQueue>();

  constructor(private readonly options: LanesOptions) {}

  run(message: Message, next: Emit<RecordInput>): void {
    const channelType = this.options.config.channels[message.channel]!.type;
    next({ record: 'queued', at: message.createdAt, message, channelType, attempt: 0, reason: 'written to outbox' });
    this.resume(message, next);
  }

  /** A message a previous run left in the outbox: queued then, so no second `queued` record. */
  resume(message: Message, next: Emit<RecordInput>): void {
    const channelType = this.options.config.channels[message.channel]!.type;
    this.queueFor(message.channel).push(message, (report) => next({ ...report, channelType }));
  }

  depth(channel: string): number {
    return this.queues.get(channel)?.depth() ?? 0;
  }

  busy(): boolean {
    return [...this.queues.values()].some((q) => q.busy());
  }

  async settled(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.settled()));
  }

  drain(): Promise<void[]> {
    return Promise.all([...this.queues.values()].map((q) => q.drain()));
  }

  private queueFor(channel: string): ChannelQueue {
    let queue = this.queues.get(channel);
    if (!queue) {
      const { clock, random, retry, outbox, redact, notifiers, config } = this.options;
      queue = new ChannelQueue({ notifier: notifiers.get(channel)!, clock, random, minIntervalMs: minInterval(config.channels[channel]!), retry, outbox, redact });
      this.queues.set(channel, queue);
    }
    return queue;
  }
}
