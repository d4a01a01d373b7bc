import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiConfig } from '../../source/config/types.js';
import { ApiWindow } from '../../source/metrics/api-window.js';
import { HttpProber } from '../../source/probe/http-prober.js';
import { configFrom } from '../helpers/config.js';
import { startServer, type Behaviour } from '../helpers/http-server.js';
import { useTempDir } from '../helpers/temp-dir.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

const SEARCH = JSON.stringify({ pages: [{ id: 9228, key: 'Earth', title: 'Earth', excerpt: 'Earth is the third planet' }] });
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** The API as the loader resolves it (patterns built, schema compiled), pointed at a loopback server answering `answer`. */
async function probeWith(expectation: object, answer: Behaviour, options: { maxBodyBytes?: number; file?: string } = {}) {
  const server = await startServer(() => answer);
  cleanup.push(() => server.close());
  const document = { apis: { search: { url: `${server.url}/search`, timeout: '2s', expect: expectation } } };
  const api: ApiConfig = options.file ? loadAt(options.file, document) : configFrom(document).apis[0]!;
  const prober = new HttpProber({ userAgent: 'test', maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, connectionsPerOrigin: 2, keepAliveMs: 10_000 });
  cleanup.push(() => prober.close());
  return prober.probe(api);
}

function loadAt(file: string, document: object): ApiConfig {
  writeFileSync(file, JSON.stringify(document));
  return configFrom(document, {}, file).apis[0]!;
}

const found = (expectation: object, body = SEARCH, headers: Record<string, string> = JSON_TYPE) => probeWith(expectation, { body, headers });

describe('header expectations', () => {
  it('passes an exact header value', async () => {
    expect((await found({ headers: { 'Content-Type': 'application/json; charset=utf-8' } })).outcome).toBe('ok');
  });

  it('passes a header matching a /regex/', async () => {
    expect((await found({ headers: { 'content-type': '/^application\\/json/' } })).outcome).toBe('ok');
  });

  it('fails a header that does not match, saying what came', async () => {
    const sample = await found({ headers: { 'content-type': '/^application\\/json/' } }, '<html></html>', { 'content-type': 'text/html' });
    expect(sample).toMatchObject({ outcome: 'assertion', status: 200, message: 'header content-type: expected /^application\\/json/, got "text/html"' });
  });

  it('fails a header the response lacks', async () => {
    const sample = await found({ headers: { 'x-served-by': 'mw1' } });
    expect(sample.message).toBe('header x-served-by: expected "mw1", got no such header');
  });
});

