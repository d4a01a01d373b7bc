import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';

/** A Wikimedia-style Swagger 2.0 spec: x-amples in service-checker's form, parameters behind $ref. */
const SWAGGER_2 = `swagger: "2.0"
info: { title: Page Content Service }
host: en.wikipedia.org
basePath: /api/rest_v1
schemes: [https]
parameters:
  title: { name: title, in: path, required: true, type: string }
  redirect: { name: redirect, in: query, type: boolean }
paths:
  /page/summary/{title}:
    get:
      operationId: getSummary
      parameters: [{ $ref: "#/parameters/title" }, { $ref: "#/parameters/redirect" }]
      x-amples:
        - title: Get summary for Earth
          request:
            params: { title: Earth, redirect: false }
            headers: { accept: application/json }
          response:
            status: 200
            headers: { content-type: "/^application\\\\/json/" }
            body:
              title: Earth
              extract: /planet/
              titles: { canonical: Earth }
  /page/random/summary:
    get:
      operationId: randomSummary
      x-monitor: false
      x-amples:
        - title: random
          response: { status: 303 }
  /transform/html/to/wikitext:
    post:
      operationId: htmlToWikitext
      x-amples:
        - title: convert
          request: { body: { html: "<p>x</p>" } }
          response: { status: 200 }
  /feed/availability:
    get: { operationId: feedAvailability }
`;

const OPENAPI_3 = {
  openapi: '3.0.3',
  info: { title: 'Search' },
  servers: [{ url: 'https://en.wikipedia.org/w/rest.php' }],
  components: {
    parameters: { q: { name: 'q', in: 'query', required: true, schema: { type: 'string' } }, limit: { name: 'limit', in: 'query', schema: { type: 'integer' } } },
  },
  paths: {
    '/v1/search/page': {
      get: {
        operationId: 'searchPages',
        parameters: [{ $ref: '#/components/parameters/q' }, { $ref: '#/components/parameters/limit' }],
        'x-amples': [
          { title: 'earth', request: { params: { q: 'earth', limit: 1 } }, response: { status: 200, body: { pages: [{ key: 'Earth', id: '/^\\d+$/' }] } } },
          { title: 'nothing', request: { params: { q: 'zzzqqqxxx' } }, response: { status: 200, body: { pages: [] } } },
        ],
      },
    },
    '/v1/page/{title}/bare': { parameters: [{ name: 'title', in: 'path', required: true }], 'x-monitor': false, get: { 'x-amples': [{ request: { params: { title: 'Earth' } } }] } },
  },
};

describe('init --from-openapi with x-amples', () => {
  const dir = useTempDir('api-health-amples-');

  async function propose(name: string, text: string) {
    const file = join(dir(), name);
    writeFileSync(file, text);
    const result = await runCommand(['init', '--from-openapi', file]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return { stdout: result.stdout, config: parseConfigText(result.stdout, 'proposed.yaml', {}) };
  }

  it('turns a Swagger 2.0 example into an API with its request and expectations, parameters read through $ref', async () => {
    const { config } = await propose('pcs.yaml', SWAGGER_2);
    const summary = config.apis.find((a) => a.id === 'getsummary')!;
    expect(summary).toMatchObject({ name: 'Page Content Service - Get summary for Earth', url: 'https://en.wikipedia.org/api/rest_v1/page/summary/Earth?redirect=false', headers: { accept: 'application/json' } });
    expect(summary.expect.status).toEqual([200]);
    expect(summary.expect.headers).toEqual([{ name: 'content-type', value: { text: '/^application\\/json/', pattern: /^application\/json/ } }]);
    expect(summary.expect.json).toEqual([
      { path: '$.title', equals: { value: 'Earth' } },
      { path: '$.extract', matches: { text: '/planet/', pattern: /planet/ } },
      { path: '$.titles.canonical', equals: { value: 'Earth' } },
    ]);
  });

  it('leaves out x-monitor: false and unsafe methods, and proposes GET routes without examples as before', async () => {
    const { stdout, config } = await propose('pcs.yaml', SWAGGER_2);
    expect(config.apis.map((a) => a.id)).toEqual(['getsummary', 'feedavailability']);
    expect(config.apis[1]).toMatchObject({ url: 'https://en.wikipedia.org/api/rest_v1/feed/availability', expect: {} });
    expect(stdout).toContain('#   POST /transform/html/to/wikitext (its x-amples change data: probes must be safe)\n');
    expect(stdout).not.toContain('random');
  });

  it('turns each OpenAPI 3 example into its own API, query filled, list items checked by index', async () => {
    const { config } = await propose('search.json', JSON.stringify(OPENAPI_3));
    expect(config.apis.map((a) => [a.id, a.url])).toEqual([
      ['searchpages-earth', 'https://en.wikipedia.org/w/rest.php/v1/search/page?q=earth&limit=1'],
      ['searchpages-nothing', 'https://en.wikipedia.org/w/rest.php/v1/search/page?q=zzzqqqxxx'],
    ]);
    expect(config.apis[0]!.expect.json).toEqual([
      { path: '$.pages[0].key', equals: { value: 'Earth' } },
      { path: '$.pages[0].id', matches: { text: '/^\\d+$/', pattern: /^\d+$/ } },
    ]);
    expect(config.apis[1]!.expect.json).toEqual([{ path: '$.pages', exists: true }]);
  });
});
