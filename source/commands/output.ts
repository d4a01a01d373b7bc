import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';

/** Writes a command's document to --output when given (relative to the working directory), else to stdout. */
export function writeOutput(context: CommandContext, text: string): void {
  const file = context.flags.output;
  if (file === undefined) {
    context.stdout.write(text);
    return;
  }
  try {
    writeFileSync(resolve(context.cwd, file), text);
  } catch (error) {
    throw new UsageError(`cannot write --output ${file}: ${(error as Error).message}`);
  }
}

/** A --format value checked against the formats a command knows. */
export function pickFormat<T extends string>(value: string | undefined, known: readonly T[]): T {
  if (value === undefined) return known[0]!;
  if ((known as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown --format "${value}" (known: ${known.join(', ')})`);
}
