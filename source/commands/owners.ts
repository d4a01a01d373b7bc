import { render } from '../text/markup.js';
import { formatOwners, OWNER_FORMATS, ownershipBySteward } from '../ownership/format-owners.js';
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
    const entries = ownershipList(config, team);
    if (context.flags.by === undefined) writeOutput(context, formatOwners(entries, format));
    else if (context.flags.by !== 'steward') throw new UsageError(`invalid --by "${context.flags.by}" for owners (known: steward)`);
    else if (format !== 'markdown' && format !== 'wikitext') throw new UsageError('owners --by steward goes with --format markdown or wikitext (csv and json carry the steward in every row)');
    else writeOutput(context, render(ownershipBySteward(entries), format));
    return EXIT.ok;
  } finally {
    await source.close();
  }
}
