import { formatOwners, OWNER_FORMATS } from '../ownership/format-owners.js';
import { ownershipList } from '../ownership/registry.js';
import { openConfig } from './config-source.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { pickFormat, writeOutput } from './output.js';

/** The ownership list as Markdown, wikitext, CSV or JSON: the config is the list, this publishes it. */
export async function runOwners(context: CommandContext): Promise<number> {
  const format = pickFormat(context.flags.format, OWNER_FORMATS);
  const source = await openConfig(context);
  try {
    const { config } = source;
    const team = context.flags.team;
    if (team !== undefined && team.toLowerCase() !== 'unassigned' && !config.teams.some((t) => t.id === team)) {
      throw new UsageError(`unknown --team "${team}" (known: ${[...config.teams.map((t) => t.id), 'unassigned'].join(', ')})`);
    }
    writeOutput(context, formatOwners(ownershipList(config, team), format));
    return EXIT.ok;
  } finally {
    await source.close();
  }
}
