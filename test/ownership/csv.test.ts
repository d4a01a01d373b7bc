import { describe, expect, it } from 'vitest';
import { csv, csvField } from '../../source/ownership/csv.js';

describe('RFC 4180 CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['', ''],
  ])('%j is written as %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('ends every record, the last one too, with CRLF', () => {
    expect(csv(['a', 'b'], [['1', '2,3']])).toBe('a,b\r\n1,"2,3"\r\n');
  });
});
