import { request, type Dispatcher } from 'undici';
import { parseRetryAfter } from '../core/retry-after.js';
import type { DeliveryResult } from './message.js';

const MAX_BODY_CHARS = 2_000;
const DEFAULT_TIMEOUT_MS = 10_000;

export interface PostOptions {
  dispatcher?: Dispatcher | undefined;
  headers?: Record<string, string> | undefined;
  timeoutMs?: number | undefined;
  /** For turning an HTTP-date Retry-After into a delay. */
  now: () => number;
}

/** POSTs JSON and turns whatever happens into a DeliveryResult; never throws. */
export async function postJson(url: string, body: unknown, options: PostOptions): Promise<DeliveryResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await response.body.text()).slice(0, MAX_BODY_CHARS);
    return classifyReceiverResponse(response.statusCode, text, response.headers['retry-after'], options.now());
  } catch (error) {
    return networkFailure(error);
  }
}

/** A receiver's answer to a delivery: 2xx delivered; 429 and 5xx worth retrying (with the receiver's Retry-After); any other status is final. */
export function classifyReceiverResponse(status: number, body: string, retryAfter: string | string[] | undefined, now: number): DeliveryResult {
  const reason = body.trim() === '' ? `HTTP ${status}` : `HTTP ${status}: ${body.trim()}`;
  if (status >= 200 && status < 300) return { ok: true, retryable: false, status, reason };
  if (status === 429 || status >= 500) {
    return { ok: false, retryable: true, status, reason, retryAfterMs: parseRetryAfter(retryAfter, now) };
  }
  return { ok: false, retryable: false, status, reason };
}

/** Connection refused, reset, timed out: the receiver may come back, so these are retried. */
export function networkFailure(error: unknown): DeliveryResult {
  const code = (error as { code?: string }).code;
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  const name = code ?? cause;
  const detail = name && !message.includes(name) ? `${name}: ${message}` : message;
  return { ok: false, retryable: true, reason: `network error: ${detail}` };
}
