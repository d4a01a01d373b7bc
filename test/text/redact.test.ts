import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { configRedactor, createRedactor, redactValue } from '../../source/text/redact.js';

describe('redaction', () => {
  it('replaces every secret, longest first, in its plain, URL-encoded and JSON-escaped forms', () => {
    const redact = createRedactor(['abcd', 'abcdefgh', 'p@ss"word']);
    expect(redact('x abcdefgh y abcd z')).toBe('x [redacted] y [redacted] z');
    expect(redact(`${encodeURIComponent('p@ss"word')} ${JSON.stringify('p@ss"word')}`)).toBe('[redacted] "[redacted]"');
  });

  it.each([
    { encoding: 'raw', text: (s: string) => s },
    { encoding: 'percent-encoded as a URL component', text: (s: string) => encodeURIComponent(s) },
    { encoding: 'percent-encoded with lower-case hex', text: (s: string) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()) },
    { encoding: 'percent-encoded as a whole URL', text: (s: string) => encodeURI(`https://runbooks.example.org/${s}`) },
    { encoding: 'as URL parsing leaves it in a query', text: (s: string) => new URL(`https://api.example.org/v1?key=${s}`).href },
    { encoding: 'as URL parsing leaves it in a path', text: (s: string) => new URL(`https://api.example.org/${s}/x`).href },
    { encoding: 'form-encoded (space as +)', text: (s: string) => new URLSearchParams({ key: s }).toString() },
    { encoding: 'JSON-escaped', text: (s: string) => JSON.stringify({ key: s }) },
    { encoding: 'YAML double-quoted', text: (s: string) => stringify({ key: s }, { defaultStringType: 'QUOTE_DOUBLE' }) },
    { encoding: 'YAML single-quoted', text: (s: string) => stringify({ key: s }, { defaultStringType: 'QUOTE_SINGLE' }) },
    { encoding: 'YAML as the library chooses', text: (s: string) => stringify({ key: s }) },
    { encoding: 'HTML text', text: (s: string) => `<a href="x">${s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')}</a>` },
  ])('finds a secret with every awkward character when it is $encoding', ({ text }) => {
    const secret = `k3y with space/slash+plus&amp"quote'tick<lt>é\u0001|pipe`;
    const out = createRedactor([secret])(text(secret));
    expect(out).toContain('[redacted]');
    for (const part of ['k3y', 'slash', 'plus', 'quote', 'tick', 'pipe']) expect(out).not.toContain(part);
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
