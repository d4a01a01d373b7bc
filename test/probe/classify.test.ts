import { describe, expect, it } from 'vitest';
import { classifyError, classifyResponse, parseRetryAfter } from '../../source/probe/classify.js';

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

describe('classifyResponse', () => {
  it.each([
    { status: 200, expect: {}, body: undefined, outcome: 'ok' },
    { status: 301, expect: {}, body: undefined, outcome: 'ok' },
    { status: 404, expect: {}, body: undefined, outcome: 'unexpected_status', message: 'HTTP 404 (expected 2xx/3xx)' },
    { status: 429, expect: {}, body: undefined, outcome: 'unexpected_status', message: 'HTTP 429 (expected 2xx/3xx)' },
    { status: 500, expect: {}, body: undefined, outcome: 'http_5xx', message: 'HTTP 500' },
    { status: 503, expect: { status: [503] }, body: undefined, outcome: 'http_5xx', message: 'HTTP 503' },
    { status: 204, expect: { status: [200] }, body: undefined, outcome: 'unexpected_status', message: 'HTTP 204 (expected 200)' },
    { status: 404, expect: { status: [200, 404] }, body: undefined, outcome: 'ok' },
    { status: 200, expect: { bodyContains: 'Earth' }, body: '{"title":"Earth"}', outcome: 'ok' },
    {
      status: 200,
      expect: { bodyContains: 'Earth' },
      body: '{"title":"Mars"}',
      outcome: 'expectation_failed',
      message: 'body does not contain "Earth"',
    },
  ])('HTTP $status with $expect is $outcome', ({ status, expect: expectation, body, outcome, message }) => {
    const verdict = classifyResponse(status, expectation, body);
    expect(verdict.outcome).toBe(outcome);
    if (message) expect(verdict.message).toBe(message);
  });
});

describe('classifyError', () => {
  it.each([
    { error: coded('ECONNREFUSED'), outcome: 'connection_refused' },
    { error: coded('ENOTFOUND'), outcome: 'dns' },
    { error: coded('EAI_AGAIN'), outcome: 'dns' },
    { error: coded('ECONNRESET'), outcome: 'reset' },
    { error: coded('UND_ERR_SOCKET'), outcome: 'reset' },
    { error: coded('UND_ERR_HEADERS_TIMEOUT'), outcome: 'timeout' },
    { error: coded('UND_ERR_BODY_TIMEOUT'), outcome: 'timeout' },
    { error: Object.assign(new Error('aborted'), { name: 'AbortError' }), outcome: 'timeout' },
    { error: coded('DEPTH_ZERO_SELF_SIGNED_CERT'), outcome: 'tls' },
    { error: coded('ERR_TLS_CERT_ALTNAME_INVALID'), outcome: 'tls' },
    { error: new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }), outcome: 'connection_refused' },
    { error: new Error('outer', { cause: new Error('middle', { cause: coded('ENOTFOUND') }) }), outcome: 'dns' },
    { error: new Error('something odd'), outcome: 'error' },
    { error: 'a string', outcome: 'error' },
  ])('$error.message ($error.code) is $outcome', ({ error, outcome }) => {
    expect(classifyError(error).outcome).toBe(outcome);
  });

  it('keeps the message of an unknown error', () => {
    expect(classifyError(new Error('something odd'))).toEqual({ outcome: 'error', message: 'something odd' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    { value: '120', ms: 120_000 },
    { value: ' 5 ', ms: 5_000 },
    { value: ['7', '9'], ms: 7_000 },
    { value: 'Thu, 01 Jan 2026 00:00:30 GMT', ms: 30_000 },
    { value: 'Wed, 31 Dec 2025 23:00:00 GMT', ms: 0 },
    { value: undefined, ms: undefined },
    { value: '', ms: undefined },
    { value: 'soon', ms: undefined },
    { value: 'Thursday, 01-Jan-26 00:01:00 GMT', ms: 60_000 },
    { value: 'Thu Jan  1 00:02:00 2026', ms: 120_000 },
    { value: '999999999999', ms: 999_999_999_999_000 },
    { value: '99999999999999999999999', ms: Number.MAX_SAFE_INTEGER },
  ])('$value waits $ms ms', ({ value, ms }) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each(['1.5', '-1', '+5', 'soon 5', '2026-01-01', '5 seconds', 'Thu, 01 Jan 2026 99:00:00 GMT', 'Thu, 32 Jan 2026 00:00:00 GMT', '0x10'])(
    'reads the garbage "%s" as no Retry-After at all',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});
