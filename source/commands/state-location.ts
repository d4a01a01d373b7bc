import { mkdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { LOG_FILE } from '../notify/notification-log.js';
import { OUTBOX_FILE } from '../notify/outbox.js';
import { EVENTS_FILE } from '../persistence/event-log.js';
import { MAINTENANCE_FILE } from '../persistence/maintenance-file.js';
import { firstLink, SYMLINK_REFUSED } from '../persistence/no-follow.js';
import { resolveStateDir } from '../persistence/state-dir.js';
import { STATE_FILE } from '../persistence/state-file.js';
import { StateLock, type LockOwner } from '../persistence/state-lock.js';
import { writeProblem } from '../persistence/writable.js';
import { clockTime } from '../ui/clock-time.js';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';

/**
 * The state directory of this run: --state-dir, else the XDG one. The demo keeps its alarms in a folder of its own,
 * so they never mix with a real fleet's; `report --demo` reads that folder too.
 */
export function stateDirFor(context: CommandContext): string {
  const base = resolveStateDir({ flag: context.flags.stateDir, env: context.env, home: homedir(), cwd: context.cwd });
  return context.flags.demo && context.flags.stateDir === undefined ? join(base, 'demo') : base;
}

/** The state directory for this run, created if missing; a directory we cannot create is a usage error. */
export function openStateDir(context: CommandContext): string {
  const dir = stateDirFor(context);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the state directory ${dir}: ${(error as Error).message} (choose another with --state-dir)`);
  }
  return dir;
}

/** The state directory of a process that cannot work without writing it (monitor): saying what it needs if it cannot. */
export function openWritableStateDir(context: CommandContext, command: string): string {
  const dir = openStateDir(context);
  const problem = writeProblem(dir);
  if (problem !== undefined) {
    throw new UsageError(`${command} needs a writable state directory for its outbox, alarm state and event log, and ${dir} is not (${problem}); choose one with --state-dir`);
  }
  refuseLinkedStateFiles(dir, command);
  return dir;
}

/** Each state file is opened without following links as well; refusing here says so once, before anything runs. */
export function refuseLinkedStateFiles(dir: string, command: string): void {
  const linked = firstLink([STATE_FILE, EVENTS_FILE, OUTBOX_FILE, LOG_FILE, MAINTENANCE_FILE].map((name) => join(dir, name)));
  if (linked !== undefined) throw new UsageError(`${command} does not start: ${linked}: ${SYMLINK_REFUSED}`);
}

/**
 * Makes this process the only writer of the state directory until it ends (however it ends: the lock goes on
 * process exit too): a dashboard and a monitor on one directory would rewrite each other's outbox and state.
 * Returns the release. Commands that only read the directory (check, report) take no lock.
 */
export function lockStateDir(dir: string, command: string, stderr: Writable): () => void {
  const attempt = StateLock.acquire(dir, { pid: process.pid, command: `api-health ${command}`, startedAt: Date.now() });
  if (!attempt.acquired) {
    const who = attempt.holder ? `pid ${attempt.holder.pid} (${describeOwner(attempt.holder)})` : 'another process (starting up)';
    throw new UsageError(`the state directory ${dir} is in use by ${who}; use another --state-dir`);
  }
  const from = attempt.tookOverFrom;
  if (from) {
    const left = from === 'unreadable' ? 'an unreadable lock' : `the lock of pid ${from.pid} (${describeOwner(from)}), which is no longer running`;
    stderr.write(`warning: took over ${left} in ${dir}\n`);
  }
  const release = (): void => attempt.lock.release();
  process.once('exit', release);
  return () => {
    process.off('exit', release);
    release();
  };
}

function describeOwner(owner: LockOwner): string {
  return `${owner.command}, since ${clockTime(owner.startedAt, false)}`;
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
