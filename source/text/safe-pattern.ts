import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

/**
 * A regular expression from a config or a spec, run by RE2 (re2js): matching takes time linear in the text
 * whatever the pattern, so a pattern such as /^(a+)+$/ cannot stall the process on a hostile body. The price
 * is RE2's syntax: no backreferences and no lookaround, which are what make backtracking unavoidable.
 */
export interface SafePattern {
  /** The pattern as written, for messages: `/${source}/${flags}`. */
  readonly source: string;
  /** The flags as written, less g and y (they would make test() remember where it stopped). */
  readonly flags: string;
  /** True when the pattern matches somewhere in the text, as RegExp.test does. */
  test(text: string): boolean;
}

/** Thrown when RE2 cannot run a pattern; the message is one line naming the construct. */
export class UnsafePatternError extends Error {}

/**
 * RE2 costs more to load than checking a whole config without a pattern, and pattern checking is synchronous: the
 * engine (its CommonJS build, the only one this program loads) is required at the first pattern compiled.
 */
const require = createRequire(import.meta.url);
const requireRe2 = (): typeof RE2JS => (require('re2js') as typeof import('re2js')).RE2JS;

/** Compiles a JavaScript-style pattern for RE2, or throws UnsafePatternError saying why it cannot run there. */
export function compileSafePattern(source: string, flags = ''): SafePattern {
  const unsupported = unsupportedConstruct(source);
  if (unsupported) throw new UnsafePatternError(`${unsupported} is not supported: patterns run in linear time (RE2 syntax), without backreferences or lookaround`);
  const kept = flags.replace(/[gy]/g, '');
  const engine = requireRe2();
  const flagBits: Record<string, number> = { i: engine.CASE_INSENSITIVE, m: engine.MULTILINE, s: engine.DOTALL };
  let bits = 0;
  for (const flag of kept) {
    if (!/^[dgimsuvy]$/.test(flag)) throw new UnsafePatternError(`unknown flag ${JSON.stringify(flag)}`);
    bits |= flagBits[flag] ?? 0;
  }
  let compiled: RE2JS;
  try {
    compiled = engine.compile(engine.translateRegExp(source), bits);
  } catch (error) {
    throw new UnsafePatternError((error as Error).message.replace(/^error parsing regexp: /, ''));
  }
  return { source, flags: kept, test: (text) => compiled.test(text) };
}

/** Why RE2 cannot run `source`, or undefined when it can. */
export function patternProblem(source: string, flags = ''): string | undefined {
  try {
    compileSafePattern(source, flags);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Ajv's `code.regExp`: every JSON Schema `pattern` and `patternProperties` key runs through RE2 as well. Ajv
 * passes "u" when it would have used Unicode mode; RE2 always matches by code point.
 */
export function schemaPatternEngine(pattern: string): SafePattern {
  try {
    return compileSafePattern(pattern);
  } catch (error) {
    throw new UnsafePatternError(`pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

/**
 * Backreferences and lookaround, named as a user would look for them. RE2 rejects them too, but with words
 * of its own, and re2js's translation from JavaScript syntax would quietly turn `\k<name>` into text.
 */
function unsupportedConstruct(source: string): string | undefined {
  let inClass = false;
  for (let at = 0; at < source.length; at += 1) {
    const char = source[at]!;
    if (char === '\\') {
      const next = source[at + 1] ?? '';
      if (/[1-9]/.test(next)) return `the backreference \\${next}`;
      if (next === 'k' && source[at + 2] === '<') return 'the named backreference \\k<…>';
      at += 1;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && source[at + 1] === '?') {
      const kind = /^\(\?(=|!|<=|<!)/.exec(source.slice(at))?.[1];
      if (kind) return `the ${kind.startsWith('<') ? 'lookbehind' : 'lookahead'} (?${kind}…)`;
    }
  }
  return undefined;
}
