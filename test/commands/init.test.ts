import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { lintOwnership } from '../../source/ownership/lint.js';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';

const OPENAPI_YAML = `openapi: 3.0.3
info: { title: Pet Store }
servers:
  - url: https://{region}.pets.example.org/v1
    variables: { region: { default: eu } }
components:
  parameters:
    Limit: { name: limit, in: query, required: true, schema: { type: integer } }
paths:
  /pets:
    get: { operationId: listPets, summary: List pets }
    post: { operationId: addPet }
  /pets/{petId}:
    parameters: [{ name: petId, in: path, required: true }]
    get: { operationId: getPet }
  /search:
    get: { parameters: [{ $ref: '#/components/parameters/Limit' }] }
  /health:
    get: {}
`;

describe('api-health init', () => {
  const makeDir = useTempDir('api-health-init-');
  let dir: string;
  let server: LoopbackServer | undefined;
  beforeEach(() => {
    dir = makeDir();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('writes a commented starter config that loads and lints clean', async () => {
    const result = await runCommand(['init']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('# yaml-language-server: $schema=');
    expect(lintOwnership(parseConfigText(result.stdout, 'starter.yaml', {}))).toEqual([]);
  });

  it('proposes GET probes from an OpenAPI YAML file under one family, with path parameters commented out', async () => {
    const file = join(dir, 'openapi.yaml');
    writeFileSync(file, OPENAPI_YAML);
    const result = await runCommand(['init', '--from-openapi', file]);
    expect(result.code).toBe(0);
    const config = parseConfigText(result.stdout, 'proposed.yaml', {});
    expect(config.apis.map((a) => [a.id, a.name, a.family, a.method, a.url])).toEqual([
      ['listpets', 'Pet Store - List pets', 'Pet Store', 'GET', 'https://eu.pets.example.org/v1/pets'],
      ['health', 'Pet Store - GET /health', 'Pet Store', 'GET', 'https://eu.pets.example.org/v1/health'],
    ]);
    expect(result.stdout).toContain('  # fill in: {petId}\n  # getpet:\n');
    expect(result.stdout).toContain('  #   url: "https://eu.pets.example.org/v1/pets/{petId}"\n');
    expect(result.stdout).toContain('#   /search (limit)\n');
  });

  it('reads an OpenAPI JSON document by URL and resolves a relative server against it', async () => {
    const doc = { openapi: '3.1.0', info: { title: 'Local' }, servers: [{ url: '/api' }], paths: { '/status': { get: {} } } };
    server = await listenOnLoopback((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc)));
    const url = server.url('/openapi.json');
    const result = await runCommand(['init', '--from-openapi', url]);
    expect(result.code).toBe(0);
    expect(parseConfigText(result.stdout, 'proposed.yaml', {}).apis[0]!.url).toBe(`${url.replace('/openapi.json', '')}/api/status`);
  });

  it('copies no escape, bidi or zero-width character from a remote spec into the config or the terminal', async () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Pets\u001b]0;pwned\u0007 \u202eAPI' },
      servers: [{ url: 'https://pets.example.org' }],
      paths: { '/pets': { get: { summary: 'List\u200b pets\u001b[2J' } }, '/x\u001b[31m': { get: {} } },
    };
    const file = join(dir, 'hostile.json');
    writeFileSync(file, JSON.stringify(doc));
    const result = await runCommand(['init', '--from-openapi', file]);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/[\u001b\u0007\u202e\u200b]/);
    const config = parseConfigText(result.stdout, 'proposed.yaml', {});
    expect(config.apis.map((a) => [a.name, a.family])).toEqual([['Pets API - List pets', 'Pets API']]);
    expect(result.stdout).toContain('/x (its path holds U+001B)');
  });

  it('says what is wrong with a document that is neither OpenAPI 3 nor Swagger 2.0', async () => {
    const file = join(dir, 'asyncapi.json');
    writeFileSync(file, '{"asyncapi": "2.6.0"}');
    const result = await runCommand(['init', '--from-openapi', file]);
    expect(result).toMatchObject({ code: 2, stderr: `api-health: ${file}: not an OpenAPI 3 or Swagger 2.0 document (no "openapi: 3.x" or "swagger: 2.0" field)\n` });
  });

  it('says a Swagger 2.0 file without a host has nothing to probe', async () => {
    const file = join(dir, 'swagger.json');
    writeFileSync(file, '{"swagger": "2.0", "info": {"title": "T"}, "paths": {}}');
    const result = await runCommand(['init', '--from-openapi', file]);
    expect(result).toMatchObject({ code: 2, stderr: `api-health: ${file}: the document has no usable host to probe (add one, or pass the document by URL)\n` });
  });

  it('says when the document cannot be read', async () => {
    const result = await runCommand(['init', '--from-openapi', join(dir, 'missing.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.yaml: file not found');
  });

  describe('--output', () => {
    it('writes the starter config to a new file', async () => {
      const file = join(dir, 'api-health.yaml');
      expect(await runCommand(['init', '--output', file])).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(readFileSync(file, 'utf8')).toContain('# yaml-language-server: $schema=');
    });

    it('refuses to overwrite an existing file, and leaves it as it was', async () => {
      const file = join(dir, 'api-health.yaml');
      writeFileSync(file, 'apis: {}  # edited by hand\n');
      expect(await runCommand(['init', '--output', file])).toEqual({ code: 2, stdout: '', stderr: `api-health: --output ${file} exists; pass --force to replace it\n` });
      expect(readFileSync(file, 'utf8')).toBe('apis: {}  # edited by hand\n');
    });

    it('refuses for a config proposed from OpenAPI too', async () => {
      const spec = join(dir, 'openapi.yaml');
      const file = join(dir, 'api-health.yaml');
      writeFileSync(spec, OPENAPI_YAML);
      writeFileSync(file, 'kept\n');
      expect((await runCommand(['init', '--from-openapi', spec, '--output', file])).code).toBe(2);
      expect(readFileSync(file, 'utf8')).toBe('kept\n');
    });

    it('replaces an existing file with --force', async () => {
      const file = join(dir, 'api-health.yaml');
      writeFileSync(file, 'old\n');
      expect((await runCommand(['init', '--output', file, '--force'])).code).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain('# yaml-language-server: $schema=');
    });
  });
});
