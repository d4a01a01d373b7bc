import { COMMANDS, DASHBOARD, findCommand, GLOBAL_FLAGS, typedFlag, type CommandSpec, type FlagSpec } from './command-table.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { unknownCommand } from './usage-errors.js';

const INDENT = '  ';

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `${INDENT}${left.padEnd(width)}${right}`.trimEnd());
}

function flagLabel(flag: FlagSpec): string {
  const long = typedFlag(flag);
  const names = flag.short === undefined ? long : `${long}, -${flag.short}`;
  return flag.value === undefined ? names : `${names} ${flag.value}`;
}

function flagDefault(flag: FlagSpec): string {
  if (GLOBAL_FLAGS.includes(flag)) return '';
  return ` (default: ${flag.default ?? flag.shownDefault ?? (flag.type === 'boolean' ? 'off' : 'none')})`;
}

function flagRows(flags: FlagSpec[]): [string, string][] {
  return flags.map((flag) => [flagLabel(flag), `${flag.description}${flag.choices ? `; one of ${flag.choices.join(', ')}` : ''}${flagDefault(flag)}`]);
}

function usageLine(command: CommandSpec): string {
  const args = command.args.map((arg) => (arg.choices && arg.choices.length > 1 ? arg.choices.join('|') : arg.name));
  const words = [command.name, ...(command.name === 'help' ? args.map((a) => `[${a}]`) : args)].filter((w) => w !== '');
  return `$ api-health ${[...words, '[options]'].join(' ')}`;
}

function examples(command: CommandSpec): string[] {
  return command.examples.flatMap(([line, what]) => [`${INDENT}$ api-health ${line}`, `${INDENT}${INDENT}${INDENT}${what}`]);
}

/** `api-health COMMAND --help`: what it does, every flag with its default, two examples, the exit codes. */
export function commandHelp(command: CommandSpec): string {
  const title = command.name === '' ? 'api-health' : `api-health ${command.name}`;
  return [
    `${title}: ${command.summary}`,
    '',
    'Usage',
    `${INDENT}${usageLine(command)}`,
    '',
    'Options',
    ...columns(flagRows([...command.flags, ...GLOBAL_FLAGS])),
    '',
    'Examples',
    ...examples(command),
    '',
    'Exit codes',
    ...columns(command.exitCodes.map(([code, meaning]) => [String(code), meaning])),
    '',
  ].join('\n');
}

/** Each exit code once: what it means for every command that uses it. */
function exitCodeRows(): [string, string][] {
  const meanings = new Map<number, string[]>([
    [0, ['fine, done']],
    [2, ['config or usage error']],
  ]);
  for (const command of COMMANDS) {
    for (const [code, meaning] of command.exitCodes) {
      if (code === 0 || code === 2) continue;
      meanings.set(code, [...(meanings.get(code) ?? []), `${command.name}: ${meaning}`]);
    }
  }
  return [...meanings.entries()].sort(([a], [b]) => a - b).map(([code, list]) => [String(code), list.join('; ')]);
}

/** `api-health --help`: the commands, the dashboard's flags, where to read more. */
export function globalHelp(): string {
  return [
    'api-health: live API health and ownership in the terminal',
    '',
    'Usage',
    ...columns([
      [usageLine(DASHBOARD), 'the live dashboard'],
      ['$ api-health COMMAND [options]', 'a command (below)'],
      ['$ api-health COMMAND --help', "a command's flags, defaults, examples and exit codes"],
    ]),
    '',
    'Commands',
    ...columns(COMMANDS.map((command) => [command.name, command.summary])),
    '',
    'Dashboard options',
    ...columns(flagRows([...DASHBOARD.flags, ...GLOBAL_FLAGS])),
    '',
    'Examples',
    ...examples(DASHBOARD),
    '',
    'Exit codes',
    ...columns(exitCodeRows()),
    '',
  ].join('\n');
}

/** `api-health help [COMMAND]`. */
export async function runHelp(context: CommandContext): Promise<number> {
  const [name, ...extra] = context.input;
  if (extra.length > 0) throw new UsageError('help takes at most one command (e.g. api-health help check)');
  if (name === undefined) {
    context.stdout.write(globalHelp());
    return EXIT.ok;
  }
  const command = findCommand(name);
  if (!command) throw new UsageError(unknownCommand(name));
  context.stdout.write(commandHelp(command));
  return EXIT.ok;
}
