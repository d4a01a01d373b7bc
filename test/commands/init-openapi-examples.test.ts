import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { OPENAPI_3, SWAGGER_2 } from '../helpers/openapi-specs.js';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { patternLike } from '../helpers/config.js';

describe('init --from-openapi with x-amples', () => {
  const dir = useTempDir('api-health-amples-');

  async function propose(name: string, text: string) {
    const file = join(dir(), name);
    writeFileSync(file, text);
    const result = await runCommand(['init', '--from-openapi', file]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return { stdout: result.stdout, config: parseConfigText(result.stdout, 'proposed.yaml', {}) };
  }

  it('writes ${ from the spec as $${, so the proposed config loads it as text and reads no environment, and lists each in a comment', async () => {
    const spec = SWAGGER_2.replace('headers: { accept: application/json }', 'headers: { accept: application/json, x-trace: "${SOME_TOKEN}" }').replace('extract: /planet/', 'extract: "${HOME}"');
    expect(spec).not.toBe(SWAGGER_2);
    const file = join(dir(), 'env.yaml');
    writeFileSync(file, spec);
    const result = await runCommand(['init', '--from-openapi', file]);
    expect(result.code).toBe(0);
    const summary = parseConfigText(result.stdout, 'proposed.yaml', { SOME_TOKEN: 'tok-secret', HOME: '/home/someone' }).apis.find((a) => a.id === 'getsummary')!;
    expect(summary.headers['x-trace']).toBe('${SOME_TOKEN}');
    expect(summary.expect.json).toContainEqual({ path: '$.extract', equals: { value: '${HOME}' } });
    expect(result.stdout).toContain('#   getsummary: headers.x-trace "${SOME_TOKEN}"\n');
    expect(result.stdout).toContain('#   getsummary: expect.json[1].equals "${HOME}"\n');
  });

  it('turns a Swagger 2.0 example into an API with its request and expectations, parameters read through $ref', async () => {
    const { config } = await propose('pcs.yaml', SWAGGER_2);
    const summary = config.apis.find((a) => a.id === 'getsummary')!;
    expect(summary).toMatchObject({ name: 'Page Content Service - Get summary for Earth', url: 'https://en.wikipedia.org/api/rest_v1/page/summary/Earth?redirect=false', headers: { accept: 'application/json' } });
    expect(summary.expect.status).toEqual([200]);
    expect(summary.expect.headers).toEqual([{ name: 'content-type', value: { text: '/^application\\/json/', pattern: patternLike(/^application\/json/) } }]);
    expect(summary.expect.json).toEqual([
      { path: '$.title', equals: { value: 'Earth' } },
      { path: '$.extract', matches: { text: '/planet/', pattern: patternLike(/planet/) } },
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
      { path: '$.pages[0].id', matches: { text: '/^\\d+$/', pattern: patternLike(/^\d+$/) } },
    ]);
    expect(config.apis[1]!.expect.json).toEqual([{ path: '$.pages', exists: true }]);
  });
});
