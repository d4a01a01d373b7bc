import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES, postJson } from '../../source/notify/http.js';
import { MB, measured } from '../helpers/measured.js';
import { Receiver } from '../helpers/receiver.js';
import { T0 } from './helpers.js';

describe('postJson', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = new Receiver();
    await receiver.listen();
  });
  afterEach(() => receiver.close());

  const post = (timeoutMs: number, headers?: Record<string, string>, identity?: Record<string, string>) =>
    postJson(receiver.url('/hook'), { text: 'hello' }, { timeoutMs, headers, identity, now: () => T0 });

  it('gives up on a receiver slower than the timeout, says so, and leaves the retry to the queue', async () => {
    receiver.script({ status: 200, body: 'ok', delayMs: 8_000 });
    const { result, ms } = await measured(() => post(1_000));
    expect(result).toEqual({ ok: false, retryable: true, reason: "network error: no answer within 1s (the channel's timeout)" });
    // Far below the receiver's 8 s: the timeout ended the wait, with room for a loaded machine.
    expect(ms).toBeLessThan(4_000);
    expect(receiver.requests).toHaveLength(1);
  });

  it('waits for a receiver that answers inside the timeout', async () => {
    // An answer after more than a second, well inside a timeout with room for a busy machine.
    receiver.script({ status: 200, body: 'ok', delayMs: 1_200 });
    expect(await post(10_000)).toMatchObject({ ok: true, status: 200 });
  });

  it('reads only the head of an endless answer, then hangs up, long before the timeout and without growing', async () => {
    receiver.script({ status: 500, body: 'upstream exploded ', stream: { bytes: Infinity } });
    const { result, ms, rssGrowth } = await measured(() => post(5_000));
    expect(result).toMatchObject({ ok: false, retryable: true, status: 500 });
    expect(result.reason.startsWith('HTTP 500: upstream exploded xxx')).toBe(true);
    expect(ms).toBeLessThan(4_000);
    expect(rssGrowth).toBeLessThan(50 * MB);
    await expect.poll(() => receiver.streamed, { timeout: 10_000 }).toEqual([{ bytes: expect.any(Number), cut: true }]);
  });

  it('hangs up on a 300 MB answer after its first 64 KiB: the RSS stays flat', async () => {
    receiver.script({ status: 400, body: 'invalid_payload ', stream: { bytes: 300 * MB } });
    const { result, ms, rssGrowth } = await measured(() => post(5_000));
    expect(result).toMatchObject({ ok: false, retryable: false, status: 400 });
    expect(ms).toBeLessThan(4_000);
    expect(rssGrowth).toBeLessThan(50 * MB);
    await expect.poll(() => receiver.streamed.length, { timeout: 10_000 }).toBe(1);
    // What the sockets held beyond the 64 KiB read, never the answer.
    expect(receiver.streamed[0]!.bytes).toBeLessThan(16 * MB);
    expect(receiver.streamed[0]!.cut).toBe(true);
  });

  it('keeps the outcome of a 2xx whose answer trickles past the timeout: the status was the answer', async () => {
    receiver.script({ status: 200, body: 'accepted ', stream: { bytes: 1_000, chunkBytes: 1, everyMs: 50 } });
    const { result, ms } = await measured(() => post(1_000));
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.reason).toMatch(/^HTTP 200: accepted x+$/);
    // The whole answer would take 50 s.
    expect(ms).toBeLessThan(4_000);
  });

  it('reads at most 64 KiB of the answer into the reason, left whole for redaction before it is cut', async () => {
    receiver.script({ status: 503, body: 'y'.repeat(MAX_ANSWER_BYTES * 2) });
    const { reason } = await post(5_000);
    expect(reason).toBe(`HTTP 503: ${'y'.repeat(MAX_ANSWER_BYTES)}`);
  });

  it('makes the reason one printable line: no escape sequences, control or reordering characters', async () => {
    receiver.script({ status: 403, body: '\u001b[2J\u001b]0;pwned\u0007channel\u202e_is\r\n\tarchived\u0000' });
    expect((await post(5_000)).reason).toBe('HTTP 403: channel_is archived');
  });

  it('sends identity headers over configured ones of the same name in any case', async () => {
    await post(5_000, { 'IDEMPOTENCY-KEY': 'from-config', 'X-Team': 'mwi' }, { 'idempotency-key': 'm-1' });
    expect(receiver.requests[0]!.headers).toMatchObject({ 'idempotency-key': 'm-1', 'x-team': 'mwi' });
    expect(receiver.requests[0]!.headers['idempotency-key']).toBe('m-1');
  });
});

describe('a request that cannot be made', () => {
  it('is final, not retried as a network fault: every attempt would fail alike', async () => {
    const result = await postJson('http://[bad host]/hook', { text: 'hello' }, { timeoutMs: 1_000, now: () => T0 });
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.reason).toMatch(/^cannot send: ERR_INVALID_URL/);
  });
});

describe('a receiver\'s answer in the reason', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = new Receiver();
    await receiver.listen();
  });
  afterEach(() => receiver.close());

  it('says a redirect is not followed, and what to do about it', async () => {
    receiver.script({ status: 301, body: '' });
    const result = await postJson(receiver.url('/hook'), { text: 'hello' }, { timeoutMs: 1_000, now: () => T0 });
    expect(result).toEqual({ ok: false, retryable: false, status: 301, reason: "HTTP 301 (a redirect, which is not followed: set the channel's url to where it points)" });
  });

  it('gives a proxy\'s HTML error page by its title, not by the markup before its text', async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>${'body{font-family:sans-serif}'.repeat(200)}</style></head><body><h1>502 Bad Gateway</h1></body></html>`;
    receiver.script({ status: 502, body: page });
    const result = await postJson(receiver.url('/hook'), { text: 'hello' }, { timeoutMs: 1_000, now: () => T0 });
    expect(result).toMatchObject({ ok: false, retryable: true, status: 502, reason: 'HTTP 502: 502 Bad Gateway' });
  });
});
