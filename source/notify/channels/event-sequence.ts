import type { DeliveryResult } from '../message.js';

/** Messages whose progress is kept for a retry. */
const PROGRESS_KEPT = 64;

/**
 * Sends a message's events one request each, in order, stopping at the first failure. A retry of the message
 * starts at the event that failed: those before it were answered 2xx, and sending them again could undo what
 * came after them (a trigger sent again after its resolve opens a second incident).
 */
export class EventSequence<E> {
  private readonly answered = new Map<string, number>();

  async send(messageId: string, events: readonly E[], post: (event: E, index: number) => Promise<DeliveryResult>): Promise<DeliveryResult> {
    let last: DeliveryResult = { ok: true, retryable: false, reason: 'nothing to send' };
    for (let index = this.answered.get(messageId) ?? 0; index < events.length; index++) {
      last = await post(events[index]!, index);
      if (!last.ok) {
        this.keep(messageId, index);
        return last;
      }
    }
    this.answered.delete(messageId);
    return last;
  }

  private keep(messageId: string, index: number): void {
    this.answered.delete(messageId);
    if (index === 0) return;
    this.answered.set(messageId, index);
    // Messages that failed for good never come back: keep the most recent few.
    if (this.answered.size > PROGRESS_KEPT) this.answered.delete(this.answered.keys().next().value!);
  }
}
