import { describe, expect, it } from 'vitest';
import { sanitize, shownText, unsafeCharacter } from '../../source/text/sanitize.js';

describe('sanitize', () => {
  it.each([
    { name: 'plain text', input: 'HTTP 503 upstream unavailable', output: 'HTTP 503 upstream unavailable' },
    { name: 'colour codes', input: '\u001b[31mred\u001b[0m', output: 'red' },
    { name: 'cursor movement and screen clearing', input: 'a\u001b[2J\u001b[H\u001b[10;20Hb', output: 'ab' },
    { name: 'an OSC title change ended by BEL', input: '\u001b]0;pwned\u0007text', output: 'text' },
    { name: 'an OSC 8 hyperlink ended by ST', input: '\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\', output: 'link' },
    { name: 'a full reset (ESC c)', input: 'x\u001bcy', output: 'xy' },
    { name: 'save and restore cursor (ESC 7, ESC 8)', input: 'x\u001b7y\u001b8z', output: 'xyz' },
    { name: 'an 8-bit CSI', input: 'x\u009b31my', output: 'xy' },
    { name: 'newlines, tabs and carriage returns', input: 'one\ntwo\rthree\tfour', output: 'one two three four' },
    { name: 'a bell and a backspace', input: 'a\u0007b\u0008c', output: 'a b c' },
    { name: 'DEL and C1 controls', input: 'a\u007fb\u0085c', output: 'a b c' },
    { name: 'wide and accented characters', input: 'Café 東京 ✓', output: 'Café 東京 ✓' },
    { name: 'a right-to-left override', input: 'invoice\u202egpj.exe', output: 'invoicegpj.exe' },
    { name: 'bidi isolates and embeddings', input: '\u2066a\u2069\u202ab\u202c', output: 'ab' },
    { name: 'zero-width spaces that make two names look alike', input: 'page\u200b html\ufeff', output: 'page html' },
    { name: 'joiners that emoji and scripts need', input: '👩\u200d💻 می\u200cخواهم', output: '👩\u200d💻 می\u200cخواهم' },
  ])('handles $name', ({ input, output }) => {
    expect(sanitize(input)).toBe(output);
  });

  it('leaves no escape character behind, whatever the input', () => {
    const nasty = '\u001b[\u001b]\u001b\u001b[999999999999999999m\u009b\u001bP...';
    expect(sanitize(nasty)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('unsafeCharacter', () => {
  it.each([
    { name: 'an escape', input: 'MW\u001b]0;x\u0007', found: 'U+001B' },
    { name: 'a right-to-left override', input: 'abc\u202e', found: 'U+202E' },
    { name: 'a zero-width space', input: 'a\u200bb', found: 'U+200B' },
    { name: 'a line break and a tab, which are layout', input: 'one\ntwo\tthree', found: undefined },
    { name: 'plain text with a zero-width joiner', input: '👩\u200d💻 Café', found: undefined },
  ])('names $name', ({ input, found }) => {
    expect(unsafeCharacter(input)).toBe(found);
  });
});

describe('shownText', () => {
  it('keeps a short text whole, sanitized', () => {
    expect(shownText('on it\u001b[2J')).toBe('on it');
  });

  it('cuts a 100 KB comment to 200 characters and an ellipsis, on one line', () => {
    const shown = shownText(`${'x'.repeat(150)}\n${'y'.repeat(100_000)}`);
    expect(shown).toBe(`${'x'.repeat(150)} ${'y'.repeat(49)}…`);
  });

  it('never lets an escape sequence cut in half through', () => {
    expect(unsafeCharacter(shownText(`${'a'.repeat(198)}\u001b[31mred`))).toBeUndefined();
  });
});
