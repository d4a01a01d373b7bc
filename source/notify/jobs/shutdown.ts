import type { Clock, TimerHandle } from '../../core/clock.js';

/** Waits for `work`, but no longer than `timeoutMs` on the injected clock: shutdown must not hang on a slow receiver. */
export async function withDeadline(clock: Clock, timeoutMs: number, work: Promise<unknown>): Promise<void> {
  let timer: TimerHandle | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = clock.setTimeout(resolve, timeoutMs);
  });
  await Promise.race([work, deadline]);
  if (timer) clock.clearTimeout(timer);
}
