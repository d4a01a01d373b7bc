import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cliEnv, requireBuiltCli } from '../helpers/cli-binary.js';
import { tempDir, useConfigDir } from '../helpers/temp-dir.js';

const example = fileURLToPath(new URL('../../examples/wikimedia.yaml', import.meta.url));

/**
 * Loaded before the program: every ES module it imports (a load hook) and every CommonJS module it requires (the
 * require cache at exit) is appended to $LOADS_FILE, one URL or path a line.
 */
const LISTER = `
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
const hook = 'import { appendFileSync } from "node:fs"; export async function load(url, context, next) { appendFileSync(process.env.LOADS_FILE, url + "\\\\n"); return next(url, context); }';
register('data:text/javascript,' + encodeURIComponent(hook));
const { _cache } = createRequire(import.meta.url)('node:module');
process.on('exit', () => appendFileSync(process.env.LOADS_FILE, Object.keys(_cache).join('\\n') + '\\n'));
`;

/** The packages (node_modules folders) the built program loads for this command line; dir holds the lists. */
function packagesLoaded(dir: string, args: string[]): Set<string> {
  requireBuiltCli();
  const lister = join(dir, 'lister.mjs');
  const loads = join(dir, 'loads.txt');
  writeFileSync(lister, LISTER);
  writeFileSync(loads, '');
  const result = spawnSync(process.execPath, ['--import', lister, CLI, ...args], { env: cliEnv({ LOADS_FILE: loads }), encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return new Set([...readFileSync(loads, 'utf8').matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((match) => match[1]!));
}

describe('validate of the wikimedia example', () => {
  const dir = tempDir('api-health-loads-');
  let loaded: Set<string>;
  beforeAll(() => {
    loaded = packagesLoaded(dir.path, ['validate', '--config', example]);
  });
  afterAll(() => dir.remove());

  it.each(['ajv', 'rrule', 'luxon', 'string-width', 'ink', 'react', 'undici', 'nodemailer', 'prom-client', '@apidevtools/swagger-parser', 'better-sqlite3'])(
    'does not load %s',
    (name) => {
      expect(loaded).not.toContain(name);
    },
  );

  it('loads the config schema and YAML libraries', () => {
    expect(loaded).toContain('zod');
    expect(loaded).toContain('yaml');
  });
});

describe('validate loads an optional engine only for a config that uses it', () => {
  const config = useConfigDir('api-health-loads-');

  it('a config without patterns does not load the pattern engine', () => {
    const file = config.write('apis:\n  a: { url: "http://127.0.0.1:9/" }\n');
    expect(packagesLoaded(config.path, ['validate', '--config', file])).not.toContain('re2js');
  });

  it.each([
    ['a JSON Schema expectation', 'ajv', 'apis:\n  a: { url: "http://127.0.0.1:9/", expect: { schema: { type: object } } }\n'],
    ['a recurring maintenance window', 'rrule', 'apis:\n  a: { url: "http://127.0.0.1:9/" }\nmaintenance:\n  - { name: w, every: "FREQ=WEEKLY;BYDAY=TH", duration: 1h, timezone: UTC, match: { api: a } }\n'],
    ['a JSON expectation', 'jsonpath-rfc9535', 'apis:\n  a: { url: "http://127.0.0.1:9/", expect: { json: [{ path: "$.ok", equals: true }] } }\n'],
    ['a header pattern', 're2js', 'apis:\n  a: { url: "http://127.0.0.1:9/", expect: { headers: { content-type: "/^application\\\\/json/" } } }\n'],
  ])('a config with %s loads %s', (_what, name, text) => {
    expect(packagesLoaded(config.path, ['validate', '--config', config.write(text)])).toContain(name);
  });
});

const IRC_CHANNEL = 'channels:\n  ops: { type: irc, server: 127.0.0.1, port: 9, nick: api-health, channels: ["#ops"] }\n';

/** `monitor` for a second on `text` as its config, in a state directory under dir. */
function monitorLoads(dir: string, text: string): Set<string> {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return packagesLoaded(dir, ['monitor', '--config', file, '--state-dir', join(dir, 'state'), '--duration', '1s']);
}

describe('monitor without history, IRC messages, recurring windows or JSON expectations', () => {
  const dir = tempDir('api-health-loads-');
  let loaded: Set<string>;
  beforeAll(() => {
    loaded = monitorLoads(dir.path, `history: off\n${IRC_CHANNEL}apis:\n  a: { url: "http://127.0.0.1:9/" }\n`);
  });
  afterAll(() => dir.remove());

  it.each(['irc-framework', 'better-sqlite3', 'rrule', 'luxon', 'jsonpath-rfc9535', 'ink', 'react', 'nodemailer'])('does not load %s', (name) => {
    expect(loaded).not.toContain(name);
  });
});

describe('monitor loads an optional engine only for a config that uses it', () => {
  const config = useConfigDir('api-health-loads-');

  it.each([
    ['the history', 'better-sqlite3', 'apis:\n  a: { url: "http://127.0.0.1:9/" }\n'],
    ['a recurring maintenance window', 'luxon', 'history: off\napis:\n  a: { url: "http://127.0.0.1:9/" }\nmaintenance:\n  - { name: w, every: "FREQ=WEEKLY;BYDAY=TH", duration: 1h, timezone: UTC, match: { api: a } }\n'],
  ])('with %s loads %s', (_what, name, text) => {
    expect(monitorLoads(config.path, text)).toContain(name);
  });
});
