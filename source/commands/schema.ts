import { z } from 'zod';
import { configSchema } from '../config/schema.js';
import type { CommandContext } from './context.js';
import { EXIT } from './errors.js';
import { writeOutput } from './output.js';

/**
 * The JSON Schema of what a user writes (zod's input side: durations and percentages as text), from the
 * same schema that validates configs, so an editor can never accept what the loader rejects by shape.
 */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(configSchema, { io: 'input' });
  return { $schema, title: 'api-health configuration', ...rest };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

export async function runSchema(context: CommandContext): Promise<number> {
  writeOutput(context, configJsonSchemaText());
  return EXIT.ok;
}
