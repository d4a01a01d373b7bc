import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';

const BASE = 'teams:\n  mwi: { name: MWI }\napis:\n  a: { url: "https://example.org/a" }\n';

describe('components', () => {
  it('reads a component with its owner, family, name and docs, and never as an API', () => {
    const config = parseConfigText(`${BASE}components:\n  action-api-parse: { name: Action API action=parse, family: Action API, owner: mwi, docs: "https://www.mediawiki.org/wiki/API:Parse" }\n`, 'c.yaml', {});
    expect(config.components).toEqual([{ id: 'action-api-parse', name: 'Action API action=parse', family: 'Action API', owner: 'mwi', description: undefined, docs: 'https://www.mediawiki.org/wiki/API:Parse' }]);
    expect(config.apis.map((a) => a.id)).toEqual(['a']);
  });

  it.each([
    ['owner: unassigned', undefined],
    ['family: X', undefined],
  ])('reads %s as no owner', (keys, owner) => {
    expect(parseConfigText(`${BASE}components:\n  m: { ${keys} }\n`, 'c.yaml', {}).components[0]!.owner).toBe(owner);
  });

  it.each([
    ['m: { owner: mwii }', 'components.m.owner: unknown team "mwii"'],
    ['a: { owner: mwi }', 'components.a: "a" is an API id too: a component needs an id of its own'],
    ['m: { url: "https://example.org" }', 'components.m'],
  ])('refuses %s', (entry, message) => {
    expect(() => parseConfigText(`${BASE}components:\n  ${entry}\n`, 'c.yaml', {})).toThrow(message);
  });
});
