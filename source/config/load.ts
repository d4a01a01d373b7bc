import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { configSchema } from './schema.js';
import { knownKeysAt } from './known-keys.js';
import { didYouMean } from '../text/did-you-mean.js';
import { sanitize, unsafeCharacter } from '../text/sanitize.js';
import { resolveConfig, type ConfigPath, type ResolveIssue } from './resolve.js';
import type { Config } from './types.js';

export interface ConfigIssue {
  path: ConfigPath;
  message: string;
  line?: number | undefined;
  column?: number | undefined;
}

/** Everything wrong with a config file, reported together. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(issues.map((issue) => formatIssue(file, issue)).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatIssue(file: string, issue: ConfigIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
  const key = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  // Keys and values are quoted back to the user: a hostile file must not drive their terminal through them.
  return sanitize(`${where}: ${key}${issue.message}`);
}

export function formatPath(path: ConfigPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

export function loadConfigFile(file: string, env: NodeJS.ProcessEnv): Config {
  return parseConfigText(readConfigText(file), file, env);
}

/** The file's text, or a ConfigError naming why it cannot be read. */
export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(file, [{ path: [], message: reason }]);
  }
}

/** Parses YAML or JSON text into a validated, resolved config, or throws a ConfigError with every issue located. */
export function parseConfigText(text: string, file: string, env: NodeJS.ProcessEnv): Config {
  return parseLocatedConfig(text, file, env).config;
}

export interface SourcePosition {
  line: number;
  column: number;
}

/** A valid config with a way back to its source, for checks that warn about a key (lint) after loading. */
export interface LocatedConfig {
  config: Config;
  /** The line and column of the deepest key on the path that exists in the file. */
  locate(path: ConfigPath): SourcePosition | undefined;
}

export function parseLocatedConfig(text: string, file: string, env: NodeJS.ProcessEnv): LocatedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((error) => {
        // linePos is only filled in with prettyErrors, which also rewrites the message: locate it ourselves.
        const pos = lineCounter.linePos(error.pos[0]);
        return { path: [], message: `YAML: ${error.message.split('\n')[0]}`, line: pos.line, column: pos.col };
      }),
    );
  }
  const position = (path: ConfigPath): SourcePosition | undefined => {
    const offset = findOffset(doc, path);
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const locate = (issue: Omit<ConfigIssue, 'line' | 'column'>): ConfigIssue => {
    const pos = position(issue.path);
    return pos === undefined ? issue : { ...issue, line: pos.line, column: pos.column };
  };

  const secrets: string[] = [];
  const envIssues: Omit<ConfigIssue, 'line' | 'column'>[] = [];
  const data = interpolate(doc.toJS() ?? {}, [], env, secrets, envIssues);
  const parsed = configSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const schemaIssues = parsed.error.issues.flatMap(toIssues);
    throw new ConfigError(file, byPosition([...envIssues, ...schemaIssues, ...crossReferenceIssues(data, schemaIssues, file)].map(locate)));
  }

  const { config, issues } = resolveConfig(parsed.data, file, secrets);
  if (envIssues.length + issues.length > 0) throw new ConfigError(file, byPosition([...envIssues, ...issues].map(locate)));
  return { config, locate: position };
}

/**
 * When only API fields or defaults are malformed, the file is checked once more without them, so owners,
 * URLs and methods are reported in the same run instead of after the user fixed the first batch.
 */
function crossReferenceIssues(data: unknown, schemaIssues: Omit<ConfigIssue, 'line' | 'column'>[], file: string): ResolveIssue[] {
  const salvaged = structuredClone(data) as { apis?: Record<string, unknown>; defaults?: Record<string, unknown> };
  for (const { path } of schemaIssues) {
    const [section, key, field] = path;
    const table = section === 'apis' ? salvaged.apis : section === 'defaults' ? salvaged.defaults : undefined;
    if (typeof table !== 'object' || table === null || key === undefined) return [];
    const entry = table[String(key)];
    if (section === 'apis' && field !== undefined && typeof entry === 'object' && entry !== null) delete (entry as Record<string, unknown>)[String(field)];
    else delete table[String(key)];
  }
  const reparsed = configSchema.safeParse(salvaged);
  return reparsed.success ? resolveConfig(reparsed.data, file, []).issues : [];
}

function toIssues(issue: z.core.$ZodIssue): Omit<ConfigIssue, 'line' | 'column'>[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"${didYouMean(key, knownKeysAt(path))}` }));
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return [{ path, message: `missing required key "${String(path.at(-1))}"` }];
  }
  if (issue.code === 'invalid_type') {
    const wanted = issue.message.startsWith('Invalid input') ? `expected ${issue.expected === 'object' ? 'a mapping' : issue.expected}` : issue.message;
    return [{ path, message: `${wanted}, got ${describeValue(issue.input)}` }];
  }
  if (issue.code === 'invalid_value') {
    return [{ path, message: `expected one of ${issue.values.map(String).join(', ')}, got ${describeValue(issue.input)}` }];
  }
  if (issue.code === 'invalid_union') {
    // Each alternative failed; the first alternative's own complaint says what was meant.
    const first = issue.errors[0]?.[0];
    if (first && first.code !== 'invalid_type') return toIssues({ ...first, path: [...issue.path, ...first.path] } as z.core.$ZodIssue);
    return [{ path, message: `${issue.message.replace(/^Invalid input$/, 'invalid value')}: got ${describeValue(issue.input)}` }];
  }
  return [{ path, message: issue.message }];
}

/** In file order, so the list reads top to bottom like the file. */
function byPosition(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces ${VAR} in every string from the environment; the substituted values are secrets from then on. */
function interpolate(
  value: unknown,
  path: ConfigPath,
  env: NodeJS.ProcessEnv,
  secrets: string[],
  issues: Omit<ConfigIssue, 'line' | 'column'>[],
): unknown {
  if (typeof value === 'string') {
    const unsafe = unsafeCharacter(value);
    if (unsafe !== undefined) issues.push({ path, message: `contains ${unsafe}, a character that would drive the terminal or hide in the text: remove it` });
    return value.replace(VARIABLE, (whole, name: string) => {
      const found = env[name];
      if (found === undefined) {
        issues.push({ path, message: `environment variable ${name} is not set (used as ${whole})` });
        return whole;
      }
      if (found.length >= 4) secrets.push(found);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, [...path, i], env, secrets, issues));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, [...path, k], env, secrets, issues)]));
  }
  return value;
}

/** The source offset of the deepest node on the path that exists: the key itself where possible. */
function findOffset(doc: Document, path: ConfigPath): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as YamlNode | null)?.range?.[0];
}
