import { formatPath, parseLocatedConfig, readConfigText } from '../config/load.js';
import { configCandidates, findConfig } from '../config/locate.js';
import { lintOwnership } from '../ownership/lint.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

/** Like a linter: warnings are findings, and --strict makes findings fail the build. */
const EXIT_WARNINGS = 1;

/**
 * Schema and reference errors exit 2 (through ConfigError, like every command); ownership lint prints
 * warnings and fails only under --strict.
 */
export async function runValidate(context: CommandContext): Promise<number> {
  const file = context.flags.config ?? findConfig(context.cwd, context.env);
  if (file === undefined) {
    throw new UsageError(`no config to validate: pass --config FILE (looked in ${configCandidates(context.cwd, context.env).join(', ')})`);
  }
  const { config, locate } = parseLocatedConfig(readConfigText(file), file, context.env);
  const warnings = lintOwnership(config);
  for (const warning of warnings) {
    const pos = locate(warning.path);
    const where = pos === undefined ? file : `${file}:${pos.line}:${pos.column}`;
    context.stdout.write(`${where}: warning: ${formatPath(warning.path)}: ${warning.message}\n`);
  }
  const summary = `${config.apis.length} APIs, ${config.teams.length} teams, ${Object.keys(config.channels).length} channels, ${config.routes.length} routes`;
  context.stdout.write(`${file}: valid (${summary}); ${warnings.length === 0 ? 'no warnings' : `${warnings.length} warning(s)`}\n`);
  return warnings.length > 0 && context.flags.strict ? EXIT_WARNINGS : EXIT.ok;
}
