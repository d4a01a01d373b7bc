import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Redactor } from '../../text/redact.js';
import { recordReason } from '../http.js';
import type { Message, Notifier } from '../message.js';
import type { Outbox } from '../outbox.js';
import type { Emit } from '../stages/stage.js';
import { RateLimiter } from './rate-limit.js';
import type { RecordInput } from './records.js';
import type { RetryPolicy } from './retry.js';
import { attemptSend, verdict } from './send-with-retry.js';

export type QueueReport = Omit<RecordInput, 'channelType'>;

export interface ChannelQueueOptions {
  notifier: Notifier;
  clock: Clock;
  random: () => number;
  minIntervalMs: number;
  retry: RetryPolicy;
  outbox: Outbox;
  redact: Redactor;
}

interface Entry {
  message: Message;
  attempt: number;
  notBefore: number;
  report: Emit<QueueReport>;
}

/**
 * One channel's deliveries, one at a time and in order (a PagerDuty acknowledge must follow its trigger):
 * rate-limited, retried with backoff, each outcome written to the outbox and reported.
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

  push(message: Message, report: Emit<QueueReport>): void {
    this.entries.push({ message, attempt: 0, notBefore: 0, report });
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
    const { clock, notifier, outbox } = this.options;
    const { message, report } = entry;
    entry.attempt += 1;
    report({ record: 'attempt', at: clock.now(), message, attempt: entry.attempt });
    const result = await attemptSend(notifier, message);
    const now = clock.now();
    this.limiter.sent(now);
    const next = verdict(result, entry.attempt, now - message.createdAt, this.options.retry, this.options.random);
    if (next.record === 'retrying') {
      entry.notBefore = now + next.delayMs;
      report({ record: 'retrying', at: now, message, attempt: entry.attempt, result, retryInMs: next.delayMs });
      return false;
    }
    if (next.record === 'failed') outbox.failed(message.id, now, recordReason(this.options.redact(result.reason)));
    else outbox.delivered(message.id, now);
    this.remove(entry);
    report({ record: next.record, at: now, message, attempt: entry.attempt, result });
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
