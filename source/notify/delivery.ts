import type { ChannelType } from '../config/schema.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Redactor } from '../text/redact.js';
import { networkFailure } from './http.js';
import type { DeliveryResult, Message, Notifier } from './message.js';
import type { Outbox } from './outbox.js';
import { RateLimiter } from './stages/rate-limit.js';
import type { RecordInput } from './stages/record.js';
import { decideRetry, type RetryPolicy } from './stages/retry.js';

export interface ChannelQueueOptions {
  channelType: ChannelType;
  notifier: Notifier;
  clock: Clock;
  random: () => number;
  minIntervalMs: number;
  retry: RetryPolicy;
  outbox: Outbox;
  redact: Redactor;
  record: (input: Omit<RecordInput, 'channelType'>) => void;
}

interface Entry {
  message: Message;
  attempt: number;
  notBefore: number;
}

/**
 * One channel's deliveries, one at a time and in order (a PagerDuty acknowledge must follow its trigger):
 * rate-limited, retried with backoff, each outcome written to the outbox and recorded.
 */
export class ChannelQueue {
  private readonly entries: Entry[] = [];
  private readonly limiter: RateLimiter;
  private timer: TimerHandle | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: ChannelQueueOptions) {
    this.limiter = new RateLimiter(options.minIntervalMs);
  }

  push(message: Message): void {
    this.entries.push({ message, attempt: 0, notBefore: 0 });
    this.kick();
  }

  depth(): number {
    return this.entries.length;
  }

  busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Resolves once no send is in flight (timers for later attempts may still be set). */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** Shutdown: no more timers; every queued message gets one attempt now, in order, until one fails. */
  async drain(): Promise<void> {
    this.stopped = true;
    this.cancelTimer();
    await this.settled();
    while (this.entries.length > 0) {
      const ok = await this.attempt(this.entries[0]!);
      if (!ok) break;
    }
  }

  private kick(): void {
    if (this.stopped || this.inFlight || this.timer) return;
    const head = this.entries[0];
    if (!head) return;
    const now = this.options.clock.now();
    const wait = Math.max(this.limiter.waitMs(now), head.notBefore - now);
    if (wait > 0) {
      this.timer = this.options.clock.setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, wait);
      return;
    }
    this.inFlight = this.attempt(head).then(() => {
      this.inFlight = undefined;
      this.kick();
    });
  }

  /** True when the entry left the queue delivered or given up; false when it stays for a later attempt. */
  private async attempt(entry: Entry): Promise<boolean> {
    const { clock, notifier, outbox, record } = this.options;
    const { message } = entry;
    entry.attempt += 1;
    record({ record: 'attempt', at: clock.now(), message, attempt: entry.attempt });
    let result: DeliveryResult;
    try {
      result = await notifier.send(message);
    } catch (error) {
      result = networkFailure(error);
    }
    const now = clock.now();
    this.limiter.sent(now);
    if (result.ok) {
      outbox.delivered(message.id, now);
      this.remove(entry);
      record({ record: result.skipped ? 'skipped' : 'delivered', at: now, message, attempt: entry.attempt, result });
      return true;
    }
    const decision = decideRetry(result, entry.attempt, now - message.createdAt, this.options.retry, this.options.random);
    if (decision.retry) {
      entry.notBefore = now + decision.delayMs;
      record({ record: 'retrying', at: now, message, attempt: entry.attempt, result, retryInMs: decision.delayMs });
      return false;
    }
    outbox.failed(message.id, now, this.options.redact(result.reason));
    this.remove(entry);
    record({ record: 'failed', at: now, message, attempt: entry.attempt, result });
    return true;
  }

  private remove(entry: Entry): void {
    const index = this.entries.indexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
  }

  private cancelTimer(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
