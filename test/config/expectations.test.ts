import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from '../../source/config/load.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { patternLike } from '../helpers/config.js';

const api = (expect: string): string => `apis:\n  search:\n    url: https://en.wikipedia.org/w/rest.php/v1/search/page?q=earth\n    expect: ${expect}\n`;

function errorsOf(text: string): string[] {
  try {
    parseConfigText(text, 'api-health.yaml', {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a config error');
}

describe('expect.headers, expect.json and expect.schema in the config', () => {
  const dir = useTempDir();

  it('builds header patterns and lower-cases header names', () => {
    const [search] = parseConfigText(api('{ headers: { Content-Type: "/^application\\\\/json/i", X-Cache: hit } }'), 'a.yaml', {}).apis;
    expect(search!.expect.headers).toEqual([
      { name: 'content-type', value: { text: '/^application\\/json/i', pattern: patternLike(/^application\/json/i) } },
      { name: 'x-cache', value: { text: 'hit' } },
    ]);
  });

  it('reads a JSON check with only a path as "the path exists"', () => {
    const [search] = parseConfigText(api('{ json: [{ path: "$.pages" }] }'), 'a.yaml', {}).apis;
    expect(search!.expect.json).toEqual([{ path: '$.pages', exists: true }]);
  });

  it('refuses a malformed header pattern with its location', () => {
    expect(errorsOf(api('{ headers: { content-type: "/(json/" } }'))).toEqual([
      'api-health.yaml:4:26: apis.search.expect.headers.content-type: invalid regular expression "/(json/": missing closing ): `(json`',
    ]);
  });

  it('refuses a malformed matches pattern', () => {
    expect(errorsOf(api('{ json: [{ path: "$.a", matches: "([" }] }'))[0]).toMatch(/apis\.search\.expect\.json\[0\]\.matches: invalid regular expression "\(\["/);
  });

  const RE2_ONLY = 'is not supported: patterns run in linear time (RE2 syntax), without backreferences or lookaround';

  it.each([
    { expect: '{ json: [{ path: "$.a", matches: "/^(a)\\\\1$/" }] }', error: `4:37: apis.search.expect.json[0].matches: invalid regular expression "/^(a)\\\\1$/": the backreference \\1 ${RE2_ONLY}` },
    { expect: '{ headers: { etag: "/^(?=W)/" } }', error: `4:26: apis.search.expect.headers.etag: invalid regular expression "/^(?=W)/": the lookahead (?=…) ${RE2_ONLY}` },
    { expect: '{ schema: { properties: { a: { pattern: "^(?<x>a)\\\\k<x>$" } } } }', error: `4:15: apis.search.expect.schema: invalid JSON Schema (pattern "^(?<x>a)\\\\k<x>$": the named backreference \\k<…> ${RE2_ONLY})` },
  ])('refuses a pattern RE2 cannot run at its line: $error', ({ expect: text, error }) => {
    expect(errorsOf(api(text))).toEqual([`api-health.yaml:${error}`]);
  });

  it.each([
    { kind: 'matches', expect: '{ json: [{ path: "$.a", matches: "/^(a+)+$/" }] }' },
    { kind: 'a schema pattern', expect: '{ schema: { properties: { a: { pattern: "^(a|a)*$" } } } }' },
  ])('runs $kind in linear time: a near miss of 40 characters is answered, not backtracked for hours', ({ expect: text }) => {
    const [search] = parseConfigText(api(text), 'a.yaml', {}).apis;
    const body = { a: `${'a'.repeat(40)}!` };
    const failure = search!.expect.json?.[0]?.matches?.pattern?.test(body.a) === false ? 'no match' : search!.expect.schema?.check(body);
    expect(failure).toMatch(/no match|must match pattern/);
  });

  it.each([
    { path: '$.a[', error: 'invalid JSONPath "$.a[" (RFC 9535 syntax): unexpected end of input at character 5' },
    { path: '$[?(@.length-1)]', error: 'invalid JSONPath "$[?(@.length-1)]" (RFC 9535 syntax): unexpected "-" at character 13' },
    { path: '$.pages[?match(@.title, \'(a+)+$\')]', error: 'match() is not supported in a path: its pattern would run without a time bound; check the value with matches: instead' },
    { path: '$.pages[?search(@.title, @.pattern)]', error: 'search() is not supported in a path: its pattern would run without a time bound; check the value with matches: instead' },
  ])('refuses the path $path at its line', ({ path, error }) => {
    expect(errorsOf(api(`{ json: [{ path: ${JSON.stringify(path)} }] }`))).toEqual([`api-health.yaml:4:24: apis.search.expect.json[0].path: ${error}`]);
  });

  it.each(['$.pages[0].key', "$['a b'].c", '$..id', '$.pages[-1]', '$.pages[?@.id == 1].title', '$.pages[*]'])('takes the RFC 9535 path %s', (path) => {
    expect(() => parseConfigText(api(`{ json: [{ path: ${JSON.stringify(path)} }] }`), 'a.yaml', {})).not.toThrow();
  });

  it('refuses a path that does not start at the body', () => {
    expect(errorsOf(api('{ json: [{ path: "pages[0]" }] }'))[0]).toMatch(/apis\.search\.expect\.json\[0\]\.path: a JSONPath starts with "\$" \(the body itself\)/);
  });

  it('refuses an unknown key in a JSON check, suggesting the known one', () => {
    expect(errorsOf(api('{ json: [{ path: "$.a", equal: 1 }] }'))[0]).toMatch(/unknown key "equal"; did you mean `equals`\?/);
  });

  it('says a schema file is missing, relative to the config', () => {
    const file = join(dir(), 'api-health.yaml');
    writeFileSync(file, api('{ schema: ./schemas/search.json }'));
    expect(() => loadConfigFile(file, {})).toThrow(/apis\.search\.expect\.schema: cannot read the schema \.\/schemas\/search\.json: file not found/);
  });

  it('refuses a schema that is not a valid JSON Schema', () => {
    expect(errorsOf(api('{ schema: { type: 12 } }'))[0]).toMatch(/apis\.search\.expect\.schema: invalid JSON Schema \(schema is invalid: data\/type must be/);
  });

  it('compiles a schema file shared by many APIs once', () => {
    const folder = dir();
    writeFileSync(join(folder, 'page.yaml'), 'type: object\n');
    const file = join(folder, 'api-health.yaml');
    writeFileSync(file, 'apis:\n  a: { url: "https://a.example/", expect: { schema: page.yaml } }\n  b: { url: "https://b.example/", expect: { schema: ./page.yaml } }\n');
    const [a, b] = loadConfigFile(file, {}).apis;
    expect(a!.expect.schema).toBe(b!.expect.schema);
  });
});

describe('certificate_days_left rules', () => {
  it('read a threshold in days, as a number or a duration', () => {
    const config = parseConfigText('rules:\n  - { name: A, metric: certificate_days_left, below: 10 }\n  - { name: B, metric: certificate_days_left, below: 36h }\napis:\n  a: { url: "https://a.example/" }\n', 'a.yaml', {});
    expect(config.rules.map((r) => r.threshold)).toEqual([10, 1.5]);
  });

  it('refuse a percentage, saying what a threshold in days looks like', () => {
    expect(errorsOf('rules:\n  - { name: A, metric: certificate_days_left, below: 10% }\napis:\n  a: { url: "https://a.example/" }\n')[0]).toContain(
      'invalid threshold "10%" for certificate_days_left (expected a number of days such as 10, or a duration such as 10d)',
    );
  });
});
