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
  theme: string;
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
  /** export prometheus-rules: whose metric names the rules query (apihealth or blackbox). */
  metrics?: string | undefined;
  tests?: string | undefined;
}

export type Command = (context: CommandContext) => Promise<number>;
