import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema } from '../../source/commands/schema.js';
import { parseConfigText } from '../../source/config/load.js';
import { FRACTION_PATTERN, parseFraction } from '../../source/config/schema.js';
import { runCommand } from '../helpers/run-command.js';

const committed = fileURLToPath(new URL('../../schema/api-health.schema.json', import.meta.url));
const example = fileURLToPath(new URL('../../examples/wikimedia.yaml', import.meta.url));

describe('api-health schema', () => {
  it('prints the schema that is committed as schema/api-health.schema.json (run `api-health schema -o schema/api-health.schema.json` after changing the config schema)', async () => {
    const result = await runCommand(['schema']);
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
    ['a percentage above 100%', { slo: { objective: '150%' }, apis: {} }],
    ['a fraction above 1 written as text', { slo: { objective: '1.5' }, apis: {} }],
    ['an unknown HTTP method', { apis: { a: { url: 'https://x.org/', method: 'fetch' } } }],
  ])('rejects %s, as the loader does', (_name, config) => {
    expect(validate(config)).toBe(false);
  });

  it.each(['get', 'Head', 'OPTIONS'])('accepts the method %j, which the loader reads in any case', (method) => {
    const config = { apis: { a: { url: 'https://x.org/', method } } };
    expect(validate(config)).toBe(true);
    expect(parseConfigText(JSON.stringify(config), 'config.yaml', {}).apis[0]!.method).toBe(method.toUpperCase());
  });

  it('has a percentage pattern that accepts exactly the strings the loader reads as a fraction', () => {
    const numbers = ['0', '00', '1', '01', '2', '9', '10', '50', '99', '99.5', '99.95', '100', '100.0', '100.00', '0100', '100.5', '101', '150', '1000', '0.5', '0.02', '1.0', '1.5', '.5', '5.', '1e2', '-1'];
    const texts = numbers.flatMap((n) => [n, `${n}%`, ` ${n}% `, `${n} %`, `${n}%%`]);
    const pattern = new RegExp(FRACTION_PATTERN);
    const disagreements = texts.filter((text) => pattern.test(text) !== (parseFraction(text) !== undefined));
    expect(disagreements).toEqual([]);
  });
});
