import { KEEP_FIRING_FOR_SINCE, METRIC_FLAVOURS } from '../config-export/promql.js';
import { OWNER_FORMATS } from '../ownership/owner-formats.js';
import { REPORT_FORMATS, TIMELINE_FORMATS } from '../report/document-formats.js';
import { DOC_FORMATS } from '../text/markup.js';
import type { Command, Flags } from './context.js';

/** What the shell offers for a value: files, folders, command names, or ids read from the config at completion time. */
export type Completion = 'file' | 'dir' | 'commands' | 'teams' | 'channels';

export interface FlagSpec {
  /** The key in Flags; on the command line the flag is its kebab-case form (stateDir is --state-dir). */
  key: keyof Flags | 'help' | 'version';
  type: 'string' | 'boolean';
  short?: string;
  /** The placeholder for the value in help (FILE, DIR, D). */
  value?: string;
  /** Applied before the command runs when the flag is not given, and shown in help. */
  default?: string;
  /** For defaults found at run time (a search path): shown in help, never applied. */
  shownDefault?: string;
  choices?: readonly string[];
  complete?: Completion;
  description: string;
  /** A boolean that is on unless `--no-KEY` is given: the parser starts it on, the help spells it `--no-KEY`. */
  negated?: true;
}

export interface ArgumentSpec {
  name: string;
  choices?: readonly string[];
  complete?: Completion;
}

export interface CommandSpec {
  /** Empty for the dashboard, which runs when no command is named. */
  name: string;
  summary: string;
  args: ArgumentSpec[];
  flags: FlagSpec[];
  /** Each a command line (after `api-health`) and what it does. */
  examples: [string, string][];
  exitCodes: [number, string][];
  load(): Promise<Command>;
}

