import { chmodSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { OPENAPI_3, SWAGGER_2 } from '../helpers/openapi-specs.js';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { patternLike } from '../helpers/config.js';

const CONFIG = `# The MWI fleet: hand-written, and kept that way.
defaults:
  interval: 1m          # polite to other people's servers
  userAgent: "api-health-test/1.0 (ops@example.org)"

teams:
  mwi:
    name: MediaWiki Interfaces   # the stewards
    contacts: { email: mwi@example.org }
  search: { name: Search, contacts: { email: search@example.org } }

# The APIs we watch.
apis:
  # The front door.
  main-page:
    name: Main page
    family: Wikipedia
    owner: mwi
    url: https://en.wikipedia.org/wiki/Main_Page   # the busiest page
    expect: { status: [200] }

# Alarms.
rules:
  - name: Slow
    metric: latency_p95
    above: 1s
    for: 5m
    severity: warning
`;

/** The config's text with the new entries cut out: what the import left of the original. */
function withoutInsertion(before: string, after: string): { kept: string; inserted: string } {
  let prefix = 0;
  while (prefix < before.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { kept: after.slice(0, prefix) + after.slice(after.length - suffix), inserted: after.slice(prefix, after.length - suffix) };
}

describe('import openapi', () => {
  const dir = useTempDir('api-health-import-');
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function files(spec: { name: string; text: string }, config = CONFIG) {
    const root = dir();
    const configFile = join(root, 'api-health.yaml');
    const specFile = join(root, spec.name);
    writeFileSync(configFile, config);
    writeFileSync(specFile, spec.text);
    return { root, configFile, specFile };
  }

  const swagger = { name: 'pcs.yaml', text: SWAGGER_2 };

  it('appends the APIs under apis: and keeps every line of the config byte for byte', async () => {
    const { configFile, specFile } = files(swagger);
    const result = await runCommand(['import', 'openapi', specFile, '--family', 'Page Content', '--owner', 'mwi', '--config', configFile]);
    expect(result.code).toBe(0);
    const after = readFileSync(configFile, 'utf8');
    const { kept, inserted } = withoutInsertion(CONFIG, after);
    expect(kept).toBe(CONFIG);
    expect(inserted.startsWith('  getsummary:\n')).toBe(true);
    expect(after.indexOf(inserted)).toBeGreaterThan(after.indexOf('# the busiest page'));
    expect(after.indexOf(inserted)).toBeLessThan(after.indexOf('# Alarms.'));
  });

  it('turns a Swagger 2.0 spec into APIs of the given family and owner that load with the config', async () => {
    const { configFile, specFile } = files(swagger);
    const result = await runCommand(['import', 'openapi', specFile, '--family', 'Page Content', '--owner', 'mwi', '--config', configFile]);
    expect(result.stdout).toBe(`added 2 APIs to ${configFile}: getsummary, feedavailability\n`);
    const config = parseConfigText(readFileSync(configFile, 'utf8'), configFile, {});
    expect(config.apis.map((a) => [a.id, a.family, a.owner])).toEqual([
      ['main-page', 'Wikipedia', 'mwi'],
      ['getsummary', 'Page Content', 'mwi'],
      ['feedavailability', 'Page Content', 'mwi'],
    ]);
    const summary = config.apis[1]!;
    expect(summary).toMatchObject({ url: 'https://en.wikipedia.org/api/rest_v1/page/summary/Earth?redirect=false', headers: { accept: 'application/json' } });
    expect(summary.expect.json).toEqual([
      { path: '$.title', equals: { value: 'Earth' } },
      { path: '$.extract', matches: { text: '/planet/', pattern: patternLike(/planet/) } },
      { path: '$.titles.canonical', equals: { value: 'Earth' } },
    ]);
  });

  it('lists what it left out: x-monitor: false and operations that change data', async () => {
    const { configFile, specFile } = files(swagger);
    const result = await runCommand(['import', 'openapi', specFile, '--family', 'Page Content', '--owner', 'mwi', '--config', configFile]);
    expect(result.stderr).toBe(
      'left out: GET /page/random/summary (x-monitor: false)\nleft out: POST /transform/html/to/wikitext (its x-amples change data: probes must be safe)\n',
    );
  });

  it('turns an OpenAPI 3 spec into one API per x-amples entry', async () => {
    const { configFile, specFile } = files({ name: 'search.json', text: JSON.stringify(OPENAPI_3) });
    const result = await runCommand(['import', 'openapi', specFile, '--family', 'Search', '--owner', 'search', '--config', configFile]);
    expect(result).toMatchObject({ code: 0, stdout: `added 2 APIs to ${configFile}: searchpages-earth, searchpages-nothing\n` });
    const config = parseConfigText(readFileSync(configFile, 'utf8'), configFile, {});
    expect(config.apis.slice(1).map((a) => [a.id, a.url, a.owner])).toEqual([
      ['searchpages-earth', 'https://en.wikipedia.org/w/rest.php/v1/search/page?q=earth&limit=1', 'search'],
      ['searchpages-nothing', 'https://en.wikipedia.org/w/rest.php/v1/search/page?q=zzzqqqxxx', 'search'],
    ]);
    expect(result.stderr).toBe('left out: GET /v1/page/{title}/bare (x-monitor: false)\n');
  });

  it('reads the spec from a URL', async () => {
    server = await listenOnLoopback((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(OPENAPI_3)));
    const { configFile } = files(swagger);
    const result = await runCommand(['import', 'openapi', server.url('/openapi.json'), '--family', 'Search', '--owner', 'search', '--config', configFile]);
    expect(result).toMatchObject({ code: 0, stdout: `added 2 APIs to ${configFile}: searchpages-earth, searchpages-nothing\n` });
    expect(parseConfigText(readFileSync(configFile, 'utf8'), configFile, {}).apis).toHaveLength(3);
  });

  it('gives up on a server that trickles its answer after --timeout, in all, and writes nothing', async () => {
    const trickles: NodeJS.Timeout[] = [];
    server = await listenOnLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // One byte every second: each read is well inside undici's body timeout, the whole never ends.
      trickles.push(setInterval(() => res.write(' '), 1_000));
    });
    const { configFile } = files(swagger);
    const url = server.url('/openapi.json');
    try {
      const result = await runCommand(['import', 'openapi', url, '--family', 'Search', '--owner', 'search', '--config', configFile, '--timeout', '2s']);
      expect(result).toEqual({ code: 2, stdout: '', stderr: `api-health: ${url}: gave up after 2s (--timeout): the document did not arrive in time; nothing written\n` });
    } finally {
      for (const trickle of trickles) clearInterval(trickle);
    }
    expect(readFileSync(configFile, 'utf8')).toBe(CONFIG);
  });

  it('refuses a --timeout that is not a positive duration', async () => {
    const { configFile, specFile } = files(swagger);
    const result = await runCommand(['import', 'openapi', specFile, '--family', 'Search', '--owner', 'search', '--config', configFile, '--timeout', 'soon']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'api-health: invalid --timeout "soon" (use e.g. 30s, 2m)\n' });
  });

  it('refuses a file larger than 20 MiB from its size, without reading it', async () => {
    const { configFile } = files(swagger);
    const huge = join(dir(), 'huge.yaml');
    // Sparse: 1 GiB by its size, no disk. Read whole, it would not even fit in a string.
    writeFileSync(huge, '');
    truncateSync(huge, 1024 ** 3);
    const result = await runCommand(['import', 'openapi', huge, '--family', 'Search', '--owner', 'search', '--config', configFile]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `api-health: the spec ${huge} is larger than 20 MiB: not an API description\n` });
    expect(readFileSync(configFile, 'utf8')).toBe(CONFIG);
  });

  it('stops reading a file that reports no size (a device) at 20 MiB', async () => {
    const { configFile } = files(swagger);
    const result = await runCommand(['import', 'openapi', '/dev/zero', '--family', 'Search', '--owner', 'search', '--config', configFile]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'api-health: the spec /dev/zero is larger than 20 MiB: not an API description\n' });
  });

  it('refuses an owner that is not a team of the config, naming the teams and the closest one, and writes nothing', async () => {
    const { configFile, specFile } = files(swagger);
    const result = await runCommand(['import', 'openapi', specFile, '--family', 'Page Content', '--owner', 'mwj', '--config', configFile]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `api-health: --owner "mwj" is not a team of ${configFile} (teams: mwi, search); did you mean \`mwi\`?\n` });
    expect(readFileSync(configFile, 'utf8')).toBe(CONFIG);
  });

  it('leaves an API whose id the config has as it is, and lists it on stderr', async () => {
    const clashing = CONFIG.replace('  main-page:\n', '  feedavailability:\n');
    const { configFile, specFile } = files(swagger, clashing);
    const result = await runCommand(['import', 'openapi', specFile, '--family', 'Page Content', '--owner', 'mwi', '--config', configFile]);
    expect(result.stdout).toBe(`added 1 API to ${configFile}: getsummary\n`);
    expect(result.stderr).toContain('left out: feedavailability (the config has this id already: its API is kept as it is)\n');
    const config = parseConfigText(readFileSync(configFile, 'utf8'), configFile, {});
    expect(config.apis.find((a) => a.id === 'feedavailability')).toMatchObject({ name: 'Main page', family: 'Wikipedia', url: 'https://en.wikipedia.org/wiki/Main_Page' });
  });

  it.each([
    { what: 'a malformed header pattern', from: 'content-type: "/^application\\\\/json/"', to: 'content-type: "/[unclosed/"', left: 'getsummary: header content-type /[unclosed/ (missing closing ]: `[unclosed`)' },
    { what: 'a body pattern with a backreference', from: 'extract: /planet/', to: 'extract: /^(a)\\1$/', left: 'getsummary: $.extract /^(a)\\1$/ (the backreference \\1 is not supported' },
    { what: 'a header pattern with a lookahead and a flag', from: 'content-type: "/^application\\\\/json/"', to: 'content-type: "/^(?!text)/i"', left: 'getsummary: header content-type /^(?!text)/i (the lookahead (?!…) is not supported' },
  ])('leaves out $what, says why, and imports the rest of the probe', async ({ from, to, left }) => {
    const spec = SWAGGER_2.replace(from, to);
    expect(spec).not.toBe(SWAGGER_2);
    const { configFile, specFile } = files({ name: 'patterns.yaml', text: spec });
    const result = await runCommand(['import', 'openapi', specFile, '--family', 'Page Content', '--owner', 'mwi', '--config', configFile]);
    expect(result).toMatchObject({ code: 0, stdout: `added 2 APIs to ${configFile}: getsummary, feedavailability\n` });
    expect(result.stderr).toContain(`left out: ${left}`);
    const summary = parseConfigText(readFileSync(configFile, 'utf8'), configFile, {}).apis.find((api) => api.id === 'getsummary')!;
    expect(summary.expect.json?.map((check) => check.path)).toEqual(from.startsWith('extract') ? ['$.title', '$.titles.canonical'] : ['$.title', '$.extract', '$.titles.canonical']);
  });

  it('keeps the permissions of the config file', async () => {
    const { configFile, specFile } = files(swagger);
    chmodSync(configFile, 0o640);
    await runCommand(['import', 'openapi', specFile, '--family', 'Page Content', '--owner', 'mwi', '--config', configFile]);
    expect(statSync(configFile).mode & 0o777).toBe(0o640);
  });

  it('needs --family and --owner', async () => {
    const { configFile, specFile } = files(swagger);
    expect((await runCommand(['import', 'openapi', specFile, '--owner', 'mwi', '--config', configFile])).stderr).toMatch(/^api-health: import openapi needs --family NAME/);
    expect((await runCommand(['import', 'openapi', specFile, '--family', 'X', '--config', configFile])).stderr).toMatch(/^api-health: import openapi needs --owner TEAM/);
  });

  it('names the kinds it imports', async () => {
    expect((await runCommand(['import', 'openpai', 'spec.yaml'])).stderr).toMatch(/^api-health: unknown import kind "openpai"; did you mean `openapi`\?/);
  });
});
