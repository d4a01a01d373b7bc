import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../source/commands/schema.js';
import { runCli } from './run-cli.js';

const committed = fileURLToPath(new URL('../../schema/api-health.schema.json', import.meta.url));
const example = fileURLToPath(new URL('../../examples/wikimedia.yaml', import.meta.url));

describe('api-health schema', () => {
  it('prints the schema that is committed as schema/api-health.schema.json (run `api-health schema -o schema/api-health.schema.json` after changing the config schema)', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(committed, 'utf8'));
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(configJsonSchema());

  it('accepts examples/wikimedia.yaml as an editor would see it', () => {
    const ok = validate(parse(readFileSync(example, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each([
    ['a malformed duration', { defaults: { interval: '5 minutes' }, apis: {} }],
    ['a malformed percentage', { slo: { objective: 'most' }, apis: {} }],
    ['a fraction above 1', { slo: { objective: 2 }, apis: {} }],
    ['an unknown key', { apis: {}, extra: 1 }],
    ['an unknown channel type', { channels: { c: { type: 'carrier-pigeon' } }, apis: {} }],
    ['a team without a name', { teams: { a: {} }, apis: {} }],
  ])('rejects %s, as the loader does', (_name, config) => {
    expect(validate(config)).toBe(false);
  });
});
