import { didYouMean } from '../text/did-you-mean.js';
import { COMMANDS, DASHBOARD, flagName, GLOBAL_FLAGS, type CommandSpec, type FlagSpec } from './command-table.js';

export function unknownCommand(name: string): string {
  return `unknown command "${name}"${didYouMean(name, COMMANDS.map((command) => command.name))} (see api-health --help)`;
}

function helpPointer(command: CommandSpec): string {
  return command.name === '' ? 'api-health --help' : `api-health ${command.name} --help`;
}

function title(command: CommandSpec): string {
  return command.name === '' ? 'the dashboard' : command.name;
}

/** The flags as typed before a `--`: `--state-dir=x` is --state-dir, `-co` is -c and -o. */
function typedFlags(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).flatMap((token) => {
    if (token.startsWith('--')) return [token.split('=')[0]!];
    if (/^-[A-Za-z]+$/.test(token)) return [...token.slice(1)].map((letter) => `-${letter}`);
    return [];
  });
}

function matches(spec: FlagSpec, typed: string): boolean {
  const long = flagName(spec.key);
  return typed === long || (spec.short !== undefined && typed === `-${spec.short}`) || (spec.type === 'boolean' && typed === `--no-${long.slice(2)}`);
}

/**
 * The first flag `command` does not take, explained in one line: the closest flag it does take, or the commands
 * that take it; undefined when every flag is the command's. Flags are checked per command, so `check --out x`
 * fails instead of being ignored.
 */
export function unknownFlag(command: CommandSpec, argv: readonly string[]): string | undefined {
  const own = [...command.flags, ...GLOBAL_FLAGS];
  const typed = typedFlags(argv).find((flag) => !own.some((spec) => matches(spec, flag)));
  if (typed === undefined) return undefined;
  const suggestion = didYouMean(typed, own.map((spec) => flagName(spec.key)));
  const elsewhere = [DASHBOARD, ...COMMANDS].filter((other) => other !== command && other.flags.some((spec) => matches(spec, typed)));
  const owners = suggestion === '' && elsewhere.length > 0 ? `: ${elsewhere.map(title).join(', ')} ${elsewhere.length > 1 ? 'take' : 'takes'} it, ${title(command)} does not` : '';
  return `unknown flag ${typed} for ${title(command)}${suggestion}${owners} (see ${helpPointer(command)})`;
}

/** A string flag given without its value (`--config` last on the line) would otherwise pass as an empty value. */
export function emptyValue(command: CommandSpec, flags: Record<string, unknown>): string | undefined {
  const spec = command.flags.find((flag) => flag.type === 'string' && flags[flag.key] === '');
  return spec === undefined ? undefined : `${flagName(spec.key)} needs a value (${spec.value ?? 'a value'}; see ${helpPointer(command)})`;
}

/** Words after a command that takes none: `check now` is a mistake, not a request. */
export function unexpectedArguments(command: CommandSpec, input: readonly string[]): string | undefined {
  if (command.args.length > 0 || input.length === 0) return undefined;
  return `${title(command)} takes no arguments, got "${input.join(' ')}" (see ${helpPointer(command)})`;
}
