import { loadConfigFile } from '../config/load.js';
import { configCandidates, findConfig } from '../config/locate.js';
import type { Config } from '../config/types.js';
import { localAddressProblem, vantageProblem, withVantage } from '../config/vantage.js';
import { demoConfig } from '../demo/demo-config.js';
import { startDemoServer } from '../demo/demo-server.js';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';

export interface ConfigSource {
  config: Config;
  /** Stops what the source started (the demo fleet's server). */
  close(): Promise<void>;
}

/** --demo starts the embedded fleet; otherwise --config, ./api-health.yaml, then the XDG config file. */
export async function openConfig(context: CommandContext): Promise<ConfigSource> {
  const { vantage, localAddress } = context.flags;
  const problem = (vantage !== undefined ? vantageProblem(vantage) : undefined) ?? (localAddress !== undefined ? localAddressProblem(localAddress) : undefined);
  if (problem !== undefined) throw new UsageError(problem);
  const source = await openConfigFile(context);
  return { ...source, config: withVantage(source.config, vantage, localAddress) };
}

async function openConfigFile(context: CommandContext): Promise<ConfigSource> {
  if (context.flags.demo && context.flags.config !== undefined) {
    throw new UsageError('--demo and --config exclude each other: --demo runs the embedded fleet, --config your own');
  }
  if (context.flags.demo) {
    const server = await startDemoServer();
    return { config: demoConfig(server.port), close: () => server.close() };
  }
  const file = context.flags.config ?? findConfig(context.cwd, context.env);
  if (file === undefined) {
    const looked = configCandidates(context.cwd, context.env)
      .map((c) => `  ${c}`)
      .join('\n');
    throw new UsageError(
      `no config found. Looked in:\n${looked}\n\nTo start:\n  api-health --demo                    watch the embedded demo fleet\n  api-health --config FILE             monitor the APIs in FILE\n  api-health init > api-health.yaml    write a starter config`,
    );
  }
  return { config: loadConfigFile(file, context.env), close: async () => {} };
}
