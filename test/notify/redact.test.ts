import { describe, expect, it } from 'vitest';
import { configSecrets, createRedactor, redactValue } from '../../source/notify/redact.js';
import { config } from './helpers.js';

describe('redaction', () => {
  it('replaces every secret, longest first, in its plain, URL-encoded and JSON-escaped forms', () => {
    const redact = createRedactor(['abcd', 'abcdefgh', 'p@ss"word']);
    expect(redact('x abcdefgh y abcd z')).toBe('x [redacted] y [redacted] z');
    expect(redact(`${encodeURIComponent('p@ss"word')} ${JSON.stringify('p@ss"word')}`)).toBe('[redacted] "[redacted]"');
  });

  it('ignores values too short to be secrets', () => {
    expect(createRedactor(['abc'])('abc')).toBe('abc');
  });

  it('redacts every string inside a record', () => {
    const redact = createRedactor(['s3cret']);
    expect(redactValue({ a: ['x s3cret'], b: { c: 's3cret' }, n: 1 }, redact)).toEqual({ a: ['x [redacted]'], b: { c: '[redacted]' }, n: 1 });
  });

  it('collects environment values and each channel type\'s secrets from the config', () => {
    const cfg = config(
      `channels:
  s: { type: slack, url: "https://hooks.slack.example/services/T/B/tok" }
  t: { type: teams, url: "https://teams.example/wf?sig=abc123" }
  w: { type: webhook, url: "https://example.org/hook", headers: { Authorization: "Bearer x-token" } }
  p: { type: pagerduty, routingKey: "\${PD}" }
  m: { type: email, to: a@example.org, from: b@example.org, smtp: { host: h, pass: smtp-pass } }
  a: { type: alertmanager, url: "http://u:am-pass@127.0.0.1:9093" }
  d: { type: terminal }
`,
      { PD: 'pd-routing-key' },
    );
    expect(configSecrets(cfg).sort()).toEqual(
      [
        'pd-routing-key',
        'https://hooks.slack.example/services/T/B/tok',
        '/services/T/B/tok',
        'https://teams.example/wf?sig=abc123',
        '/wf?sig=abc123',
        'Bearer x-token',
        'https://example.org/hook',
        'pd-routing-key',
        'smtp-pass',
        'am-pass',
      ].sort(),
    );
  });
});
