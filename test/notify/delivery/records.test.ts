import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../source/core/delivery-record.js';
import { Recorder } from '../../../source/notify/delivery/records.js';
import { MAX_REASON_CHARS } from '../../../source/notify/http.js';
import { createRedactor } from '../../../source/text/redact.js';
import { config, event, message, T0 } from '../helpers.js';

const cfg = config('channels:\n  t: { type: terminal }\n  u: { type: terminal }\n');

describe('record step', () => {
  it('redacts every record before it is kept or handed on', () => {
    const handed: DeliveryRecord[] = [];
    const recorder = new Recorder(createRedactor(['s3cret-token']), (r) => handed.push(r));
    recorder.record({ record: 'failed', at: T0, message: message(cfg, 't', [event('firing')]), channelType: 'terminal', attempt: 1, reason: 'HTTP 403: bad s3cret-token' });
    expect(handed[0]).toMatchObject({ record: 'failed', channel: 't', channelType: 'terminal', attempt: 1, reason: 'HTTP 403: bad [redacted]' });
    expect(recorder.recent()).toEqual(handed);
  });

  it('cuts a long reason to record size only after redacting it, so a secret across the cut leaves nothing of itself', () => {
    const handed: DeliveryRecord[] = [];
    const recorder = new Recorder(createRedactor(['s3cret-token']), (r) => handed.push(r));
    const reason = `HTTP 503: ${'y'.repeat(MAX_REASON_CHARS - 'HTTP 503: '.length - 4)}s3cret-token and more`;
    recorder.record({ record: 'failed', at: T0, message: message(cfg, 't', [event('firing')]), channelType: 'terminal', attempt: 1, reason });
    expect(handed[0]!.reason).not.toContain('s3cr');
    expect(handed[0]!.reason).toHaveLength(MAX_REASON_CHARS + 1);
    expect(handed[0]!.reason.endsWith('…')).toBe(true);
  });

  it('keeps a reason one printable line, whatever the channel put in it: no escape sequence reaches a terminal', () => {
    const handed: DeliveryRecord[] = [];
    const recorder = new Recorder(createRedactor([]), (r) => handed.push(r));
    const reason = 'SMTP 554 \u001b]0;pwned\u0007\u001b[2Jrejected\r\n\u009b31m here';
    recorder.record({ record: 'failed', at: T0, message: message(cfg, 't', [event('firing')]), channelType: 'terminal', attempt: 1, reason });
    expect(handed[0]!.reason).toMatch(/^SMTP 554 .*rejected here$/);
    expect(handed[0]!.reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('keeps the last 50 records per channel, oldest first across channels', () => {
    const recorder = new Recorder(createRedactor([]), undefined);
    for (let i = 0; i < 60; i++) recorder.record({ record: 'attempt', at: T0 + i, message: message(cfg, 't', [event('firing')]), channelType: 'terminal', attempt: i });
    recorder.record({ record: 'attempt', at: T0 + 30, message: message(cfg, 'u', [event('firing')]), channelType: 'terminal', attempt: 1 });
    expect(recorder.recent('t').map((r) => r.attempt)).toEqual(Array.from({ length: 50 }, (_, i) => i + 10));
    expect(recorder.recent().map((r) => r.at).slice(20, 23)).toEqual([T0 + 30, T0 + 30, T0 + 31]);
  });
});
