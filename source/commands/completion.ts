import { findConfig } from '../config/locate.js';
import type { Config } from '../config/types.js';
import { completionScript, SHELLS, type Shell } from './completion-scripts.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

const LISTS: Record<string, (config: Config) => string[]> = {
  teams: (config) => [...config.teams.map((team) => team.id), 'unassigned'],
  channels: (config) => Object.keys(config.channels),
};

/**
 * `completion bash|zsh|fish` prints the script; `completion --list teams|channels` is what the script calls back
 * while the user types: it prints the ids of the config, or nothing at all (an error would land in their prompt).
 */
export async function runCompletion(context: CommandContext): Promise<number> {
  const list = context.flags.list;
  if (list !== undefined) return await listIds(context, list);
  const [shell, ...extra] = context.input;
  if (shell === undefined || !(SHELLS as readonly string[]).includes(shell) || extra.length > 0) {
    throw new UsageError(`completion needs one shell: ${SHELLS.join(', ')} (e.g. source <(api-health completion bash))`);
  }
  context.stdout.write(completionScript(shell as Shell));
  return EXIT.ok;
}

/** Only the callback reads a config: printing the script loads neither the schema nor the YAML parser. */
async function listIds(context: CommandContext, list: string): Promise<number> {
  const ids = LISTS[list];
  const file = context.flags.config ?? findConfig(context.cwd, context.env);
  if (!ids || file === undefined) return EXIT.usage;
  try {
    const { parseConfigText, readConfigText } = await import('../config/load.js');
    const config = parseConfigText(readConfigText(file), file, context.env);
    context.stdout.write(ids(config).map((id) => `${id}\n`).join(''));
    return EXIT.ok;
  } catch {
    return EXIT.usage;
  }
}
