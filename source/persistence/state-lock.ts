import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'lock';

/** Who holds a state directory: written into the lock file, shown to whoever is turned away. */
export interface LockOwner {
  pid: number;
  /** What runs there, e.g. "api-health monitor". */
  command: string;
  startedAt: number;
}

export type LockAttempt =
  | { acquired: true; lock: StateLock; tookOverFrom?: LockOwner | 'unreadable' | undefined }
  /** `holder` is undefined while another process is still writing its lock file. */
  | { acquired: false; holder: LockOwner | undefined };

export interface LockOptions {
  /** Whether a process with this pid runs (default: signal 0). */
  isAlive?: (pid: number) => boolean;
  now?: () => number;
}

/**
 * A holder writes its lock right after creating it, so an unreadable lock younger than this is one being
 * written; an older one was left by a process that died between the two steps.
 */
const UNREADABLE_GRACE_MS = 5_000;

type Found = { kind: 'owner'; owner: LockOwner } | { kind: 'gone' } | { kind: 'unreadable'; ageMs: number };

/**
 * One writer per state directory: a `lock` file created exclusively (O_EXCL), naming the process that holds
 * it. A lock whose process no longer runs (a kill -9, a power cut) is taken over.
 */
export class StateLock {
  private constructor(
    private readonly path: string,
    private readonly owner: LockOwner,
  ) {}

  static acquire(dir: string, owner: LockOwner, options: LockOptions = {}): LockAttempt {
    const isAlive = options.isAlive ?? processAlive;
    const now = options.now ?? Date.now;
    const path = join(dir, LOCK_FILE);
    let tookOverFrom: LockOwner | 'unreadable' | undefined;
    // A second round only after removing a stale lock or finding it gone; a third would mean another process keeps winning the race.
    for (let round = 0; round < 3; round += 1) {
      if (createExclusive(path, owner)) return { acquired: true, lock: new StateLock(path, owner), tookOverFrom };
      const found = readLock(path, now());
      if (found.kind === 'gone') continue;
      if (found.kind === 'owner' && isAlive(found.owner.pid)) return { acquired: false, holder: found.owner };
      if (found.kind === 'unreadable' && found.ageMs < UNREADABLE_GRACE_MS) return { acquired: false, holder: undefined };
      // Read again just before removing: between our read and here another process may have taken the stale lock over itself.
      if (!sameLock(found, readLock(path, now()))) continue;
      rmSync(path, { force: true });
      tookOverFrom = found.kind === 'owner' ? found.owner : 'unreadable';
    }
    const found = readLock(path, now());
    return { acquired: false, holder: found.kind === 'owner' ? found.owner : undefined };
  }

  /** Removes the lock if it is still ours; safe to call more than once. */
  release(): void {
    const found = readLock(this.path, Date.now());
    if (found.kind === 'owner' && found.owner.pid === this.owner.pid && found.owner.startedAt === this.owner.startedAt) rmSync(this.path, { force: true });
  }
}

function createExclusive(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify({ pid: owner.pid, command: owner.command, startedAt: new Date(owner.startedAt).toISOString() })}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string, now: number): Found {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    return { kind: 'unreadable', ageMs: 0 };
  }
  const owner = parseOwner(text);
  return owner ? { kind: 'owner', owner } : { kind: 'unreadable', ageMs: now - mtimeMs };
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as { pid?: unknown; command?: unknown; startedAt?: unknown };
    const startedAt = typeof value.startedAt === 'string' ? Date.parse(value.startedAt) : Number.NaN;
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 0 || typeof value.command !== 'string' || Number.isNaN(startedAt)) return undefined;
    return { pid: value.pid as number, command: value.command, startedAt };
  } catch {
    return undefined;
  }
}

function sameLock(a: Found, b: Found): boolean {
  if (a.kind === 'owner' && b.kind === 'owner') return a.owner.pid === b.owner.pid && a.owner.startedAt === b.owner.startedAt;
  return a.kind === 'unreadable' && b.kind === 'unreadable';
}

/** Signal 0 only asks whether the process exists; EPERM means it does, under another user. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
