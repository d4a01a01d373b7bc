import { mkdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { resolveStateDir } from '../persistence/state-dir.js';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';

/** The state directory for this run, created if missing; a directory we cannot create is a usage error. */
export function openStateDir(context: CommandContext): string {
  const dir = resolveStateDir({ flag: context.flags.stateDir, env: context.env, home: homedir(), cwd: context.cwd });
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the state directory ${dir}: ${(error as Error).message} (choose another with --state-dir)`);
  }
  return dir;
}

/** Who acknowledges and mutes: $USER, else the account name. */
export function currentUser(env: NodeJS.ProcessEnv): string {
  if (env.USER) return env.USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
