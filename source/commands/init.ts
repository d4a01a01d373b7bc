import { configFromOpenApi, starterConfig } from '../ownership/starter-config.js';
import type { CommandContext } from './context.js';
import { EXIT } from './errors.js';
import { proposeFromOpenApi, specTimeoutMs } from './openapi-source.js';
import { writeOutput } from './output.js';

/** A commented starter config, or one whose probes are proposed from an OpenAPI 3 document (JSON or YAML). */
export async function runInit(context: CommandContext): Promise<number> {
  const source = context.flags.fromOpenapi;
  if (source === undefined) {
    writeOutput(context, starterConfig(), { keepExisting: true });
    return EXIT.ok;
  }
  const proposal = await proposeFromOpenApi(source, context.cwd, 'init --from-openapi', '--from-openapi', specTimeoutMs(context));
  writeOutput(context, configFromOpenApi(proposal, source), { keepExisting: true });
  return EXIT.ok;
}
