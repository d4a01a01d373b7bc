import type { DeliveryResult } from '../message.js';
import { RecentProgress } from './recent-progress.js';

/**
 * Sends a message's events one request each, in order, stopping at the first failure. A retry of the message
 * starts at the event that failed: those before it were answered 2xx, and sending them again could undo what
 * came after them (a trigger sent again after its resolve opens a second incident).
 */
export class EventSequence<E> {
  private readonly answered = new RecentProgress<number>();

  async send(messageId: string, events: readonly E[], post: (event: E, index: number) => Promise<DeliveryResult>): Promise<DeliveryResult> {
    let last: DeliveryResult = { ok: true, retryable: false, reason: 'nothing to send' };
    for (let index = this.answered.get(messageId) ?? 0; index < events.length; index++) {
      last = await post(events[index]!, index);
      if (!last.ok) {
        if (index > 0) this.answered.set(messageId, index);
        else this.answered.delete(messageId);
        return last;
      }
    }
    this.answered.delete(messageId);
    return last;
  }
}
