import meow from 'meow';
import { ConfigError } from '../config/load.js';
import type { Command, CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

const HELP = `
  Usage
    $ api-health [--config FILE | --demo]        live dashboard
    $ api-health check --config FILE [--duration 30s] [--json]
    $ api-health monitor --config FILE [--json] [--duration D] [--metrics-port PORT]
    $ api-health owners [--config FILE] [--format markdown|wikitext|csv|json] [--team ID] [--output FILE]
    $ api-health validate [--config FILE] [--strict]
    $ api-health schema [--output FILE]
    $ api-health init [--from-openapi FILE|URL] [--output FILE]
    $ api-health docs --config FILE --out DIR [--format markdown|wikitext] [--check]
    $ api-health sla [--config FILE] [--format markdown|wikitext] [--output FILE]
    $ api-health report [--since 7d] [--json] [--state-dir DIR]
    $ api-health notify test CHANNEL [--config FILE]
    $ api-health export prometheus-rules [--metrics apihealth|blackbox] [--output FILE [--tests FILE]]
    $ api-health export alertmanager [--output FILE]

  Commands
    (none)     the live dashboard
    check      probe for --duration, print a report grouped by team, exit
    monitor    the engine without the dashboard: evaluate, notify, log events (NDJSON with --json)
    owners     the ownership list: API, steward team, contacts, alarm channels, SLA policy
    validate   check the config, then lint ownership and routing (warnings; --strict fails on them)
    schema     the JSON Schema of the config, for editors
    init       a commented starter config (or one proposed from an OpenAPI document)
    docs       publishable pages: owners, notifications, alarms, SLA, and an index
    sla        print the SLA policies and team escalations as a document to publish
    report     from the event log: time to acknowledge and resolve, share within SLA
    notify     notify test CHANNEL: send a test message, print the receiver's answer
    export     generate production config: prometheus-rules (with promtool tests), alertmanager

  Options
    --config, -c FILE    config file (default ./api-health.yaml, then $XDG_CONFIG_HOME/api-health/config.yaml)
    --demo               run on the embedded demo fleet (served on loopback)
    --team ID            show one team (remembered)
    --theme NAME         dark (default), light, high-contrast; NO_COLOR turns colour off
    --duration D         how long check probes (default 30s); monitor: stop after D
    --json               machine-readable output
    --state-dir DIR      where acknowledgements, mutes and the event log live
                         (default $XDG_STATE_HOME/api-health, else ~/.local/state/api-health)
    --format F           owners: markdown (default), wikitext, csv, json; docs, sla: markdown (default), wikitext
    --output, -o FILE    write to FILE instead of stdout
    --strict             validate: exit 1 on warnings
    --from-openapi SRC   init: propose probes from an OpenAPI 3 document (file or URL)
    --out DIR            docs: the folder to write the pages to
    --check              docs: compare with the pages in --out instead of writing; exit 1 on drift
    --since D            report: how far back (default 7d)
    --metrics-port PORT  serve Prometheus metrics on http://HOST:PORT/metrics
    --metrics-host HOST  address for --metrics-port (default 127.0.0.1)
    --metrics NAMES      export prometheus-rules over apihealth (default) or blackbox metrics
    --tests FILE         export prometheus-rules: also write a promtool test file proving each alert fires

  Exit codes
    0 fine
    1 alarms firing (check), warnings under --strict (validate), drift (docs --check), not delivered (notify test)
    2 config or usage error
`;

/**
 * Commands by name: each lives in its own file and takes the same context. Each is loaded when it runs:
 * `check` and `monitor` then load neither Ink nor React, nor conf, whose atomically/when-exit dependency
 * re-raises every SIGTERM it sees (monitor would take one signal for two).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.js')).runCheck,
  owners: async () => (await import('./owners.js')).runOwners,
  validate: async () => (await import('./validate.js')).runValidate,
  schema: async () => (await import('./schema.js')).runSchema,
  init: async () => (await import('./init.js')).runInit,
  docs: async () => (await import('./docs.js')).runDocs,
  sla: async () => (await import('./sla.js')).runSla,
  report: async () => (await import('./report.js')).runReport,
  notify: async () => (await import('./notify-test.js')).runNotify,
  monitor: async () => (await import('./monitor.js')).runMonitor,
  export: async () => (await import('./export.js')).runExport,
};
const DASHBOARD = async (): Promise<Command> => (await import('./dashboard.js')).runDashboard;

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: CommandContext['stdout'];
  stderr?: CommandContext['stderr'];
  stdin?: NodeJS.ReadStream;
  /** `npm start`: the demo fleet unless the arguments name a config. */
  demoByDefault?: boolean;
}

export async function run(argv: string[], options: RunOptions = {}): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  const cli = meow(HELP, {
    importMeta: import.meta,
    argv,
    allowUnknownFlags: false,
    flags: {
      config: { type: 'string', shortFlag: 'c' },
      demo: { type: 'boolean', default: false },
      team: { type: 'string' },
      theme: { type: 'string', default: 'dark' },
      duration: { type: 'string' },
      json: { type: 'boolean', default: false },
      stateDir: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', shortFlag: 'o' },
      strict: { type: 'boolean', default: false },
      fromOpenapi: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      since: { type: 'string' },
      metricsPort: { type: 'string' },
      metricsHost: { type: 'string' },
      metrics: { type: 'string' },
      tests: { type: 'string' },
    },
  });
  const [name, ...input] = cli.input;
  const load = name === undefined ? DASHBOARD : COMMANDS[name];
  if (!load) {
    stderr.write(`api-health: unknown command "${name}" (known: ${Object.keys(COMMANDS).join(', ')}); see api-health --help\n`);
    return EXIT.usage;
  }
  const flags = options.demoByDefault && cli.flags.config === undefined ? { ...cli.flags, demo: true } : cli.flags;
  const context: CommandContext = {
    input,
    flags,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    stdout: options.stdout ?? process.stdout,
    stderr,
    stdin: options.stdin ?? process.stdin,
  };
  try {
    const command = await load();
    return await command(context);
  } catch (error) {
    if (error instanceof ConfigError) {
      stderr.write(`api-health: config error${error.issues.length > 1 ? `s (${error.issues.length})` : ''}:\n${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      stderr.write(`api-health: ${error.message}\n`);
      return EXIT.usage;
    }
    const detail = context.env.API_HEALTH_DEBUG ? (error as Error).stack : (error as Error).message;
    stderr.write(`api-health: internal error: ${detail}\n(set API_HEALTH_DEBUG=1 for details, and please report it)\n`);
    return EXIT.internal;
  }
}
