import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, MAX_ALIASED_VALUES, MAX_CONFIG_BYTES, parseConfigText } from '../../source/config/load.js';
import { DEFAULTS } from '../../source/config/resolve.js';
import { useTempDir } from '../helpers/temp-dir.js';

const VALID_YAML = `defaults:
  interval: 10s
  timeout: 5s
  window: 5m
  userAgent: "api-health/0.1 (https://example.org/ops; ops@example.org)"
teams:
  mwi:
    name: MediaWiki Interfaces
    contacts: { email: mwi@example.org, slack: "#mediawiki-interfaces", phabricator: MW-Interfaces-Team }
apis:
  mw-rest-page:
    name: MediaWiki REST - page
    family: MediaWiki REST
    owner: mwi
    url: https://en.wikipedia.org/w/rest.php/v1/page/Earth/bare
    interval: 30s
    expect: { status: [200] }
  portal:
    url: https://api.wikimedia.org/core/v1/wikipedia/en/page/Earth/bare
`;

/** The messages a bad config produces, one per issue, as the user sees them. */
function errorsOf(text: string, env: NodeJS.ProcessEnv = {}, file = 'api-health.yaml'): string[] {
  try {
    parseConfigText(text, file, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a config error');
}

describe('valid configs', () => {
  it('reads the documented YAML contract', () => {
    const config = parseConfigText(VALID_YAML, 'api-health.yaml', {});
    expect(config.defaults).toMatchObject({ intervalMs: 10_000, timeoutMs: 5_000, windowMs: 300_000 });
    expect(config.teams).toEqual([
      expect.objectContaining({
        id: 'mwi',
        name: 'MediaWiki Interfaces',
        contacts: { email: 'mwi@example.org', slack: '#mediawiki-interfaces', phabricator: 'MW-Interfaces-Team' },
      }),
    ]);
    expect(config.apis[0]).toMatchObject({
      id: 'mw-rest-page',
      name: 'MediaWiki REST - page',
      family: 'MediaWiki REST',
      owner: 'mwi',
      method: 'GET',
      intervalMs: 30_000,
      timeoutMs: 5_000,
      expect: { status: [200] },
    });
  });

  it('reads the same config written as JSON', () => {
    const json = JSON.stringify({
      defaults: { interval: '10s' },
      teams: { mwi: { name: 'MediaWiki Interfaces' } },
      apis: { page: { owner: 'mwi', url: 'https://example.org/page', expect: { status: [200], bodyContains: 'Earth' } } },
    });
    const config = parseConfigText(json, 'api-health.json', {});
    expect(config.apis[0]).toMatchObject({ id: 'page', owner: 'mwi', intervalMs: 10_000, expect: { status: [200], bodyContains: 'Earth' } });
  });

  it('fills every default when the config names only an API', () => {
    const config = parseConfigText('apis:\n  a:\n    url: https://example.org/a\n', 'c.yaml', {});
    expect(config.defaults).toEqual(DEFAULTS);
    expect(config.apis[0]).toMatchObject({
      name: 'a',
      family: 'Other',
      owner: undefined,
      method: 'GET',
      intervalMs: DEFAULTS.intervalMs,
      timeoutMs: DEFAULTS.timeoutMs,
      headers: {},
    });
    expect(DEFAULTS.maxBodyBytes).toBe(1024 * 1024);
  });

  it('lets each API override interval, timeout, method and headers', () => {
    const config = parseConfigText(
      `defaults: { interval: 1m, timeout: 2s }
apis:
  plain: { url: "https://example.org/p" }
  tuned: { url: "https://example.org/t", interval: 500ms, timeout: 1.5s, method: head, headers: { accept: application/json } }
`,
      'c.yaml',
      {},
    );
    const [plain, tuned] = config.apis;
    expect(plain).toMatchObject({ intervalMs: 60_000, timeoutMs: 2_000, method: 'GET' });
    expect(tuned).toMatchObject({ intervalMs: 500, timeoutMs: 1_500, method: 'HEAD', headers: { accept: 'application/json' } });
  });

  it('reads defaults.sparkline as the span of every sparkline, 15 minutes when not given', () => {
    expect(parseConfigText('defaults: { sparkline: 1h }\napis: { a: { url: https://example.org/a } }\n', 'api-health.yaml', {}).defaults.sparklineMs).toBe(3_600_000);
    expect(parseConfigText(VALID_YAML, 'api-health.yaml', {}).defaults.sparklineMs).toBe(15 * 60_000);
  });

  it.each(['0s', 'soon', -5])('refuses defaults.sparkline %j with the key path', (value) => {
    expect(errorsOf(`defaults: { sparkline: ${JSON.stringify(value)} }\napis: { a: { url: https://example.org/a } }\n`)[0]).toMatch(/^api-health\.yaml:1:\d+: defaults\.sparkline: /);
  });

  it.each(['Unassigned', 'unassigned'])('treats owner %j as no owner', (owner) => {
    const config = parseConfigText(`apis:\n  a: { url: "https://example.org/a", owner: ${owner} }\n`, 'c.yaml', {});
    expect(config.apis[0]!.owner).toBeUndefined();
  });

  it('substitutes ${VAR} from the environment and keeps the value as a secret', () => {
    const config = parseConfigText(
      'apis:\n  a:\n    url: https://example.org/a\n    headers: { authorization: "Bearer ${TOKEN}" }\n',
      'c.yaml',
      { TOKEN: 's3cret-token' },
    );
    expect(config.apis[0]!.headers.authorization).toBe('Bearer s3cret-token');
    expect(config.secrets).toContain('s3cret-token');
  });

  it.each([
    { written: 'X $${TOKEN} Y', value: 'X ${TOKEN} Y' },
    { written: '$${TOKEN}-${TOKEN}', value: '${TOKEN}-s3cret-token' },
    { written: 'cost $$${TOKEN}', value: 'cost $${TOKEN}' },
    { written: '$${ not a variable', value: '${ not a variable' },
    { written: 'price $5 ${', value: 'price $5 ${' },
  ])('reads $${ as a literal ${, never from the environment: $written', ({ written, value }) => {
    const config = parseConfigText(`apis:\n  a:\n    url: https://example.org/a\n    headers: { x-note: ${JSON.stringify(written)} }\n`, 'c.yaml', { TOKEN: 's3cret-token' });
    expect(config.apis[0]!.headers['x-note']).toBe(value);
  });

  it('allows a write method when allowWrite is set', () => {
    const config = parseConfigText('apis:\n  a: { url: "https://example.org/a", method: POST, allowWrite: true }\n', 'c.yaml', {});
    expect(config.apis[0]).toMatchObject({ method: 'POST', allowWrite: true });
  });
});

describe('invalid configs: file:line:column, key path, what is wrong and what would be right', () => {
  it.each([
    {
      kind: 'unknown team',
      text: 'teams:\n  mwi: { name: MWI }\n  ctt: { name: CTT }\napis:\n  a:\n    owner: mwj\n    url: https://example.org/a\n',
      message: 'api-health.yaml:6:5: apis.a.owner: unknown team "mwj" (known: mwi, ctt)',
    },
    {
      kind: 'a team that takes the Unassigned id',
      text: 'teams:\n  Unassigned: { name: Nobody }\napis:\n  a:\n    url: https://example.org/a\n',
      message: 'api-health.yaml:2:3: teams.Unassigned: "Unassigned" is reserved for APIs nobody owns (owner: Unassigned): give the team another id',
    },
    {
      kind: 'an API name that would retitle the terminal',
      text: 'apis:\n  a:\n    name: "page html\\e]0;pwned\\a"\n    url: https://example.org/a\n',
      message: 'api-health.yaml:3:5: apis.a.name: contains U+001B, a character that would drive the terminal or hide in the text: remove it',
    },
    {
      kind: 'a team name with a right-to-left override',
      text: 'teams:\n  mwi: { name: "MediaWiki \\u202eInterfaces" }\napis:\n  a:\n    url: https://example.org/a\n',
      message: 'api-health.yaml:2:10: teams.mwi.name: contains U+202E, a character that would drive the terminal or hide in the text: remove it',
    },
    {
      kind: 'an unknown key that carries an escape sequence',
      text: 'apis:\n  a:\n    url: https://example.org/a\n    "x\\e[2J": 1\n',
      message: 'api-health.yaml:4:5: apis.a.x: unknown key "x"',
    },
    {
      kind: 'bad duration',
      text: 'apis:\n  a:\n    url: https://example.org/a\n    timeout: 5 seconds\n',
      message: 'api-health.yaml:4:5: apis.a.timeout: invalid duration "5 seconds" (use e.g. 500ms, 10s, 5m, 1h, 2d)',
    },
    {
      kind: 'unknown key',
      text: 'apis:\n  a:\n    url: https://example.org/a\n    intervall: 5s\n',
      message: 'api-health.yaml:4:5: apis.a.intervall: unknown key "intervall"; did you mean `interval`?',
    },
    {
      kind: 'unknown top-level key',
      text: 'apiz: {}\napis:\n  a: { url: "https://example.org/a" }\n',
      message: 'api-health.yaml:1:1: apiz: unknown key "apiz"; did you mean `apis`?',
    },
    {
      kind: 'missing url',
      text: 'apis:\n  a:\n    name: A\n',
      message: 'api-health.yaml:2:3: apis.a: an API needs a "url" to probe or a "source" to read its figures from',
    },
    {
      kind: 'not an http URL',
      text: 'apis:\n  a:\n    url: ftp://example.org/a\n',
      message: 'api-health.yaml:3:5: apis.a.url: invalid URL "ftp://example.org/a" (expected http:// or https://)',
    },
    {
      kind: 'missing environment variable',
      text: 'apis:\n  a:\n    url: https://example.org/a\n    headers:\n      authorization: "Bearer ${API_TOKEN}"\n',
      message: 'api-health.yaml:5:7: apis.a.headers.authorization: environment variable API_TOKEN is not set (used as ${API_TOKEN})',
    },
    {
      kind: 'write method without allowWrite',
      text: 'apis:\n  a:\n    url: https://example.org/a\n    method: delete\n',
      message: 'api-health.yaml:4:5: apis.a.method: DELETE changes data on the target: probes must be safe, or set allowWrite: true',
    },
    {
      kind: 'team without a name',
      text: 'teams:\n  x: {}\napis:\n  a: { url: "https://example.org/a" }\n',
      message: 'api-health.yaml:2:3: teams.x.name: missing required key "name"',
    },
    {
      kind: 'no apis at all',
      text: 'teams: {}\n',
      message: 'api-health.yaml:1:1: apis: missing required key "apis"',
    },
    {
      kind: 'a number where a duration belongs',
      text: 'defaults:\n  timeout: 5\napis:\n  a: { url: "https://example.org/a" }\n',
      message: 'api-health.yaml:2:3: defaults.timeout: expected a duration such as 500ms, 10s, 5m, 1h or 2d, got number 5',
    },
    {
      kind: 'a single status where a list belongs',
      text: 'apis:\n  a:\n    url: https://example.org/a\n    expect: { status: 200 }\n',
      message: 'api-health.yaml:4:15: apis.a.expect.status: expected array, got number 200',
    },
    {
      kind: 'unknown severity',
      text: 'rules:\n  - { name: X, metric: error_rate, above: 1%, severity: urgent }\napis:\n  a: { url: "https://example.org/a" }\n',
      message: 'api-health.yaml:2:47: rules[0].severity: expected one of info, warning, critical, page, got string "urgent"',
    },
    {
      kind: 'a list instead of a config',
      text: '- a\n- b\n',
      message: 'api-health.yaml:1:1: expected a mapping, got a list',
    },
    {
      kind: 'YAML syntax error',
      text: 'apis:\n  a:\n    url: https://example.org/a\n   b: 1\n',
      message: expect.stringMatching(/^api-health\.yaml:4:\d+: YAML: /),
    },
  ])('$kind', ({ text, message }) => {
    expect(errorsOf(text)).toEqual([message]);
  });

  it('reports several errors together, each located', () => {
    const errors = errorsOf(
      'defaults:\n  interval: soon\napis:\n  a:\n    url: https://example.org/a\n    timeout: 3q\n    colour: red\n  b:\n    url: https://example.org/b\n    method: PUT\n',
    );
    expect(errors).toEqual([
      'api-health.yaml:2:3: defaults.interval: invalid duration "soon" (use e.g. 500ms, 10s, 5m, 1h, 2d)',
      'api-health.yaml:6:5: apis.a.timeout: invalid duration "3q" (use e.g. 500ms, 10s, 5m, 1h, 2d)',
      'api-health.yaml:7:5: apis.a.colour: unknown key "colour"',
      'api-health.yaml:10:5: apis.b.method: PUT changes data on the target: probes must be safe, or set allowWrite: true',
    ]);
  });

  it('reports a malformed field and an unknown team in the same run', () => {
    const errors = errorsOf(
      'teams:\n  mwi: { name: MWI }\n  ctt: { name: CTT }\napis:\n  a:\n    url: https://example.org/a\n    interval: 10 seconds\n    owner: mwj\n  b:\n    name: B\n',
    );
    expect(errors).toEqual([
      'api-health.yaml:7:5: apis.a.interval: invalid duration "10 seconds" (use e.g. 500ms, 10s, 5m, 1h, 2d)',
      'api-health.yaml:8:5: apis.a.owner: unknown team "mwj" (known: mwi, ctt)',
      'api-health.yaml:9:3: apis.b: an API needs a "url" to probe or a "source" to read its figures from',
    ]);
  });

  it('does not guess at cross-references when a team itself is malformed', () => {
    const errors = errorsOf('teams:\n  mwi: { title: MWI }\napis:\n  a: { url: "https://example.org/a", owner: mwi }\n');
    expect(errors).toEqual(['api-health.yaml:2:3: teams.mwi.name: missing required key "name"', 'api-health.yaml:2:10: teams.mwi.title: unknown key "title"']);
  });

  it('reports several cross-reference errors together', () => {
    const errors = errorsOf(
      'teams:\n  mwi: { name: MWI }\napis:\n  a: { url: "https://example.org/a", owner: mwj }\n  b: { url: "https://example.org/b", method: POST }\n  c: { name: C }\n',
    );
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBe('api-health.yaml:4:38: apis.a.owner: unknown team "mwj" (known: mwi)');
    expect(errors[1]).toMatch(/^api-health\.yaml:5:\d+: apis\.b\.method: POST changes data/);
    expect(errors[2]).toMatch(/^api-health\.yaml:6:3: apis\.c: an API needs a "url"/);
  });

  it('reports a missing variable alongside a schema error', () => {
    const errors = errorsOf('apis:\n  a:\n    url: "https://${HOST}/a"\n    retries: 3\n');
    expect(errors).toEqual([
      'api-health.yaml:3:5: apis.a.url: environment variable HOST is not set (used as ${HOST})',
      'api-health.yaml:4:5: apis.a.retries: unknown key "retries"',
    ]);
  });

  it('never puts a stack trace in the message', () => {
    const [line] = errorsOf('apis:\n  a: { owner: x, url: "https://example.org" }\n');
    expect(line).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });
});

/** Nine aliases of nine aliases, `depth` times over: a few lines that expand to 9^depth strings. */
function aliasBomb(depth: number): string {
  const names = 'abcdefghijklmnop'.slice(0, depth + 1).split('');
  const lines = [`${names[0]}: &${names[0]} [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < names.length; i += 1) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  return `${lines.join('\n')}\napis: {}\n`;
}

describe('YAML that cannot become a config: a config error located in the file, never an internal one', () => {
  it('an alias that names no anchor', () => {
    expect(errorsOf('teams: { t: { name: T } }\napis: *nope\n')).toEqual(['api-health.yaml:2:7: YAML: unknown alias *nope (no anchor &nope before it)']);
  });

  it('an alias used before its anchor', () => {
    expect(errorsOf('defaults: { userAgent: *ua }\nteams: { t: { name: &ua T } }\napis: {}\n')).toEqual([
      'api-health.yaml:1:24: YAML: unknown alias *ua (no anchor &ua before it)',
    ]);
  });

  it('an alias inside the node it names, which would never end', () => {
    expect(errorsOf('apis: &loop\n  a: *loop\n')).toEqual(['api-health.yaml:2:6: YAML: alias *loop sits inside the node &loop it copies, so it would never end']);
  });

  it('an alias bomb (billion laughs), at the alias where the copies pass the limit, at once', () => {
    const started = Date.now();
    expect(errorsOf(aliasBomb(9))).toEqual([`api-health.yaml:6:8: YAML: aliases copy more than ${MAX_ALIASED_VALUES} values into the config here (an alias bomb?)`]);
    // Room for a busy machine; expanding the bomb would take for ever.
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('one large anchor copied many times, which no single level of aliases gives away', () => {
    const big = `[${Array(1_000).fill('x').join(', ')}]`;
    const copies = Array.from({ length: 200 }, (_, i) => `  c${i}: *big`).join('\n');
    expect(errorsOf(`big: &big ${big}\ncopies:\n${copies}\napis: {}\n`)).toEqual([
      `api-health.yaml:102:8: YAML: aliases copy more than ${MAX_ALIASED_VALUES} values into the config here (an alias bomb?)`,
    ]);
  });

  it('a key given twice in one mapping, naming the line of the first', () => {
    expect(errorsOf('apis:\n  a: { url: "https://example.org/a" }\n  a: { url: "https://example.org/b" }\n')).toEqual([
      'api-health.yaml:3:3: YAML: duplicate key "a" (first on line 2)',
    ]);
  });

  it('still reads an anchor shared by many APIs, past the YAML library\'s default of 100 aliases', () => {
    const apis = Array.from({ length: 299 }, (_, i) => `  a${i + 1}: { url: "https://example.org/${i + 1}", headers: *h }`).join('\n');
    const config = parseConfigText(`apis:\n  a0: { url: "https://example.org/0", headers: &h { Accept: application/json } }\n${apis}\n`, 'c.yaml', {});
    expect(config.apis).toHaveLength(300);
    expect(config.apis[299]!.headers).toEqual({ accept: 'application/json' });
  });
});

describe('loading from a file', () => {
  const makeDir = useTempDir('api-health-config-');

  it('names the file when it does not exist', () => {
    expect(() => loadConfigFile('/nonexistent/api-health.yaml', {})).toThrow('/nonexistent/api-health.yaml: file not found');
  });

  it('refuses a file over the size limit before parsing it, naming its size and the limit', () => {
    const file = join(makeDir(), 'huge.yaml');
    writeFileSync(file, `apis: {}\n${'#'.repeat(MAX_CONFIG_BYTES)}\n`);
    const started = Date.now();
    expect(() => loadConfigFile(file, {})).toThrow(new ConfigError(file, [{ path: [], message: 'the file is 4.0 MiB, more than the 4 MiB a config may be: is it the right file?' }]));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reads a file just under the size limit', () => {
    const file = join(makeDir(), 'padded.yaml');
    const head = 'apis:\n  a: { url: "https://example.org/a" }\n';
    writeFileSync(file, `${head}${'#'.repeat(MAX_CONFIG_BYTES - head.length - 1)}\n`);
    expect(loadConfigFile(file, {}).apis).toHaveLength(1);
  });

  it('puts the real path in every location', () => {
    const dir = makeDir();
    const file = join(dir, 'fleet.yaml');
    writeFileSync(file, 'apis:\n  a:\n    url: https://example.org/a\n    owner: ghost\n');
    expect(() => loadConfigFile(file, {})).toThrow(`${file}:4:5: apis.a.owner: unknown team "ghost" (known: none defined)`);
  });
});
