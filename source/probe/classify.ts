import type { Outcome } from '../core/probe-sample.js';

export interface Expectation {
  status?: number[] | undefined;
  bodyContains?: string | undefined;
}

/** Classifies a completed response: 5xx first, then unexpected statuses, then the body expectation. */
export function classifyResponse(status: number, expect: Expectation, body: string | undefined): { outcome: Outcome; message?: string } {
  if (status >= 500) return { outcome: 'http_5xx', message: `HTTP ${status}` };
  const expected = expect.status ?? [];
  const statusOk = expected.length > 0 ? expected.includes(status) : status >= 200 && status < 400;
  if (!statusOk) {
    const wanted = expected.length > 0 ? expected.join('/') : '2xx/3xx';
    return { outcome: 'unexpected_status', message: `HTTP ${status} (expected ${wanted})` };
  }
  if (expect.bodyContains !== undefined && !(body ?? '').includes(expect.bodyContains)) {
    return { outcome: 'expectation_failed', message: `body does not contain ${JSON.stringify(expect.bodyContains)}` };
  }
  return { outcome: 'ok' };
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'ABORT_ERR']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO|HOSTNAME_MISMATCH)/;

/** Classifies a thrown transport error by walking its cause chain for a known code. */
export function classifyError(error: unknown): { outcome: Outcome; message: string } {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, name } = current as { code?: string; name?: string };
    if (name === 'AbortError' || name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code))) return { outcome: 'timeout', message: 'timed out' };
    if (code === 'ECONNREFUSED') return { outcome: 'connection_refused', message: 'connection refused' };
    if (code && DNS_CODES.has(code)) return { outcome: 'dns', message: `DNS lookup failed (${code})` };
    if (code && TLS_CODES.test(code)) return { outcome: 'tls', message: `TLS: ${(current as Error).message}` };
    if (code && RESET_CODES.has(code)) return { outcome: 'reset', message: `connection reset (${code})` };
  }
  return { outcome: 'error', message: error instanceof Error ? error.message : String(error) };
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** The three HTTP-date forms (RFC 9110 5.6.7): IMF-fixdate, the obsolete RFC 850 form, and asctime (which is GMT without saying so). */
const HTTP_DATES: { form: RegExp; zone: string }[] = [
  { form: new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`), zone: '' },
  { form: new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`), zone: '' },
  { form: new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`), zone: ' GMT' },
];

/**
 * Reads Retry-After as delay-seconds or an HTTP-date; undefined when absent or anything else. Only those
 * forms are read: Date.parse alone takes "1.5" or "soon 5" for days in 2001 and would wait for nothing.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return undefined;
  // A wait longer than any clock can count is still a valid header: it is kept as the longest exact one.
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1_000, Number.MAX_SAFE_INTEGER);
  const date = HTTP_DATES.find(({ form }) => form.test(text));
  if (!date) return undefined;
  const at = Date.parse(text + date.zone);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
