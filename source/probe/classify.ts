import type { Outcome } from '../core/probe-sample.js';

export interface Expectation {
  status?: number[] | undefined;
  bodyContains?: string | undefined;
}

/** A completed probe response against the API's expectation: 5xx first, then unexpected statuses, then the body. */
export function classifyProbeResponse(status: number, expect: Expectation, body: string | undefined): { outcome: Outcome; message?: string } {
  // HTTP status codes are three digits from 100 to 599: a 999 is a broken server, not a server error to count as 5xx.
  if (status < 100 || status > 599) return { outcome: 'error', message: `invalid HTTP status ${status}` };
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

/** undici's words for a response it cannot read, where the code alone (UND_ERR_SOCKET) would read as a reset. */
const BAD_RESPONSE = /^bad (upgrade|response)/;

/** Classifies a thrown transport error by walking its cause chain for a known code. */
export function classifyError(error: unknown): { outcome: Outcome; message: string } {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, name, message = '' } = current as { code?: string; name?: string; message?: string };
    if (name === 'AbortError' || name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code))) return { outcome: 'timeout', message: 'timed out' };
    if (code === 'ECONNREFUSED') return { outcome: 'connection_refused', message: 'connection refused' };
    if (code && DNS_CODES.has(code)) return { outcome: 'dns', message: `DNS lookup failed (${code})` };
    if (code && TLS_CODES.test(code)) return { outcome: 'tls', message: `TLS: ${opensslReason(message)}` };
    // The server broke the protocol (a 101 to a GET, endless 100 Continue, a status line undici asserts against): no network fault.
    if (code === 'ERR_ASSERTION') return { outcome: 'error', message: 'invalid response: the HTTP client could not read its status line' };
    if (code === 'UND_ERR_SOCKET' && BAD_RESPONSE.test(message)) return { outcome: 'error', message: `invalid response: ${oneLine(message)}` };
    if (code && RESET_CODES.has(code)) return { outcome: 'reset', message: `connection reset (${code})` };
  }
  return { outcome: 'error', message: oneLine(error instanceof Error ? error.message : String(error)) };
}

/** OpenSSL's "805C…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…:350:" as its reason alone. */
function opensslReason(message: string): string {
  return oneLine(/error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)/.exec(message)?.[1] ?? message);
}

function oneLine(text: string): string {
  return text.trim().split(/\s*\n\s*/)[0] ?? '';
}
