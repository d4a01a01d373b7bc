import { networkFailure } from '../http.js';
import type { DeliveryResult, Message, Notifier } from '../message.js';
import { decideRetry, type RetryPolicy } from './retry.js';

/** One attempt; a channel that throws anyway counts as a network failure, so it is retried like one. */
export async function attemptSend(notifier: Notifier, message: Message): Promise<DeliveryResult> {
  try {
    return await notifier.send(message);
  } catch (error) {
    return networkFailure(error);
  }
}

export type Verdict = { record: 'delivered' | 'skipped' | 'failed' } | { record: 'retrying'; delayMs: number };

/** What an attempt's result means for its message: settled (delivered, skipped, given up) or tried again later. */
export function verdict(result: DeliveryResult, attempt: number, ageMs: number, policy: RetryPolicy, random: () => number): Verdict {
  if (result.ok) return { record: result.skipped ? 'skipped' : 'delivered' };
  const decision = decideRetry(result, attempt, ageMs, policy, random);
  return decision.retry ? { record: 'retrying', delayMs: decision.delayMs } : { record: 'failed' };
}
