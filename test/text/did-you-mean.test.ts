import { describe, expect, it } from 'vitest';
import { closestName, didYouMean } from '../../source/text/did-you-mean.js';

describe('closestName', () => {
  it('finds the name one edit away', () => {
    expect(closestName('chek', ['check', 'monitor', 'owners'])).toBe('check');
  });

  it('prefers the nearest of several close names', () => {
    expect(closestName('intervall', ['interval', 'internal', 'timeout'])).toBe('interval');
  });

  it('ignores case', () => {
    expect(closestName('Check', ['check'])).toBe('check');
  });

  it('finds nothing when every name is far off', () => {
    expect(closestName('xyz', ['check', 'monitor'])).toBeUndefined();
  });
});

describe('didYouMean', () => {
  it('phrases the suggestion as something to type', () => {
    expect(didYouMean('--jsno', ['--json'])).toBe('; did you mean `--json`?');
  });

  it('says nothing without a close name', () => {
    expect(didYouMean('banana', ['check'])).toBe('');
  });
});
