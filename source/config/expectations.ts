import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve as resolvePath } from 'node:path';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import type parseJsonPathFunction from 'jsonpath-rfc9535/parser';
import { parse as parseYaml } from 'yaml';
import { compileSafePattern, schemaPatternEngine } from '../text/safe-pattern.js';
import type { RawApi } from './schema.js';
import type { ApiExpect, HeaderExpectation, JsonExpectation, SchemaExpectation, TextMatch } from './types.js';

/**
 * The JSON Schema validator costs more to load than checking a whole config, and only configs with an
 * `expect.schema` use it; config checking is synchronous, so the validator (CommonJS) is required at the first
 * schema compiled, not when this module loads.
 */
const require = createRequire(import.meta.url);
/** The JSON path parser likewise, at the first `expect.json` path checked. */
const parseJsonPath: typeof parseJsonPathFunction = (path) => (require('jsonpath-rfc9535/parser') as { default: typeof parseJsonPathFunction }).default(path);

/** `code` names the engine only in Ajv's standalone code output, which is never generated here. */
const SCHEMA_PATTERNS = Object.assign((pattern: string) => schemaPatternEngine(pattern), { code: 'schemaPatternEngine' });

type RawExpect = NonNullable<RawApi['expect']>;
type ConfigPath = (string | number)[];
/** resolve.ts's issue, restated: that module imports this one. */
interface ResolveIssue {
  path: ConfigPath;
  message: string;
}

/**
 * Compiles JSON Schemas for one config load. A schema file named by many APIs is read and compiled once,
 * and nothing is compiled per probe: compiling costs milliseconds, validating microseconds.
 */
export class SchemaCompiler {
  private readonly validators = new Map<string, SchemaExpectation | string>();
  private readonly engines = new Map<string, Ajv>();

  constructor(private readonly configFile: string | undefined) {}

  /** The compiled schema, or a one-line reason it cannot be used. */
  compile(schema: string | Record<string, unknown>): SchemaExpectation | string {
    if (typeof schema !== 'string') return this.build(schema, 'inline');
    const file = resolvePath(this.configFile ? dirname(this.configFile) : process.cwd(), schema);
    let compiled = this.validators.get(file);
    if (compiled === undefined) {
      compiled = this.readAndBuild(file, schema);
      this.validators.set(file, compiled);
    }
    return compiled;
  }

  private readAndBuild(file: string, shown: string): SchemaExpectation | string {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return `cannot read the schema ${shown}: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}`;
    }
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (error) {
      return `the schema ${shown} is not JSON or YAML: ${(error as Error).message.split('\n')[0]}`;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return `the schema ${shown} is not a JSON Schema object`;
    return this.build(data as Record<string, unknown>, shown);
  }

  private build(schema: Record<string, unknown>, source: string): SchemaExpectation | string {
    let validate: ValidateFunction;
    try {
      validate = this.engine(schema.$schema).compile(schema);
    } catch (error) {
      return `invalid JSON Schema ${source === 'inline' ? '' : `${source} `}(${(error as Error).message})`;
    }
    return {
      source,
      check: (body) => {
        if (validate(body)) return undefined;
        const first = validate.errors?.[0];
        if (!first) return 'does not match the schema';
        const where = `$${first.instancePath
          .split('/')
          .slice(1)
          .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
          .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
          .join('')}`;
        const detail = first.keyword === 'additionalProperties' ? ` (${String((first.params as { additionalProperty?: string }).additionalProperty)})` : '';
        return `${where} ${first.message ?? 'is invalid'}${detail}`;
      },
    };
  }

