import meow from 'meow';
import { ConfigError } from '../config/load.js';
import { runCheck } from './check.js';
import type { Command, CommandContext } from './context.js';
import { runDashboard } from './dashboard.js';
import { EXIT, UsageError } from './errors.js';
import { runExport } from './export.js';

const HELP = `
  Usage
    $ api-health [--config FILE | --demo]        live dashboard
    $ api-health check --config FILE [--duration 30s] [--json]
    $ api-health export prometheus-rules [--metrics apihealth|blackbox] [--output FILE [--tests FILE]]
    $ api-health export alertmanager [--output FILE]

  Commands
    (none)     the live dashboard
    check      probe for --duration, print a report grouped by team, exit
    export     generate production config: prometheus-rules (with promtool tests), alertmanager

  Options
    --config, -c FILE    config file (default ./api-health.yaml, then $XDG_CONFIG_HOME/api-health/config.yaml)
    --demo               run on the embedded demo fleet (served on loopback)
    --team ID            show one team (remembered)
    --theme NAME         dark (default), light, high-contrast; NO_COLOR turns colour off
    --duration D         how long check probes (default 30s)
    --json               machine-readable output
    --state-dir DIR      where acknowledgements, mutes and the event log live
    --metrics-port PORT  serve Prometheus metrics on http://HOST:PORT/metrics
    --metrics-host HOST  address for --metrics-port (default 127.0.0.1)
    --metrics NAMES      export prometheus-rules over apihealth (default) or blackbox metrics
    --output, -o FILE    write the export to FILE instead of stdout
    --tests FILE         export prometheus-rules: also write a promtool test file proving each alert fires

  Exit codes
    0 fine   1 alarms firing   2 config or usage error
`;

/** Commands by name: each lives in its own file and takes the same context. */
const COMMANDS: Record<string, Command> = {
  check: runCheck,
  export: runExport,
};

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: CommandContext['stdout'];
  stderr?: CommandContext['stderr'];
  stdin?: NodeJS.ReadStream;
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
      metricsPort: { type: 'string' },
      metricsHost: { type: 'string' },
      metrics: { type: 'string' },
      output: { type: 'string', shortFlag: 'o' },
      tests: { type: 'string' },
    },
  });
  const [name, ...input] = cli.input;
  const command = name === undefined ? runDashboard : COMMANDS[name];
  if (!command) {
    stderr.write(`api-health: unknown command "${name}" (known: ${Object.keys(COMMANDS).join(', ')}); see api-health --help\n`);
    return EXIT.usage;
  }
  const context: CommandContext = {
    input,
    flags: cli.flags,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    stdout: options.stdout ?? process.stdout,
    stderr,
    stdin: options.stdin ?? process.stdin,
  };
  try {
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
