import type { Writable } from 'node:stream';

/** What a command may touch: passed in, so commands run inside tests with their own streams and environment. */
export interface CommandContext {
  input: string[];
  flags: Flags;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: NodeJS.ReadStream;
}

export interface Flags {
  config?: string | undefined;
  demo: boolean;
  team?: string | undefined;
  theme?: string | undefined;
  duration?: string | undefined;
  json: boolean;
  stateDir?: string | undefined;
  format?: string | undefined;
  output?: string | undefined;
  strict: boolean;
  fromOpenapi?: string | undefined;
  out?: string | undefined;
  check: boolean;
  since?: string | undefined;
  metricsPort?: string | undefined;
  metricsHost?: string | undefined;
  /** check, monitor, dashboard: this process's vantage name and the source address its probes use. */
  vantage?: string | undefined;
  localAddress?: string | undefined;
  /** check: also what the other vantages see, read from shared.prometheus. */
  allVantages?: boolean | undefined;
  /** export prometheus-rules: whose metric names the rules query (apihealth or blackbox). */
  metrics?: string | undefined;
  tests?: string | undefined;
  prometheus?: string | undefined;
  /** export prometheus-rules: a repository layout to write under --out (operations-alerts), and its deploy tag. */
  layout?: string | undefined;
  deployTag?: string | undefined;
  /** export pyrra: one SLO per api or per family. */
  by?: string | undefined;
  /** init: --output may replace an existing file. */
  force: boolean;
  /** dashboard: figures from shared.prometheus and alarms from shared.alertmanager; probes and sends nothing. */
  remote?: boolean | undefined;
  /** dashboard: mouse reporting, on unless --no-mouse. */
  mouse?: boolean | undefined;
  /** completion: the ids to list for a completion script (teams, channels). */
  list?: string | undefined;
  /** maintenance start: what the window covers, for how long, and why. */
  api?: string | undefined;
  family?: string | undefined;
  /** import openapi: the team that owns the imported APIs. */
  owner?: string | undefined;
  /** import action-api: the YAML map from a module's source (extension, or MediaWiki core) to a team, and the api.php to probe modules at when asked. */
  ownerMap?: string | undefined;
  probe?: string | undefined;
  /** import openapi, init --from-openapi: how long fetching and reading the document may take in all. */
  timeout?: string | undefined;
  for?: string | undefined;
  reason?: string | undefined;
  /** report and timeline: a period given by its ends (dates or ISO 8601 times). */
  from?: string | undefined;
  to?: string | undefined;
}

export type Command = (context: CommandContext) => Promise<number>;

/**
 * A flag whose default the command table names: run() fills it in before the command starts, so a missing value
 * here is a table that lost its default, a bug and not a user mistake.
 */
export function flagWithDefault(context: CommandContext, key: 'duration' | 'since' | 'theme' | 'timeout'): string {
  const value = context.flags[key];
  if (value === undefined) throw new Error(`--${key} has no default in the command table`);
  return value;
}
