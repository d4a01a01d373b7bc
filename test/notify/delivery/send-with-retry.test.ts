import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../../source/notify/delivery/retry.js';
import { attemptSend, verdict } from '../../../source/notify/delivery/send-with-retry.js';
import { config, event, message } from '../helpers.js';

const cfg = config('channels:\n  t: { type: terminal }\n');

describe('send with retry', () => {
  it('counts a channel that throws as a network failure, so it is retried', async () => {
    const failing = { send: (): Promise<never> => Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })) };
    const result = await attemptSend(failing, message(cfg, 't', [event('firing')]));
    expect(result).toEqual({ ok: false, retryable: true, reason: 'network error: ECONNRESET: socket hang up' });
  });

  it('settles a delivery as delivered and a skip as skipped', () => {
    expect(verdict({ ok: true, retryable: false, reason: 'ok' }, 1, 0, DEFAULT_RETRY, () => 1)).toEqual({ record: 'delivered' });
    expect(verdict({ ok: true, skipped: true, retryable: false, reason: 'no terminal' }, 1, 0, DEFAULT_RETRY, () => 1)).toEqual({ record: 'skipped' });
  });

  it('tries a transient failure again after the backoff', () => {
    expect(verdict({ ok: false, retryable: true, reason: 'HTTP 503' }, 2, 0, DEFAULT_RETRY, () => 1)).toEqual({ record: 'retrying', delayMs: 2_000 });
  });

  it('gives up on a final answer, and on a transient one past giveUpAfter', () => {
    expect(verdict({ ok: false, retryable: false, reason: 'HTTP 400' }, 1, 0, DEFAULT_RETRY, () => 1)).toEqual({ record: 'failed' });
    expect(verdict({ ok: false, retryable: true, reason: 'HTTP 503' }, 1, DEFAULT_RETRY.giveUpAfterMs, DEFAULT_RETRY, () => 1)).toEqual({ record: 'failed' });
  });
});
