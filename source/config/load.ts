import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { configSchema } from './schema.js';
import { knownKeysAt } from './known-keys.js';
import { didYouMean } from '../text/did-you-mean.js';
import { unsafeCharacter } from '../text/sanitize.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { resolveConfig, type ConfigPath, type ResolveIssue } from './resolve.js';
import type { Config } from './types.js';
import { readSharedCa } from './shared-ca.js';

export { ConfigError, formatIssue, formatPath, type ConfigIssue } from './config-error.js';

/**
 * A fleet of thousands of APIs fits in a few hundred KiB. Past this, parsing alone would take seconds per
 * MiB and gigabytes of memory, so a bigger file is refused before it is parsed.
 */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * How many values aliases may copy into the config, all together: room for an anchor shared by every API of
 * a large fleet, not for an alias bomb (nine aliases of nine aliases of ... turning a few lines into billions).
 */
export const MAX_ALIASED_VALUES = 100_000;

export function loadConfigFile(file: string, env: NodeJS.ProcessEnv): Config {
  return parseConfigText(readConfigText(file), file, env);
}

/** The file's text, or a ConfigError naming why it cannot be read (or that it is too big to be a config). */
export function readConfigText(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const { size } = fstatSync(fd);
    if (size > MAX_CONFIG_BYTES) throw tooBig(file, size);
    // A pipe (--config <(...)) tells no size up front: read one byte past the cap to know it is over.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > MAX_CONFIG_BYTES) throw tooBig(file, undefined);
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(file, [{ path: [], message: reason }]);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooBig(file: string, size: number | undefined): ConfigError {
  const what = size === undefined ? 'more than' : `${mebibytes(size)}, more than`;
  return new ConfigError(file, [{ path: [], message: `the file is ${what} the ${mebibytes(MAX_CONFIG_BYTES)} a config may be: is it the right file?` }]);
}

function mebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
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
  // The library's own duplicate-key check compares each key with every earlier one: minutes for a large fleet. documentIssues does it in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
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
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const structural = documentIssues(doc, (offset) => at(offset).line);
  if (structural.length > 0) throw new ConfigError(file, structural.map(({ offset, message }) => ({ path: [], message, ...at(offset) })));
  const position = (path: ConfigPath): SourcePosition | undefined => {
    const offset = findOffset(doc, path);
    return offset === undefined ? undefined : at(offset);
  };
  const locate = (issue: Omit<ConfigIssue, 'line' | 'column'>): ConfigIssue => {
    const pos = position(issue.path);
    return pos === undefined ? issue : { ...issue, line: pos.line, column: pos.column };
  };

  const secrets: string[] = [];
  const envIssues: Omit<ConfigIssue, 'line' | 'column'>[] = [];
  const variables: Record<string, string> = {};
  const data = interpolate(toPlainData(doc, file) ?? {}, [], env, secrets, envIssues, variables);
  const parsed = configSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const schemaIssues = parsed.error.issues.flatMap(toIssues);
    throw new ConfigError(file, byPosition([...envIssues, ...schemaIssues, ...crossReferenceIssues(data, schemaIssues, file)].map(locate)));
  }

  const resolved = resolveConfig(parsed.data, file, secrets);
  const { config, issues: caIssues } = readSharedCa(resolved.config, file);
  const issues = [...resolved.issues, ...caIssues];
  if (envIssues.length + issues.length > 0) throw new ConfigError(file, byPosition([...envIssues, ...issues].map(locate)));
  return { config: { ...config, secretVariables: variables }, locate: position };
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

/** `$${` first: it is the literal `${` (text imported from a spec is written that way), never a variable. */
const VARIABLE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces ${VAR} in every string from the environment, and `$${` with `${`; the substituted values are secrets from then on. */
function interpolate(
  value: unknown,
  path: ConfigPath,
  env: NodeJS.ProcessEnv,
  secrets: string[],
  issues: Omit<ConfigIssue, 'line' | 'column'>[],
  variables: Record<string, string>,
): unknown {
  if (typeof value === 'string') {
    const unsafe = unsafeCharacter(value);
    if (unsafe !== undefined) issues.push({ path, message: `contains ${unsafe}, a character that would drive the terminal or hide in the text: remove it` });
    return value.replace(VARIABLE, (whole, name: string | undefined) => {
      if (name === undefined) return '${';
      const found = env[name];
      if (found === undefined) {
        issues.push({ path, message: `environment variable ${name} is not set (used as ${whole})` });
        return whole;
      }
      if (found.length >= 4) {
        secrets.push(found);
        variables[name] = found;
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, [...path, i], env, secrets, issues, variables));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, [...path, k], env, secrets, issues, variables)]));
  }
  return value;
}

