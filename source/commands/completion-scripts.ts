import { COMMANDS, DASHBOARD, GLOBAL_FLAGS, typedFlag, type ArgumentSpec, type CommandSpec, type FlagSpec } from './command-table.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const everyCommand = (): CommandSpec[] => [DASHBOARD, ...COMMANDS];
const allFlags = (command: CommandSpec): FlagSpec[] => [...command.flags, ...GLOBAL_FLAGS];
const spellings = (flag: FlagSpec): string[] => (flag.short === undefined ? [typedFlag(flag)] : [typedFlag(flag), `-${flag.short}`]);

/** The completion script for `shell`, generated from the command table: commands, flags, values, ids from the config. */
export function completionScript(shell: Shell): string {
  if (shell === 'fish') return fishScript();
  // zsh runs the bash function through its bashcompinit layer; ksharrays gives it bash's 0-based arrays.
  return shell === 'zsh' ? `#compdef api-health\nautoload -U +X bashcompinit && bashcompinit\n${bashScript()}` : bashScript();
}

/** What bash offers for a value or an argument: a word list, files, folders, or ids from the config. */
function bashValues(spec: Pick<FlagSpec | ArgumentSpec, 'choices' | 'complete'>): string | undefined {
  if (spec.choices) return `COMPREPLY=($(compgen -W "${spec.choices.join(' ')}" -- "$cur"))`;
  switch (spec.complete) {
    case 'file':
      return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))';
    case 'dir':
      return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))';
    case 'commands':
      return `COMPREPLY=($(compgen -W "${COMMANDS.map((command) => command.name).join(' ')}" -- "$cur"))`;
    case 'teams':
    case 'channels':
      return `COMPREPLY=($(compgen -W "$(_api_health_ids ${spec.complete} "$config")" -- "$cur"))`;
    case undefined:
      return undefined;
  }
}

function bashScript(): string {
  const commands = everyCommand();
  const valueFlags = commands.flatMap((command) =>
    allFlags(command)
      .filter((flag) => flag.type === 'string')
      .flatMap((flag) => spellings(flag).map((spelling) => ({ pattern: `${command.name}:${spelling}`, flag }))),
  );
  const valueCases = valueFlags.map(({ pattern, flag }) => `    ${pattern}) ${bashValues(flag) ?? ':'}; return ;;`);
  const flagCases = commands.map((command) => `    ${command.name === '' ? '""' : command.name}) COMPREPLY=($(compgen -W "${allFlags(command).flatMap(spellings).join(' ')}" -- "$cur")) ;;`);
  const argumentCases = commands.flatMap((command) => {
    const cases = command.args.flatMap((arg, index) => {
      const values = bashValues(arg);
      return values === undefined ? [] : [`        ${index}) ${values} ;;`];
    });
    return cases.length === 0 ? [] : [`    ${command.name}) case "$args" in`, ...cases, '      esac ;;'];
  });
  const names = commands.map((command) => command.name).filter((name) => name !== '');
  return `# api-health completion for bash: add \`source <(api-health completion bash)\` to ~/.bashrc
_api_health_ids() {
  api-health completion --list "$1" \${2:+--config "$2"} 2>/dev/null
}
_api_health() {
  [[ -n \${ZSH_VERSION-} ]] && setopt localoptions ksharrays
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" config="" args=0 i word
  ((COMP_CWORD > 0)) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$cmd:$word" in
      *:--config | *:-c) config="\${COMP_WORDS[i+1]}"; ((i++)); continue ;;
${valueFlags.map(({ pattern }) => `      ${pattern}) ((i++)); continue ;;`).join('\n')}
    esac
    [[ "$word" == -* ]] && continue
    if [[ -z "$cmd" ]]; then cmd="$word"; else ((args++)); fi
  done
  COMPREPLY=()
  case "$cmd:$prev" in
${valueCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${flagCases.join('\n')}
    esac
    return
  fi
  case "$cmd" in
    "") COMPREPLY=($(compgen -W "${names.join(' ')}" -- "$cur")) ;;
${argumentCases.join('\n')}
  esac
}
complete -F _api_health api-health
`;
}

const fishQuote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishValues(spec: Pick<FlagSpec | ArgumentSpec, 'choices' | 'complete'>): string {
  if (spec.choices) return ` -x -a ${fishQuote(spec.choices.join(' '))}`;
  switch (spec.complete) {
    case 'file':
      return ' -r -F';
    case 'dir':
      return " -x -a '(__fish_complete_directories)'";
    case 'commands':
      return ` -x -a ${fishQuote(COMMANDS.map((command) => command.name).join(' '))}`;
    case 'teams':
    case 'channels':
      return ` -x -a '(__api_health_ids ${spec.complete})'`;
    case undefined:
      return ' -x';
  }
}

function fishScript(): string {
  const commands = everyCommand();
  const condition = (command: CommandSpec): string => (command.name === '' ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${command.name}`);
  const lines = [
    '# api-health completion for fish: api-health completion fish > ~/.config/fish/completions/api-health.fish',
    'function __api_health_ids',
    '    set -l words (commandline -opc)',
    '    set -l config',
    '    for i in (seq (count $words))',
    '        if contains -- $words[$i] --config -c; and test $i -lt (count $words)',
    '            set config --config $words[(math $i + 1)]',
    '        end',
    '    end',
    '    api-health completion --list $argv[1] $config 2>/dev/null',
    'end',
    'complete -c api-health -f',
    ...commands
      .filter((command) => command.name !== '')
      .map((command) => `complete -c api-health -n '__fish_use_subcommand' -a ${command.name} -d ${fishQuote(command.summary)}`),
  ];
  for (const command of commands) {
    for (const flag of allFlags(command)) {
      const short = flag.short === undefined ? '' : ` -s ${flag.short}`;
      const values = flag.type === 'string' ? fishValues(flag) : '';
      lines.push(`complete -c api-health -n '${condition(command)}' -l ${typedFlag(flag).slice(2)}${short}${values} -d ${fishQuote(flag.description)}`);
    }
    command.args.forEach((arg, index) => {
      if (!arg.choices && !arg.complete) return;
      // The n-th argument: the command and the arguments before it are on the line, this one is not yet.
      const before = command.args.slice(0, index).flatMap((a) => a.choices ?? []);
      const seen = before.length > 0 ? `; and __fish_seen_subcommand_from ${before.join(' ')}` : '';
      const notYet = arg.choices ? `; and not __fish_seen_subcommand_from ${arg.choices.join(' ')}` : '';
      lines.push(`complete -c api-health -n '__fish_seen_subcommand_from ${command.name}${seen}${notYet}'${fishValues(arg)}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
