import { describe, expect, it } from 'vitest';
import { compileSafePattern, patternProblem, UnsafePatternError } from '../../source/text/safe-pattern.js';

/** Patterns that take exponential time in a backtracking engine on a near-miss text: each test would never end there. */
const CATASTROPHIC = [
  { pattern: '^(a+)+$', text: `${'a'.repeat(40)}!` },
  { pattern: '^(a|a)*$', text: `${'a'.repeat(40)}!` },
  { pattern: '^(\\w+\\s?)*$', text: `${'word '.repeat(30)}!` },
  { pattern: '(x+x+)+y', text: 'x'.repeat(5_000) },
];

describe('compileSafePattern', () => {
  it.each(CATASTROPHIC)('answers $pattern on a near-miss text without backtracking', ({ pattern, text }) => {
    expect(compileSafePattern(pattern).test(text)).toBe(false);
    expect(compileSafePattern(pattern).test(text.slice(0, -1).replace(/\s$/, ''))).toBe(pattern !== '(x+x+)+y');
  });

  it.each([
    { pattern: '^planet$', flags: '', text: 'planet', matches: true },
    { pattern: 'PLANET', flags: 'i', text: 'the planet', matches: true },
    { pattern: '^b$', flags: 'm', text: 'a\nb\nc', matches: true },
    { pattern: '^b$', flags: '', text: 'a\nb\nc', matches: false },
    { pattern: 'a.c', flags: 's', text: 'a\nc', matches: true },
    { pattern: 'a.c', flags: '', text: 'a\nc', matches: false },
    { pattern: '^application\\/json', flags: '', text: 'application/json; charset=utf-8', matches: true },
    { pattern: '^(?<year>\\d{4})-\\d\\d$', flags: '', text: '2026-12', matches: true },
    { pattern: '^\\p{L}+$', flags: 'u', text: 'Ærø', matches: true },
  ])('matches /$pattern/$flags like RegExp.test on $text', ({ pattern, flags, text, matches }) => {
    expect(compileSafePattern(pattern, flags).test(text)).toBe(matches);
    expect(new RegExp(pattern, flags).test(text)).toBe(matches);
  });

  it('keeps the pattern and its flags as written, less g and y', () => {
    expect(compileSafePattern('a+', 'gimy')).toMatchObject({ source: 'a+', flags: 'im' });
  });

  it.each([
    { pattern: '^(a)\\1$', why: 'the backreference \\1 is not supported' },
    { pattern: '^(?<x>a)\\k<x>$', why: 'the named backreference \\k<…> is not supported' },
    { pattern: 'a(?=b)', why: 'the lookahead (?=…) is not supported' },
    { pattern: 'a(?!b)', why: 'the lookahead (?!…) is not supported' },
    { pattern: '(?<=a)b', why: 'the lookbehind (?<=…) is not supported' },
    { pattern: '(?<!a)b', why: 'the lookbehind (?<!…) is not supported' },
  ])('refuses $pattern, naming the construct', ({ pattern, why }) => {
    expect(() => compileSafePattern(pattern)).toThrow(UnsafePatternError);
    expect(patternProblem(pattern)).toBe(`${why}: patterns run in linear time (RE2 syntax), without backreferences or lookaround`);
  });

  it.each(['\\\\1', '[(?=]', '\\(?=x\\)'])('takes %s, which only looks like a backreference or lookaround', (pattern) => {
    expect(patternProblem(pattern)).toBeUndefined();
  });

  it('says why a malformed pattern cannot compile', () => {
    expect(patternProblem('(json')).toBe('missing closing ): `(json`');
  });
});
