import { ConfigError } from '../config/config-error.js';
import { VERSION } from '../core/version.js';
import { sanitize } from '../text/sanitize.js';
import { DASHBOARD, findCommand, parserDefaults, parserFlags, type CommandSpec } from './command-table.js';
import type { CommandContext, Flags } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { StateFileError } from '../persistence/state-file-error.js';
import { commandHelp, globalHelp } from './help.js';
import { emptyValue, unexpectedArguments, unknownCommand, unknownFlag } from './usage-errors.js';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: CommandContext['stdout'];
  stderr?: CommandContext['stderr'];
  stdin?: NodeJS.ReadStream;
  /** `npm start`: the demo fleet unless the arguments name a config. */
  demoByDefault?: boolean;
}

/** The command's defaults from the table for every flag not given; every boolean of any command is off unless given. */
function withDefaults(command: CommandSpec, given: Record<string, unknown>): Flags {
  const flags: Record<string, unknown> = { ...given };
  for (const [key, { type }] of Object.entries(parserFlags())) if (type === 'boolean') flags[key] ??= false;
  for (const spec of command.flags) flags[spec.key] ??= spec.default;
  return flags as unknown as Flags;
}

/** User mistakes are quoted back: what they typed must not drive the terminal. */
function fail(stderr: CommandContext['stderr'], message: string): number {
  stderr.write(`api-health: ${message.split('\n').map(sanitize).join('\n')}\n`);
  return EXIT.usage;
}

/** `--version` anywhere before `--` answers at once, whatever else is on the line, as it always has. */
function asksVersion(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--version');
}

/**
 * The words and flags of the line. The parser (meow) costs more to load than a short command costs to run, so a
 * line without a single flag (`help`, `completion bash`, `check`) takes every flag's default without it.
 */
async function parse(argv: readonly string[]): Promise<{ flags: Record<string, unknown>; input: string[] }> {
  if (!argv.some((token) => token.startsWith('-'))) return { flags: parserDefaults(), input: [...argv] };
  const { default: meow } = await import('meow');
  // meow only parses: help, version and unknown flags are ours, per command (its own would exit the process).
  const cli = meow({ importMeta: import.meta, argv: [...argv], autoHelp: false, autoVersion: false, allowUnknownFlags: true, description: false, flags: parserFlags() });
  return { flags: cli.flags as Record<string, unknown>, input: cli.input };
}

export async function run(argv: string[], options: RunOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (asksVersion(argv)) {
    stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const { flags: given, input: words } = await parse(argv);
  const [name, ...input] = words;
  const command = name === undefined ? DASHBOARD : findCommand(name);
  if (!command) return fail(stderr, unknownCommand(name!));
  if (given.help === true) {
    stdout.write(command.name === '' ? globalHelp() : commandHelp(command));
    return EXIT.ok;
  }
  const mistake = unknownFlag(command, argv) ?? emptyValue(command, given) ?? unexpectedArguments(command, input);
  if (mistake !== undefined) return fail(stderr, mistake);

  const flags = withDefaults(command, options.demoByDefault && given.config === undefined ? { ...given, demo: true } : given);
  const context: CommandContext = {
    input,
    flags,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    stdout,
    stderr,
    stdin: options.stdin ?? process.stdin,
  };
  try {
    const body = await command.load();
    return await body(context);
  } catch (error) {
    if (error instanceof ConfigError) {
      stderr.write(`api-health: config error${error.issues.length > 1 ? `s (${error.issues.length})` : ''}:\n${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof StateFileError) return fail(stderr, error.message);
    const detail = context.env.API_HEALTH_DEBUG ? (error as Error).stack : (error as Error).message;
    stderr.write(`api-health: internal error: ${detail}\n(set API_HEALTH_DEBUG=1 for details, and please report it)\n`);
    return EXIT.internal;
  }
}
