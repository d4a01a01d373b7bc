import { mkdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { resolveStateDir } from '../persistence/state-dir.js';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';

/**
 * The state directory for this run, created if missing; a directory we cannot create is a usage error.
 * The demo keeps its alarms in a folder of its own, so they never mix with a real fleet's.
 */
export function openStateDir(context: CommandContext): string {
  const base = resolveStateDir({ flag: context.flags.stateDir, env: context.env, home: homedir(), cwd: context.cwd });
  const dir = context.flags.demo && context.flags.stateDir === undefined ? join(base, 'demo') : base;
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
