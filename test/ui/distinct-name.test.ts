import { describe, expect, it } from 'vitest';
import { distinctName } from '../../source/ui/distinct-name.js';

describe('an API name cut to its column', () => {
  it.each([
    { name: 'Wikimedia REST - page html', family: 'Wikimedia REST', width: 12, out: 'page html' },
    { name: 'Wikimedia REST - page html', family: 'Other', width: 12, out: 'page html' },
    { name: 'Wikimedia REST - page html', family: 'Wikimedia REST', width: 30, out: 'Wikimedia REST - page html' },
    { name: 'search-api', family: 'Other', width: 5, out: 'search-api' },
  ])('names $name as "$out" in $width cells', ({ name, family, width, out }) => {
    expect(distinctName(name, family, width)).toBe(out);
  });
});
