import type { DeliveryResult } from '../message.js';
import { reasonText } from '../http.js';

/** A recipient the SMTP server turned down in RCPT TO, as nodemailer reports it. */
export interface RefusedRecipient {
  recipient: string;
  responseCode?: number;
  response?: string;
}

/** Where one message stands with its recipients, from one attempt to the next. */
export interface RecipientProgress {
  /** Deferred (4xx) on the last attempt: the next attempt goes to these alone. */
  pending: string[];
  /** Refused for good (5xx), each with the server's words: the message fails for them once the rest is done. */
  refused: string[];
  /** Accepted by the server on this attempt or an earlier one. */
  delivered: number;
  /** The server's words for the first deferral. */
  deferral?: string;
}

/**
 * The recipients' standing after an attempt sent to `sentTo`. A server may accept some recipients and refuse
 * others; the accepted ones have the mail, so a retry must not send it to them again.
 */
export function afterAttempt(sentTo: readonly string[], refusedNow: readonly RefusedRecipient[], before: RecipientProgress | undefined): RecipientProgress {
  const pending: string[] = [];
  let deferral: string | undefined;
  const refused = [...(before?.refused ?? [])];
  let turnedDown = 0;
  for (const { recipient, responseCode, response } of refusedNow) {
    if (!sentTo.includes(recipient)) continue;
    turnedDown++;
    if (responseCode !== undefined && responseCode < 500) {
      pending.push(recipient);
      deferral ??= reasonText(response ?? '');
    } else refused.push(`${recipient} (${reasonText(response ?? 'refused')})`);
  }
  return { pending, refused, delivered: (before?.delivered ?? 0) + sentTo.length - turnedDown, ...(deferral ? { deferral } : {}) };
}

/** The attempt's outcome: retried while some recipient is only deferred, failed if any was refused for good. */
export function recipientsResult(progress: RecipientProgress, response: string | undefined): DeliveryResult {
  const words = reasonText(response ?? '');
  const others = progress.delivered > 0 ? '; the other recipients have it' : '';
  if (progress.pending.length > 0) {
    return { ok: false, retryable: true, status: 450, reason: `SMTP deferred the mail for ${progress.pending.join(', ')} (${progress.deferral ?? 'no reason given'})${others}; the retry goes to them alone` };
  }
  if (progress.refused.length > 0) {
    return { ok: false, retryable: false, status: 550, reason: `SMTP refused the mail for ${progress.refused.join('; ')}${others}` };
  }
  return { ok: true, retryable: false, status: 250, reason: words === '' ? 'SMTP 250' : words };
}
