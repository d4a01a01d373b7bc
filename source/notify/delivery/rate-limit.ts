/** Per-channel spacing between sends (Slack: about one message a second per webhook). */
export class RateLimiter {
  private nextAt = 0;

  constructor(private readonly minIntervalMs: number) {}

  /** How long to wait before the next send may start. */
  waitMs(now: number): number {
    return Math.max(0, this.nextAt - now);
  }

  sent(now: number): void {
    this.nextAt = now + this.minIntervalMs;
  }
}
