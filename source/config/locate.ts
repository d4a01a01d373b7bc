import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where a config is looked for when --config is not given, in order. */
export function configCandidates(cwd: string, env: NodeJS.ProcessEnv): string[] {
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return [resolve(cwd, 'api-health.yaml'), join(xdg, 'api-health', 'config.yaml')];
}

export function findConfig(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  return configCandidates(cwd, env).find((candidate) => existsSync(candidate));
}
