import type { IncomingHttpHeaders } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import type { JsonValue, query as queryFunction } from 'jsonpath-rfc9535';
import type { ApiExpect, JsonExpectation, TextMatch } from '../config/types.js';
import { sanitize } from '../text/sanitize.js';

/** The JSON path engine is required at the first body queried: a fleet without `expect.json` never loads it. */
const require = createRequire(import.meta.url);
const query: typeof queryFunction = (json, path) => (require('jsonpath-rfc9535') as typeof import('jsonpath-rfc9535')).query(json, path);

/** A failure message stays one short line in the detail view, whatever the API sent. */
const MAX_MESSAGE = 200;
const MAX_VALUE = 60;

/** True when the expectation reads the body as JSON: only then is it kept and parsed. */
export function needsJson(expect: ApiExpect): boolean {
  return (expect.json?.length ?? 0) > 0 || expect.schema !== undefined;
}

export function hasAssertions(expect: ApiExpect): boolean {
  return (expect.headers?.length ?? 0) > 0 || needsJson(expect);
}

/**
 * The first header, JSON or schema expectation the response breaks, as "what: expected X, got Y"; undefined
 * when it keeps them all. Headers are checked first: they need no parsing.
 */
export function checkAssertions(expect: ApiExpect, headers: IncomingHttpHeaders, body: string | undefined): string | undefined {
  try {
    return finish(firstFailure(expect, headers, body));
  } catch (error) {
    // JSON nested thousands deep parses, then overflows the stack of the path engine, the schema check or the
    // printing of a value: the body fails its expectation, the probe loop goes on.
    return finish(`body cannot be checked: ${error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message}`);
  }
}

function firstFailure(expect: ApiExpect, headers: IncomingHttpHeaders, body: string | undefined): string | undefined {
  for (const { name, value } of expect.headers ?? []) {
    const raw = headers[name];
    const found = Array.isArray(raw) ? raw.join(', ') : raw;
    if (found === undefined) return `header ${name}: expected ${describeMatch(value)}, got no such header`;
    if (!textMatches(value, found)) return `header ${name}: expected ${describeMatch(value)}, got ${show(found)}`;
  }
  if (!needsJson(expect)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body ?? '');
  } catch {
    const text = (body ?? '').trim();
    return text === '' ? 'body is not JSON: it is empty' : `body is not JSON: starts with ${show(text)}`;
  }
  for (const check of expect.json ?? []) {
    const failure = checkJson(check, json);
    if (failure !== undefined) return `${check.path}: ${failure}`;
  }
  const schemaFailure = expect.schema?.check(json);
  return schemaFailure === undefined ? undefined : `schema ${expect.schema!.source}: ${schemaFailure}`;
}

function checkJson(check: JsonExpectation, json: unknown): string | undefined {
  let found: unknown[];
  try {
    found = query(json as JsonValue, check.path);
  } catch (error) {
    return `cannot evaluate the path (${(error as Error).message})`;
  }
  const first = found[0];
  const matched = found.length > 0;
  if (check.equals !== undefined) {
    if (!matched) return `expected ${show(check.equals.value)}, got nothing`;
    if (!isDeepStrictEqual(first, check.equals.value)) return `expected ${show(check.equals.value)}, got ${show(first)}`;
  }
  if (check.matches !== undefined) {
    if (!matched) return `expected text matching ${describeMatch(check.matches)}, got nothing`;
    if (typeof first === 'object' && first !== null) return `expected text matching ${describeMatch(check.matches)}, got ${kind(first)}`;
    if (!textMatches(check.matches, String(first))) return `expected text matching ${describeMatch(check.matches)}, got ${show(first)}`;
  }
  if (check.minItems !== undefined) {
    const items = `${check.minItems} item${check.minItems === 1 ? '' : 's'}`;
    if (!matched) return `expected at least ${items}, got nothing`;
    if (!Array.isArray(first)) return `expected a list of at least ${items}, got ${kind(first)}`;
    if (first.length < check.minItems) return `expected at least ${items}, got ${first.length}`;
  }
  if (check.exists === true && !matched) return 'expected to exist, got nothing';
  if (check.exists === false && matched) return `expected nothing, got ${show(first)}`;
  return undefined;
}

function textMatches(match: TextMatch, text: string): boolean {
  return match.pattern ? match.pattern.test(text) : match.text === text;
}

function describeMatch(match: TextMatch): string {
  return match.pattern ? `/${match.pattern.source}/${match.pattern.flags}` : show(match.text);
}

function kind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${show(value)}`;
}

/** A value as JSON, cut short: a whole body must not flood a message. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function finish(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const clean = sanitize(message);
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE - 1)}…` : clean;
}