/** Every command may be asked for its help or the version. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { key: 'help', type: 'boolean', short: 'h', description: 'print this help and exit' },
  { key: 'version', type: 'boolean', description: 'print the version and exit' },
];

const config: FlagSpec = {
  key: 'config',
  type: 'string',
  short: 'c',
  value: 'FILE',
  shownDefault: './api-health.yaml, then $XDG_CONFIG_HOME/api-health/config.yaml',
  complete: 'file',
  description: 'the config file',
};
const demo: FlagSpec = { key: 'demo', type: 'boolean', description: 'use the embedded demo fleet (served on loopback) instead of a config' };
const json: FlagSpec = { key: 'json', type: 'boolean', description: 'machine-readable output' };
const output: FlagSpec = { key: 'output', type: 'string', short: 'o', value: 'FILE', shownDefault: 'stdout', complete: 'file', description: 'write to FILE' };
const stateDir: FlagSpec = {
  key: 'stateDir',
  type: 'string',
  value: 'DIR',
  shownDefault: '$XDG_STATE_HOME/api-health, else ~/.local/state/api-health; the demo uses its demo/ folder there',
  complete: 'dir',
  description: 'where acknowledgements, mutes and the event log live',
};
const metricsPort: FlagSpec = { key: 'metricsPort', type: 'string', value: 'PORT', description: 'serve Prometheus metrics on http://HOST:PORT/metrics (0 picks a free port)' };
const metricsHost: FlagSpec = { key: 'metricsHost', type: 'string', value: 'HOST', default: '127.0.0.1', description: 'the address for --metrics-port' };
const vantage: FlagSpec = { key: 'vantage', type: 'string', value: 'NAME', shownDefault: 'defaults.vantage, else the host name', description: 'the vantage point probes are made from (a data centre such as eqiad): the vantage label on exported series' };
const localAddress: FlagSpec = { key: 'localAddress', type: 'string', value: 'IP', shownDefault: 'defaults.localAddress, else any', description: 'send probes from this source address (several vantages on one machine)' };
const docFormat: FlagSpec = { key: 'format', type: 'string', value: 'F', choices: DOC_FORMATS, default: DOC_FORMATS[0], description: `markup: ${DOC_FORMATS.join(' or ')}` };
const specTimeout: FlagSpec = { key: 'timeout', type: 'string', value: 'D', default: '60s', description: 'give up on the OpenAPI document after this long in all (fetching or reading it)' };
const team: FlagSpec = { key: 'team', type: 'string', value: 'ID', shownDefault: 'all teams', complete: 'teams', description: 'only this team (or unassigned)' };

const OK_OR_USAGE: [number, string][] = [
  [0, 'done'],
  [2, 'config or usage error'],
];

export const DASHBOARD: CommandSpec = {
  name: '',
  summary: 'the live dashboard: health, latency and alarms of every API, grouped by owning team',
  args: [],
  flags: [
    config,
    demo,
    { ...team, shownDefault: 'the team shown last time', description: 'show one team (remembered for next time)' },
    { key: 'theme', type: 'string', value: 'NAME', default: 'dark', description: 'colours: dark, light, high-contrast or a theme of yours in themes/; NO_COLOR=1 turns colour off' },
    stateDir,
    metricsPort,
    metricsHost,
    vantage,
    localAddress,
    { key: 'remote', type: 'boolean', description: "probe and send nothing: figures from the config's shared.prometheus, alarms from shared.alertmanager" },
    { key: 'mouse', type: 'boolean', negated: true, description: 'leave mouse reporting off: no wheel scrolling or click to select, and the terminal selects text as usual' },
  ],
  examples: [
    ['--demo', 'watch the embedded demo fleet'],
    ['--config api-health.yaml --team mwi', 'watch your APIs, one team at a time'],
    ['--config team.yaml --remote', "the team's state as its monitor, Prometheus and Alertmanager see it"],
  ],
  exitCodes: [
    [0, 'quit'],
    [2, 'config or usage error, or no terminal (use check or monitor in a pipe)'],
  ],
  load: async () => (await import('./dashboard.js')).runDashboard,
};

/**
 * Every command by name, with its flags, defaults and examples: the parser, the help, the per-command flag check and the
 * completion scripts are all read from this table. Each command's code is loaded only when it runs: `check` and `monitor`
 * then load neither Ink nor React, nor conf, whose atomically/when-exit dependency re-raises every SIGTERM it sees
 * (monitor would take one signal for two).
 */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'check',
    summary: 'probe every API for a while, print a report grouped by team, exit with the verdict',
    args: [],
    flags: [
      config,
      demo,
      { key: 'duration', type: 'string', value: 'D', default: '30s', description: 'how long to probe (500ms, 10s, 5m)' },
      { ...json, description: 'the report as JSON' },
      { ...stateDir, description: 'whose acknowledgements and mutes to honour (read only)' },
      metricsPort,
      metricsHost,
      vantage,
      localAddress,
      { key: 'allVantages', type: 'boolean', description: 'also what every vantage reporting to shared.prometheus sees now' },
    ],
    examples: [
      ['check --config api-health.yaml', 'probe for 30s and print one table per team'],
      ['check --config api-health.yaml --duration 2m --json > report.json', 'a longer run, as JSON for a script'],
    ],
    exitCodes: [
      [0, 'fine: every API judged, no alarm firing'],
      [1, 'alarms firing and not muted'],
      [2, 'config or usage error'],
      [3, 'no verdict: an API had too few samples to judge (a longer --duration is named)'],
    ],
    load: async () => (await import('./check.js')).runCheck,
  },
  {
    name: 'monitor',
    summary: 'the engine without the dashboard: evaluate rules, notify, log events (NDJSON with --json)',
    args: [],
    flags: [
      config,
      demo,
      { key: 'duration', type: 'string', value: 'D', shownDefault: 'until SIGTERM or SIGINT', description: 'stop after D' },
      { ...json, description: 'one JSON object per line (NDJSON)' },
      stateDir,
      metricsPort,
      metricsHost,
      vantage,
      localAddress,
    ],
    examples: [
      ['monitor --config api-health.yaml --json >> events.ndjson', 'run on a server, events as NDJSON'],
      ['monitor --config api-health.yaml --metrics-port 9464', 'also serve /metrics for Prometheus'],
    ],
    exitCodes: [
      [0, 'stopped by a signal or after --duration, outbox flushed'],
      [2, 'config or usage error (a state directory in use, too)'],
    ],
    load: async () => (await import('./monitor.js')).runMonitor,
  },
  {
    name: 'owners',
    summary: 'the ownership list: API, steward team, contacts, alarm channels, SLA policy',
    args: [],
    flags: [
      config,
      demo,
      { key: 'format', type: 'string', value: 'F', choices: OWNER_FORMATS, default: OWNER_FORMATS[0], description: `${OWNER_FORMATS.join(', ')}` },
      team,
      { key: 'by', type: 'string', value: 'GROUP', choices: ['steward'], description: 'markdown, wikitext: one section per steward team, Unassigned last' },
      output,
    ],
    examples: [
      ['owners --config api-health.yaml', 'the list as a Markdown table'],
      ['owners --format csv --team mwi --output mwi.csv', "one team's APIs as CSV"],
    ],
    exitCodes: OK_OR_USAGE,
    load: async () => (await import('./owners.js')).runOwners,
  },
  {
    name: 'validate',
    summary: 'check the config, then lint ownership and routing (warnings; --strict fails on them)',
    args: [],
    flags: [config, { key: 'strict', type: 'boolean', description: 'exit 1 when there are warnings' }],
    examples: [
      ['validate --config api-health.yaml', 'errors and warnings with file:line:column'],
      ['validate --strict', 'in CI: fail on warnings too'],
    ],
    exitCodes: [
      [0, 'valid (warnings are printed)'],
      [1, 'warnings under --strict'],
      [2, 'config errors'],
    ],
    load: async () => (await import('./validate.js')).runValidate,
  },
  {
    name: 'schema',
    summary: 'the JSON Schema of the config, for editors',
    args: [],
    flags: [output],
    examples: [
      ['schema --output api-health.schema.json', 'write the schema next to your config'],
      ['schema | jq .properties.apis', 'look at what an API entry takes'],
    ],
    exitCodes: OK_OR_USAGE,
    load: async () => (await import('./schema.js')).runSchema,
  },
  {
    name: 'init',
    summary: 'a commented starter config, or one proposed from an OpenAPI document',
    args: [],
    flags: [
      { key: 'fromOpenapi', type: 'string', value: 'SRC', shownDefault: 'none: a starter fleet', complete: 'file', description: 'propose probes from an OpenAPI 3 or Swagger 2.0 document (file or URL): x-amples examples with their expectations, other GET routes as they stand' },
      specTimeout,
      output,
      { key: 'force', type: 'boolean', description: 'let --output replace an existing file' },
    ],
    examples: [
      ['init --output api-health.yaml', 'start a config'],
      ['init --from-openapi https://example.org/openapi.json > api-health.yaml', 'probes for every GET of an API'],
    ],
    exitCodes: OK_OR_USAGE,
    load: async () => (await import('./init.js')).runInit,
  },
  {
    name: 'import',
    summary: "append an OpenAPI document's probes, or the Action API's modules (action-api), to a config, every other line of it kept",
    args: [{ name: 'KIND', choices: ['openapi', 'action-api'] }, { name: 'FILE|URL', complete: 'file' }],
    flags: [
      { ...config, description: 'the config file to add the APIs to' },
      { key: 'family', type: 'string', value: 'NAME', shownDefault: 'none: required', description: 'the family of the new APIs' },
      { key: 'owner', type: 'string', value: 'TEAM', shownDefault: 'none: required', complete: 'teams', description: 'the team that owns the new APIs (a team of the config)' },
      { key: 'ownerMap', type: 'string', value: 'FILE', complete: 'file', description: 'action-api: a YAML map from a module\'s source (MediaWiki, an extension) to a team' },
      { key: 'probe', type: 'string', value: 'URL', description: 'action-api: also probe each module\'s paraminfo at this api.php' },
      specTimeout,
    ],
    examples: [
      ['import openapi https://example.org/openapi.json --family "Page Content" --owner mwi', 'x-amples examples and GET routes, appended under apis:'],
      ['import openapi spec.yaml --family Search --owner search --config team.yaml', 'ids the config already has are left out and listed, never overwritten'],
    ],
    exitCodes: [
      [0, 'done: the APIs added and those left out are listed'],
      [2, 'config or usage error, or the result would not load: nothing written'],
    ],
    load: async () => (await import('./import.js')).runImport,
  },
  {
    name: 'docs',
    summary: 'publishable pages: owners, notifications, alarms, SLA, and an index',
    args: [],
    flags: [
      config,
      { key: 'out', type: 'string', value: 'DIR', shownDefault: 'none: required', complete: 'dir', description: 'the folder to write the pages to' },
      docFormat,
      { key: 'check', type: 'boolean', description: 'compare with the pages in --out instead of writing; exit 1 on drift' },
    ],
    examples: [
      ['docs --config api-health.yaml --out docs/ops', 'write the pages'],
      ['docs --config api-health.yaml --out docs/ops --check', 'in CI: fail when the pages are out of date'],
    ],
    exitCodes: [
      [0, 'written, or up to date'],
      [1, 'drift under --check'],
      [2, 'config or usage error'],
    ],
    load: async () => (await import('./docs.js')).runDocs,
  },
  {
    name: 'sla',
    summary: 'the SLA policies and team escalations as a document to publish',
    args: [],
    flags: [config, demo, docFormat, output],
    examples: [
      ['sla --config api-health.yaml', 'as Markdown'],
      ['sla --format wikitext --output SLA.wiki', 'as wikitext, to a file'],
    ],
    exitCodes: OK_OR_USAGE,
    load: async () => (await import('./sla.js')).runSla,
  },
  {
    name: 'report',
    summary: "availability, latency and SLO per API, family and team from the history (--remote: from the team's Prometheus); time to acknowledge and resolve from the event log",
    args: [],
    flags: [
      { key: 'since', type: 'string', value: 'D', default: '7d', description: 'how far back (1d, 7d, 30d, 90d)' },
      { key: 'from', type: 'string', value: 'T', description: 'the period from this date or time (2026-10-01, 2026-10-01T12:00Z) instead of --since' },
      { key: 'to', type: 'string', value: 'T', shownDefault: 'now', description: 'the period up to this date or time (a date means its end)' },
      { key: 'format', type: 'string', value: 'F', choices: REPORT_FORMATS, default: REPORT_FORMATS[0], description: 'for a terminal, to publish, or for a spreadsheet' },
      { ...json, description: 'the figures as JSON (times in ISO 8601 with zone)' },
      { ...config, description: "the APIs' names, teams, families, SLOs and maintenance windows" },
      { ...stateDir, description: 'whose history and event log to read' },
      { ...demo, description: "read the demo's history and event log (the ones `api-health --demo` writes)" },
      { key: 'remote', type: 'boolean', description: "the figures from the config's shared.prometheus (the series api-health exports, every vantage summed) instead of this machine's history" },
    ],
    examples: [
      ['report', 'the last week of the dashboard and monitor on this machine'],
      ['report --config team.yaml --remote --from 2026-10-01 --to 2026-12-31 --format wikitext', "a quarter of the team's figures as its Prometheus holds them, to publish next to the ownership list"],
    ],
    exitCodes: [...OK_OR_USAGE, [3, "--remote: the team's Prometheus did not answer, or answered something that is not the query API's"]],
    load: async () => (await import('./report.js')).runReport,
  },
  {
    name: 'timeline',
    summary: "an alarm's episode as a post-incident report: figures per minute, transitions, acks, mutes, deliveries",
    args: [{ name: 'ALARM-ID' }],
    flags: [
      { key: 'format', type: 'string', value: 'F', choices: TIMELINE_FORMATS, default: TIMELINE_FORMATS[0], description: 'a document to publish, or JSON' },
      { ...json, description: 'the same as --format json' },
      { key: 'api', type: 'string', value: 'ID', description: 'instead of an alarm: this API over --from..--to' },
      { key: 'from', type: 'string', value: 'T', description: 'with --api: the start (ISO 8601, 2026-12-06T14:00Z)' },
      { key: 'to', type: 'string', value: 'T', description: 'with --api: the end' },
      { ...stateDir, description: 'whose history and event log to read' },
      { ...demo, description: "read the demo's history and event log" },
    ],
    examples: [
      ['timeline enwiki-page-html/HighLatency', 'the latest episode of an alarm, as Markdown'],
      ['timeline --api enwiki-page-html --from 2026-12-06T14:00Z --to 2026-12-06T15:00Z --format wikitext', 'an hour of one API, as wikitext'],
    ],
    exitCodes: OK_OR_USAGE,
    load: async () => (await import('./timeline.js')).runTimeline,
  },
  {
    name: 'notify',
    summary: "send a test message through a channel, print the receiver's answer",
    args: [{ name: 'test', choices: ['test'] }, { name: 'CHANNEL', complete: 'channels' }],
    flags: [config, demo],
    examples: [
      ['notify test mwi-slack --config api-health.yaml', 'does the Slack webhook answer?'],
      ['notify test desk --demo', 'see what a terminal notification looks like'],
    ],
    exitCodes: [
      [0, 'delivered'],
      [1, 'not delivered'],
      [2, 'config or usage error'],
    ],
    load: async () => (await import('./notify-test.js')).runNotify,
  },
  {
    name: 'export',
    summary: 'generate production config: prometheus-rules (with promtool tests), alertmanager, pyrra (SLOs)',
    args: [{ name: 'TARGET', choices: ['prometheus-rules', 'alertmanager', 'pyrra'] }],
    flags: [
      config,
      demo,
      { key: 'metrics', type: 'string', value: 'NAMES', choices: METRIC_FLAVOURS, default: METRIC_FLAVOURS[0], description: 'prometheus-rules, pyrra: query our metrics or the blackbox exporter\'s' },
      output,
      { key: 'tests', type: 'string', value: 'FILE', complete: 'file', description: 'prometheus-rules: also write a promtool test file proving each alert fires (needs --output)' },
      { key: 'prometheus', type: 'string', value: 'VERSION', default: KEEP_FIRING_FOR_SINCE, description: 'prometheus-rules: the Prometheus they are for; before 2.42 (no keep_firing_for) an annotation says how api-health resolves' },
      { key: 'layout', type: 'string', value: 'NAME', choices: ['operations-alerts'], description: 'prometheus-rules: write a repository layout under --out instead (operations-alerts: team-<team>/api-health.yaml and api-health_test.yaml)' },
      { key: 'out', type: 'string', value: 'DIR', complete: 'dir', description: 'with --layout: the repository folder to write into; pyrra: one file per SLO in this folder' },
      { key: 'by', type: 'string', value: 'GROUP', choices: ['api', 'family'], shownDefault: 'api', description: 'pyrra: one ServiceLevelObjective per API or per family' },
      { key: 'deployTag', type: 'string', value: 'TAG', shownDefault: 'ops', description: 'with --layout operations-alerts: the # deploy-tag: header, which picks the Prometheus instances' },
    ],
    examples: [
      ['export prometheus-rules --output rules.yml --tests rules.test.yml', 'rules and their promtool tests'],
      ['export alertmanager --output alertmanager.yml', 'routes and receivers for Alertmanager'],
    ],
    exitCodes: OK_OR_USAGE,
    load: async () => (await import('./export.js')).runExport,
  },
  {
    name: 'maintenance',
    summary: 'maintenance windows for deploy scripts: start one now, stop it, list current and upcoming ones',
    args: [{ name: 'ACTION', choices: ['start', 'stop', 'list'] }, { name: 'NAME|ID' }],
    flags: [
      config,
      { ...demo, description: "the demo fleet's windows (the ones `api-health --demo` reads)" },
      { key: 'api', type: 'string', value: 'ID', description: 'start: the window covers this API' },
      { ...team, shownDefault: undefined, description: 'start: the window covers this team\'s APIs' },
      { key: 'family', type: 'string', value: 'NAME', description: 'start: the window covers this family of APIs' },
      { key: 'for', type: 'string', value: 'D', description: 'start: how long the window lasts (30m, 2h)' },
      { key: 'reason', type: 'string', value: 'TEXT', description: 'start: why, shown as the window\'s name' },
      { ...json, description: 'the window (start) or the list as JSON' },
      { ...stateDir, description: 'where the windows are kept (a running monitor reads them there)' },
    ],
    examples: [
      ['maintenance start --family "MediaWiki REST" --for 30m --reason "train deploy"', 'no notifications for the family for 30 minutes'],
      ['maintenance list --demo', "windows in force and coming up in the next 7 days, here the demo fleet's (stop one with maintenance stop ID)"],
    ],
    exitCodes: OK_OR_USAGE,
    load: async () => (await import('./maintenance.js')).runMaintenance,
  },
  {
    name: 'completion',
    summary: 'a shell completion script: commands, flags, team and channel ids from the config',
    args: [{ name: 'SHELL', choices: ['bash', 'zsh', 'fish'] }],
    flags: [
      config,
      { key: 'list', type: 'string', value: 'WHAT', choices: ['teams', 'channels'], description: 'for the scripts: print the ids in the config, one a line, never an error' },
    ],
    examples: [
      ['completion bash >> ~/.bashrc', 'complete api-health in bash'],
      ['completion fish > ~/.config/fish/completions/api-health.fish', 'and in fish'],
    ],
    exitCodes: OK_OR_USAGE,
    load: async () => (await import('./completion.js')).runCompletion,
  },
  {
    name: 'help',
    summary: 'this overview, or the help of one command',
    args: [{ name: 'COMMAND', complete: 'commands' }],
    flags: [],
    examples: [
      ['help', 'every command'],
      ['help check', 'the flags, defaults, examples and exit codes of check'],
    ],
    exitCodes: [[0, 'done']],
    load: async () => (await import('./help.js')).runHelp,
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/** The spelling on the command line: stateDir is --state-dir. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The flag as a user types it: a negated flag (on by default) only as `--no-…`. */
export function typedFlag(flag: Pick<FlagSpec, 'key' | 'negated'>): string {
  return flag.negated ? `--no-${flagName(flag.key).slice(2)}` : flagName(flag.key);
}

/** Every flag of every command, once, as meow wants them: a key means one type and one short flag everywhere. */
type ParserFlag = { type: 'string'; shortFlag?: string } | { type: 'boolean'; shortFlag?: string; default?: boolean };

export function parserFlags(): Record<string, ParserFlag> {
  const flags: Record<string, ParserFlag> = {};
  for (const spec of [...GLOBAL_FLAGS, ...[DASHBOARD, ...COMMANDS].flatMap((c) => c.flags)]) {
    const flag: ParserFlag = spec.type === 'boolean' && spec.negated ? { type: 'boolean', default: true } : { type: spec.type };
    flags[spec.key] = spec.short === undefined ? flag : { ...flag, shortFlag: spec.short };
  }
  return flags;
}

/** What the parser gives when no flag is typed: the negated booleans on (`--no-mouse` turns mouse off), the rest unset. */
export function parserDefaults(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parserFlags()).flatMap(([key, flag]) => ('default' in flag ? [[key, flag.default]] : [])));
}