interface DocumentIssue {
  offset: number;
  message: string;
}

/** What walking the document found so far: the anchors in file order, and how big each anchored node is once its own aliases are expanded. */
interface DocumentWalk {
  lineOf: (offset: number) => number;
  anchors: Map<string, YamlNode>;
  sizes: Map<YamlNode, number>;
  /** The anchored nodes being walked: an alias naming one of them would expand forever. */
  open: Set<YamlNode>;
  copied: number;
  issues: DocumentIssue[];
}

/**
 * Keys given twice in one mapping, aliases that name no anchor before them or a node they sit in, and the
 * alias at which the values copied by aliases pass MAX_ALIASED_VALUES. Sizes are added up, never expanded,
 * so this takes time in proportion to the file however far its aliases would expand.
 */
function documentIssues(doc: Document, lineOf: (offset: number) => number): DocumentIssue[] {
  const walk: DocumentWalk = { lineOf, anchors: new Map(), sizes: new Map(), open: new Set(), copied: 0, issues: [] };
  expandedSize(doc.contents, walk);
  return walk.issues;
}

function expandedSize(node: unknown, walk: DocumentWalk): number {
  if (isAlias(node)) return aliasSize(node, walk);
  if (!isNode(node)) return 0;
  // An anchor counts from its own node on, as for the library: an alias inside the node it names finds it.
  const { anchor } = node;
  if (anchor !== undefined) {
    walk.anchors.set(anchor, node);
    walk.open.add(node);
  }
  let size = 1;
  if (isSeq(node)) for (const item of node.items) size += expandedSize(item, walk);
  if (isMap(node)) {
    const seen = new Map<unknown, number>();
    for (const { key, value } of node.items) {
      if (isScalar(key)) {
        const offset = key.range?.[0] ?? 0;
        const first = seen.get(key.value);
        if (first === undefined) seen.set(key.value, offset);
        else walk.issues.push({ offset, message: `YAML: duplicate key "${String(key.value)}" (first on line ${walk.lineOf(first)})` });
      }
      size += expandedSize(key, walk) + expandedSize(value, walk);
    }
  }
  if (anchor !== undefined) {
    walk.open.delete(node);
    walk.sizes.set(node, size);
  }
  return size;
}

function aliasSize(alias: Alias, walk: DocumentWalk): number {
  const offset = alias.range?.[0] ?? 0;
  const target = walk.anchors.get(alias.source);
  if (target === undefined) {
    walk.issues.push({ offset, message: `YAML: unknown alias *${alias.source} (no anchor &${alias.source} before it)` });
    return 1;
  }
  if (walk.open.has(target)) {
    walk.issues.push({ offset, message: `YAML: alias *${alias.source} sits inside the node &${alias.source} it copies, so it would never end` });
    return 1;
  }
  const size = walk.sizes.get(target) ?? 1;
  const before = walk.copied;
  walk.copied += size;
  if (before <= MAX_ALIASED_VALUES && walk.copied > MAX_ALIASED_VALUES) {
    walk.issues.push({ offset, message: `YAML: aliases copy more than ${MAX_ALIASED_VALUES} values into the config here (an alias bomb?)` });
  }
  return size;
}

/**
 * The document as plain data. documentIssues has already bounded the values aliases copy; the library counts
 * alias uses, never more than those values, so its limit is only a second guard. Whatever it still throws
 * is the file's fault, not ours.
 */
function toPlainData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASED_VALUES });
  } catch (error) {
    throw new ConfigError(file, [{ path: [], message: `YAML: ${(error as Error).message}` }]);
  }
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
