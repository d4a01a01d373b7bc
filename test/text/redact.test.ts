import { describe, expect, it } from 'vitest';
import { configRedactor, createRedactor, redactValue } from '../../source/text/redact.js';

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

  it('hides the values the config took from the environment', () => {
    const redact = configRedactor({ secrets: ['SEKRETAPIKEY'] });
    expect(redact('GET https://api.example.org/v1?key=SEKRETAPIKEY')).toBe('GET https://api.example.org/v1?key=[redacted]');
  });
});
