/** Messages whose progress is kept for a retry. */
const KEPT = 64;

/**
 * How far a message got, kept between its attempts so a retry goes on from there. Messages that failed for good
 * never come back: only the most recently updated few are kept.
 */
export class RecentProgress<V> {
  private readonly entries = new Map<string, V>();

  get(messageId: string): V | undefined {
    return this.entries.get(messageId);
  }

  set(messageId: string, progress: V): void {
    this.entries.delete(messageId);
    this.entries.set(messageId, progress);
    if (this.entries.size > KEPT) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(messageId: string): void {
    this.entries.delete(messageId);
  }
}