describe('JSON expectations', () => {
  it.each([
    { path: '$.pages[0].key', equals: 'Earth' },
    { path: '$.pages', minItems: 1 },
    { path: '$.pages[0].title', matches: '^Earth' },
    { path: '$.pages[0].id', exists: true },
    { path: '$.pages[0].thumbnail', exists: false },
    { path: '$.pages[0].id' },
  ])('passes $path when the body keeps it', async (check) => {
    expect((await found({ json: [check] })).outcome).toBe('ok');
  });

  it.each([
    [{ path: '$.pages[0].key', equals: 'Mars' }, '$.pages[0].key: expected "Mars", got "Earth"'],
    [{ path: '$.pages[0].title', matches: '^Mars' }, '$.pages[0].title: expected text matching /^Mars/, got "Earth"'],
    [{ path: '$.pages', minItems: 2 }, '$.pages: expected at least 2 items, got 1'],
    [{ path: '$.pages[0].thumbnail', exists: true }, '$.pages[0].thumbnail: expected to exist, got nothing'],
    [{ path: '$.pages[0].id', exists: false }, '$.pages[0].id: expected nothing, got 9228'],
    [{ path: '$.pages[0].key', minItems: 1 }, '$.pages[0].key: expected a list of at least 1 item, got string "Earth"'],
  ])('fails %o with "%s"', async (check, message) => {
    expect(await found({ json: [check] })).toMatchObject({ outcome: 'assertion', message });
  });

  it('reports an empty result list, the case a 200 hides', async () => {
    const sample = await found({ json: [{ path: '$.pages', minItems: 1 }] }, '{"pages":[]}');
    expect(sample.message).toBe('$.pages: expected at least 1 item, got 0');
  });

  it('names the first failing expectation when several fail', async () => {
    const sample = await found({ json: [{ path: '$.pages', minItems: 1 }, { path: '$.pages[0].key', equals: 'Mars' }, { path: '$.nope', exists: true }] });
    expect(sample.message).toBe('$.pages[0].key: expected "Mars", got "Earth"');
  });

  it('compares equals as JSON values, null included', async () => {
    expect((await found({ json: [{ path: '$.next', equals: null }] }, '{"next":null}')).outcome).toBe('ok');
    expect((await found({ json: [{ path: '$.n', equals: 1 }] }, '{"n":"1"}')).message).toBe('$.n: expected 1, got "1"');
  });

  it('fails a body that is not JSON with that reason and how it starts', async () => {
    const sample = await found({ json: [{ path: '$.pages', minItems: 1 }] }, '<!DOCTYPE html><html><body>Wikimedia Error</body></html>', { 'content-type': 'text/html' });
    expect(sample).toMatchObject({ outcome: 'assertion', message: 'body is not JSON: starts with "<!DOCTYPE html><html><body>Wikimedia Error</body></html>"' });
  });

  it('fails an empty body as not JSON', async () => {
    expect((await found({ json: [{ path: '$' }] }, '')).message).toBe('body is not JSON: it is empty');
  });

  it('stops reading a body over maxBodyBytes before parsing it', async () => {
    const body = JSON.stringify({ pages: Array.from({ length: 200 }, (_, id) => ({ id })) });
    const sample = await probeWith({ json: [{ path: '$.pages', minItems: 1 }] }, { body, headers: JSON_TYPE }, { maxBodyBytes: 1_000 });
    expect(sample).toMatchObject({ outcome: 'body_too_large', message: 'body larger than 1000 bytes' });
  });

  it('parses a gzip-compressed JSON body', async () => {
    const sample = await probeWith({ json: [{ path: '$.pages[0].key', equals: 'Earth' }] }, { body: SEARCH, gzip: true, headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } });
    expect(sample.outcome).toBe('ok');
  });

  it('cuts a long value short and strips terminal escapes from it', async () => {
    const title = `\u001b]0;owned\u0007${'x'.repeat(500)}`;
    const sample = await found({ json: [{ path: '$.title', equals: 'Earth' }] }, JSON.stringify({ title }));
    expect(sample.message).not.toContain('\u001b');
    expect(sample.message).not.toContain('\u0007');
    expect(sample.message!.length).toBeLessThanOrEqual(200);
    expect(sample.message).toMatch(/^\$\.title: expected "Earth", got ".*…$/);
  });

  it('still reports a 5xx as a 5xx, before any assertion', async () => {
    const sample = await probeWith({ json: [{ path: '$.pages', minItems: 1 }] }, { status: 503, body: 'down' });
    expect(sample.outcome).toBe('http_5xx');
  });
});

describe('schema expectations', () => {
  const dir = useTempDir();
  const schema = {
    type: 'object',
    required: ['pages'],
    properties: { pages: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } } },
  };

  it('passes a body that satisfies an inline schema', async () => {
    expect((await found({ schema })).outcome).toBe('ok');
  });

  it('fails a body against an inline schema, naming where', async () => {
    const sample = await found({ schema }, '{"pages":[{"id":"9228"}]}');
    expect(sample).toMatchObject({ outcome: 'assertion', message: 'schema inline: $.pages[0].id must be integer' });
  });

  it('reads a schema file relative to the config file', async () => {
    const folder = dir();
    writeFileSync(join(folder, 'search.json'), JSON.stringify(schema));
    const file = join(folder, 'api-health.json');
    expect((await probeWith({ schema: './search.json' }, { body: SEARCH }, { file })).outcome).toBe('ok');
    const failing = await probeWith({ schema: './search.json' }, { body: '{"results":[]}' }, { file });
    expect(failing.message).toBe("schema ./search.json: $ must have required property 'pages'");
  });
});

describe('assertions in the window', () => {
  it('count as errors, not as 5xx', async () => {
    const window = new ApiWindow(60_000, 1_000);
    window.add({ ...(await found({ json: [{ path: '$.pages', minItems: 5 }] })), at: 1 });
    window.add({ ...(await found({})), at: 2 });
    const summary = window.summarize(3);
    expect(summary).toMatchObject({ errorRate: 0.5, errorRate5xx: 0, availability: 0.5, lastError: 'assertion', lastErrorMessage: '$.pages: expected at least 5 items, got 1' });
  });
});

describe('a body that breaks what reads it', () => {
  /** Valid JSON, 10 KB, well under the body cap: nested 5,000 deep. */
  const DEEP = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
  const recursive = { $ref: '#/definitions/n', definitions: { n: { type: 'array', items: { $ref: '#/definitions/n' } } } };

  it.each([
    ['a JSON path equal to a value', { json: [{ path: '$', equals: 1 }] }],
    ['a JSON path that must not exist', { json: [{ path: '$', exists: false }] }],
    ['a recursive schema', { schema: recursive }],
  ])('fails %s as the body\'s fault, saying it is nested too deeply, and the probe ends', async (_, expectation) => {
    const sample = await found(expectation, DEEP);
    expect(sample).toMatchObject({ outcome: 'assertion', message: 'body cannot be checked: it is nested too deeply' });
  });
});
