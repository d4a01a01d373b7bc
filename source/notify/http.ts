import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { formatDuration } from '../core/duration.js';
import { parseRetryAfter } from '../core/retry-after.js';
import { sanitize } from '../text/sanitize.js';
import type { DeliveryResult } from './message.js';

/**
 * How much of an answer is read: room for any receiver's error text (Slack's `invalid_blocks`, the start of
 * an HTML error page). The status has already said how it went; the rest is dropped unread, so a receiver
 * answering with gigabytes costs nothing.
 */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** How much of the answer a record keeps as its reason. */
export const MAX_REASON_CHARS = 2_000;

/**
 * A reason cut to record size. Cut only after redaction: a secret the receiver echoes across the cut would
 * otherwise leave in part, as the redactor no longer sees it whole.
 */
export function recordReason(redacted: string): string {
  // Every channel's reason passes here: whatever a receiver or library put in it, a record holds one printable line.
  const line = reasonText(redacted);
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS)}…` : line;
}

export interface PostOptions {
  dispatcher?: Dispatcher | undefined;
  /** The channel's configured headers. */
  headers?: Record<string, string> | undefined;
  /** Headers naming the message, the same on every attempt of it (see `idempotencyHeaders`); they win over configured ones. */
  identity?: Record<string, string> | undefined;
  /** The whole attempt, from connecting to the last byte read of the answer. */
  timeoutMs: number;
  /** For turning an HTTP-date Retry-After into a delay. */
  now: () => number;
}

/**
 * The header a receiver recognises a repeat by (the IETF Idempotency-Key draft, Stripe and others): an attempt
 * that timed out may still have been processed, and the retry carries the same key so it is not shown twice.
 */
export function idempotencyHeaders(key: string): Record<string, string> {
  return { 'idempotency-key': key };
}

/** POSTs JSON and turns whatever happens into a DeliveryResult; never throws, never waits past the timeout. */
export async function postJson(url: string, body: unknown, options: PostOptions): Promise<DeliveryResult> {
  return (await post(url, { contentType: 'application/json', text: JSON.stringify(body) }, options)).result;
}

/** A DeliveryResult and the answer it was read from (at most MAX_ANSWER_BYTES), for receivers whose 200 can still carry an error. */
export interface Answered {
  result: DeliveryResult;
  answer: string;
}

/** POSTs a body of any type, like postJson, and hands back the answer too. */
export async function post(url: string, body: { contentType: string; text: string }, options: PostOptions): Promise<Answered> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': body.contentType, ...lowerCased(options.headers), ...lowerCased(options.identity) },
      body: body.text,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      signal,
    });
    const text = await readAnswer(response.body);
    return { result: classifyReceiverResponse(response.statusCode, text, response.headers['retry-after'], options.now()), answer: text };
  } catch (error) {
    if (signal.aborted) return { result: { ok: false, retryable: true, reason: `network error: no answer within ${formatDuration(options.timeoutMs)} (the channel's timeout)` }, answer: '' };
    return { result: networkFailure(error), answer: '' };
  }
}

/** Header names are case-insensitive: one spelling each, so an identity header replaces a configured one instead of joining it. */
function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * The first MAX_ANSWER_BYTES of the answer; then the connection is dropped. An answer cut short (the
 * deadline, a reset) keeps what arrived: the status line already decided the outcome.
 */
async function readAnswer(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const kept = chunk.subarray(0, MAX_ANSWER_BYTES - size);
      chunks.push(kept);
      size += kept.length;
      if (size >= MAX_ANSWER_BYTES) break;
    }
  } catch {
    // Cut short: what arrived is the answer.
  } finally {
    body.destroy();
  }
  // A streaming decode leaves out a character the cut split in two instead of printing U+FFFD.
  return new TextDecoder().decode(Buffer.concat(chunks), { stream: true });
}

/** A receiver's words as one printable line; cut to record size where it is recorded (`recordReason`). */
export function reasonText(answer: string): string {
  return sanitize(answer).replace(/\s+/g, ' ').trim();
}

/** A receiver's answer to a delivery: 2xx delivered; 429 and 5xx worth retrying (with the receiver's Retry-After); any other status is final. */
export function classifyReceiverResponse(status: number, body: string, retryAfter: string | string[] | undefined, now: number): DeliveryResult {
  const words = reasonText(htmlTitle(body) ?? body);
  const redirect = status >= 300 && status < 400 ? " (a redirect, which is not followed: set the channel's url to where it points)" : '';
  const reason = words === '' ? `HTTP ${status}${redirect}` : `HTTP ${status}${redirect}: ${words}`;
  if (status >= 200 && status < 300) return { ok: true, retryable: false, status, reason };
  if (status === 429 || status >= 500) {
    return { ok: false, retryable: true, status, reason, retryAfterMs: parseRetryAfter(retryAfter, now) };
  }
  return { ok: false, retryable: false, status, reason };
}

/** A request that could not be made at all: every attempt would fail the same way, so none is retried. */
const MALFORMED_REQUEST = new Set(['ERR_INVALID_URL', 'UND_ERR_INVALID_ARG']);

/** A proxy's error page says what happened in its title ("502 Bad Gateway"), not in the styles before its body. */
function htmlTitle(body: string): string | undefined {
  if (!/^\s*<(!doctype html|html)/i.test(body)) return undefined;
  return /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
}

/** Connection refused, reset, timed out: the receiver may come back, so these are retried. */
export function networkFailure(error: unknown): DeliveryResult {
  const code = (error as { code?: string }).code;
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  const name = code ?? cause;
  const detail = name && !message.includes(name) ? `${name}: ${message}` : message;
  if (name !== undefined && MALFORMED_REQUEST.has(name)) return { ok: false, retryable: false, reason: `cannot send: ${detail}` };
  return { ok: false, retryable: true, reason: `network error: ${detail}` };
}
