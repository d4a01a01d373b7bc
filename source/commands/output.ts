import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from './context.js';
import { parseDuration } from '../core/duration.js';
import { UsageError } from './errors.js';

/**
 * Writes a command's document to --output when given (relative to the working directory), else to stdout. With
 * `keepExisting` an existing file is left alone (a config someone has edited) unless --force says to replace it.
 */
export function writeOutput(context: CommandContext, text: string, { keepExisting = false } = {}): void {
  const file = context.flags.output;
  if (file === undefined) {
    context.stdout.write(text);
    return;
  }
  try {
    writeFileSync(resolve(context.cwd, file), text, { flag: keepExisting && !context.flags.force ? 'wx' : 'w' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`--output ${file} exists; pass --force to replace it`);
    throw new UsageError(`cannot write --output ${file}: ${(error as Error).message}`);
  }
}

/** A --format value checked against the formats a command knows. */
export function pickFormat<T extends string>(value: string | undefined, known: readonly T[]): T {
  if (value === undefined) return known[0]!;
  if ((known as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown --format "${value}" (known: ${known.join(', ')})`);
}

/** A duration flag (--duration, --since) in milliseconds; zero, negative or malformed is a usage error. */
export function pickDuration(flag: string, text: string, examples: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`invalid --${flag} "${text}" (use e.g. ${examples})`);
  return ms;
}
