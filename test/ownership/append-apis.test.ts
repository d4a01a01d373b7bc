import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AppendError, appendApis, planImport } from '../../source/ownership/append-apis.js';
import type { OpenApiProposal } from '../../source/ownership/openapi-probes.js';

const NEW = [{ id: 'search', entry: { name: 'Search', family: 'Search', owner: 'mwi', url: 'https://example.org/search', expect: { status: [200], json: [{ path: '$.pages', exists: true }] } } }];
const ADDED = `  search:
    name: Search
    family: Search
    owner: mwi
    url: https://example.org/search
    expect:
      status: [ 200 ]
      json:
        - { path: $.pages, exists: true }
`;

describe('appendApis', () => {
  it('adds the entries after the last API, at its indentation, before what follows apis', () => {
    const text = 'apis:\n    home:\n        url: https://example.org/   # the front door\n\n# rules next\nrules: []\n';
    expect(appendApis(text, NEW)).toBe(`apis:\n    home:\n        url: https://example.org/   # the front door\n${ADDED.replace(/^ {2}/gm, '    ')}\n# rules next\nrules: []\n`);
  });

  it('adds an apis mapping at the end of a config that has none', () => {
    expect(appendApis('teams: {}  # none\n', NEW)).toBe(`teams: {}  # none\napis:\n${ADDED}`);
  });

  it('ends a last line that has no newline before adding', () => {
    expect(appendApis('apis:\n  home:\n    url: https://example.org/', NEW)).toBe(`apis:\n  home:\n    url: https://example.org/\n${ADDED}`);
  });

  it('fills an empty apis: {} and keeps the comment where it stood on its line', () => {
    expect(appendApis('apis: {}  # none yet\nrules: []\n', NEW)).toBe(`apis:   # none yet\n${ADDED}rules: []\n`);
  });

  it('fills an apis: with no value', () => {
    expect(appendApis('apis:\nrules: []\n', NEW)).toBe(`apis:\n${ADDED}rules: []\n`);
  });

  it('writes CRLF lines into a CRLF file', () => {
    const result = appendApis('apis:\r\n  home:\r\n    url: https://example.org/\r\n', NEW);
    expect(result).toBe(`apis:\r\n  home:\r\n    url: https://example.org/\r\n${ADDED.replace(/\n/g, '\r\n')}`);
  });

  it('refuses an apis mapping in flow style rather than rewrite its line', () => {
    expect(() => appendApis('apis: { home: { url: https://example.org/ } }\n', NEW)).toThrow(AppendError);
  });

  it('keeps a value that a YAML writer would quote readable back as the same text', () => {
    const tricky = [{ id: 'odd', entry: { name: 'a: b # c', url: 'https://example.org/?q=1', headers: { accept: '*/*' } } }];
    expect(parse(appendApis('apis:\n  home: {}\n', tricky)).apis.odd).toEqual(tricky[0]!.entry);
  });
});

describe('planImport', () => {
  const proposal: OpenApiProposal = {
    family: 'Spec title',
    baseUrl: 'https://example.org',
    skipped: [],
    unmonitored: [],
    unrunnable: [],
    escaped: [],
    probes: [
      { id: 'a', name: 'A', url: 'https://example.org/a', placeholders: [], expect: { status: [200] } },
      { id: 'taken', name: 'Taken', url: 'https://example.org/t', placeholders: [] },
      { id: 'page', name: 'Page', url: 'https://example.org/page/{title}', placeholders: ['title'] },
    ],
  };

  it('gives each new API the family and owner asked for', () => {
    expect(planImport(proposal, 'Family', 'mwi', []).apis[0]).toEqual({ id: 'a', entry: { name: 'A', family: 'Family', owner: 'mwi', url: 'https://example.org/a', expect: { status: [200] } } });
  });

  it('leaves out ids the config has, and routes whose path parameters have no value', () => {
    const plan = planImport(proposal, 'Family', 'mwi', ['taken']);
    expect(plan.apis.map((api) => api.id)).toEqual(['a']);
    expect(plan.clashes).toEqual(['taken']);
    expect(plan.unfilled).toEqual(['page ({title})']);
  });
});