  /** The draft a schema names picks the validator; draft-07 when it names none. */
  private engine(draft: unknown): Ajv {
    const name = typeof draft === 'string' && draft.includes('2020-12') ? '2020' : typeof draft === 'string' && draft.includes('2019-09') ? '2019' : '07';
    let engine = this.engines.get(name);
    if (!engine) {
      // strict off: specs carry keywords such as `example` that are not JSON Schema; unknown formats are
      // ignored rather than logged. addUsedSchema off: two schemas may share an $id without clashing.
      // regExp: schema patterns come from specs as often as from the user; RE2 keeps matching linear.
      const options: Options = { strict: false, logger: false, addUsedSchema: false, allErrors: false, code: { regExp: SCHEMA_PATTERNS } };
      engine =
        name === '2020'
          ? new (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020(options)
          : name === '2019'
            ? new (require('ajv/dist/2019.js') as typeof import('ajv/dist/2019.js')).Ajv2019(options)
            : new (require('ajv') as typeof import('ajv')).Ajv(options);
      this.engines.set(name, engine);
    }
    return engine;
  }
}

/**
 * "/^application\/json/i" is a pattern; anything else is exact text. Undefined with an issue when the pattern is
 * malformed or needs backtracking (RE2 runs it: see text/safe-pattern.ts).
 */
export function parseTextMatch(text: string, at: ConfigPath, issues: ResolveIssue[], alwaysPattern = false): TextMatch | undefined {
  const slashed = /^\/(.*)\/([dgimsuvy]*)$/s.exec(text);
  if (!slashed && !alwaysPattern) return { text };
  try {
    return { text, pattern: slashed ? compileSafePattern(slashed[1]!, slashed[2]!) : compileSafePattern(text) };
  } catch (error) {
    issues.push({ path: at, message: `invalid regular expression ${JSON.stringify(text)}: ${(error as Error).message}` });
    return undefined;
  }
}

/**
 * Why a JSONPath (RFC 9535) cannot be used, or undefined. Its match() and search() functions are refused: they run
 * I-Regexp patterns, which may come from the body itself, on JavaScript's backtracking engine; `matches:` runs on RE2.
 */
function jsonPathProblem(path: string): string | undefined {
  let ast: unknown;
  try {
    ast = parseJsonPath(path);
  } catch (error) {
    // The parser lists every token it would have taken (character ranges included): the one it found says enough.
    const { message, location } = error as Error & { location?: { start?: { offset?: number } } };
    const found = / but (.*) found\.?$/.exec(message.split('\n')[0]!)?.[1];
    const where = location?.start?.offset === undefined ? '' : ` at character ${location.start.offset + 1}`;
    return `invalid JSONPath ${JSON.stringify(path)} (RFC 9535 syntax): ${found === undefined ? message.split('\n')[0] : `unexpected ${found}`}${where}`;
  }
  const regexFunction = findFunction(ast, new Set(['match', 'search']));
  return regexFunction === undefined ? undefined : `${regexFunction}() is not supported in a path: its pattern would run without a time bound; check the value with matches: instead`;
}

function findFunction(node: unknown, names: ReadonlySet<string>): string | undefined {
  if (Array.isArray(node)) return node.map((item) => findFunction(item, names)).find((name) => name !== undefined);
  if (typeof node !== 'object' || node === null) return undefined;
  const { type, name } = node as { type?: unknown; name?: unknown };
  if (type === 'FunctionExpr' && typeof name === 'string' && names.has(name)) return name;
  return Object.values(node).map((value) => findFunction(value, names)).find((found) => found !== undefined);
}

/** The config's `expect` as the prober uses it: patterns built, schemas compiled, header names in lower case. */
export function buildExpect(raw: RawExpect | undefined, at: ConfigPath, schemas: SchemaCompiler, issues: ResolveIssue[]): ApiExpect {
  const expect: ApiExpect = { status: raw?.status, bodyContains: raw?.bodyContains, maxLatencyMs: raw?.maxLatency };
  if (raw?.certificate) expect.certificate = { minValidityMs: raw.certificate.minValidity };
  if (!raw) return expect;
  if (raw.headers) {
    const headers: HeaderExpectation[] = [];
    for (const [name, value] of Object.entries(raw.headers)) {
      const match = parseTextMatch(value, [...at, 'headers', name], issues);
      if (match) headers.push({ name: name.toLowerCase(), value: match });
    }
    expect.headers = headers;
  }
  if (raw.json) {
    raw.json.forEach((entry, index) => {
      const problem = jsonPathProblem(entry.path);
      if (problem !== undefined) issues.push({ path: [...at, 'json', index, 'path'], message: problem });
    });
    expect.json = raw.json.map((entry, index): JsonExpectation => {
      const matches = entry.matches === undefined ? undefined : parseTextMatch(entry.matches, [...at, 'json', index, 'matches'], issues, true);
      const checks = Object.hasOwn(entry, 'equals') || matches || entry.minItems !== undefined || entry.exists !== undefined;
      return {
        path: entry.path,
        equals: Object.hasOwn(entry, 'equals') ? { value: entry.equals } : undefined,
        matches,
        minItems: entry.minItems,
        exists: checks ? entry.exists : true,
      };
    });
  }
  if (raw.schema !== undefined) {
    const compiled = schemas.compile(raw.schema);
    if (typeof compiled === 'string') issues.push({ path: [...at, 'schema'], message: compiled });
    else expect.schema = compiled;
  }
  return expect;
}
