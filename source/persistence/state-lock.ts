import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { readFileNoFollow } from './no-follow.js';
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
  /** When the process with this pid started, in the kernel's own units (default: /proc/PID/stat field 22); undefined where unknown. */
  processStart?: (pid: number) => string | undefined;
  /** Which boot of the machine this is (default: /proc/sys/kernel/random/boot_id); undefined where unknown. */
  bootId?: () => string | undefined;
  now?: () => number;
}

/**
 * Which process holds the lock beyond its pid. A pid alone is not enough: a monitor that ran as pid 1 in a
 * container leaves a lock naming pid 1, which always runs outside it, and pids are reused. A process is the
 * same one only if it also started at the same moment of the same boot. Both are absent where the system
 * does not tell (no /proc); the pid is then all there is.
 */
interface ProcessIdentity {
  processStart?: string | undefined;
  bootId?: string | undefined;
}

type LockRecord = LockOwner & ProcessIdentity;

/**
 * A holder writes its lock right after creating it, so an unreadable lock younger than this is one being
 * written; an older one was left by a process that died between the two steps.
 */
const UNREADABLE_GRACE_MS = 5_000;

type Found = { kind: 'owner'; owner: LockRecord } | { kind: 'gone' } | { kind: 'unreadable'; ageMs: number };

/**
 * One writer per state directory: a `lock` file created exclusively (O_EXCL), naming the process that holds
 * it. A lock whose process no longer runs (a kill -9, a power cut, a container restarted) is taken over.
 */
export class StateLock {
  private constructor(
    private readonly path: string,
    private readonly owner: LockOwner,
  ) {}

  static acquire(dir: string, owner: LockOwner, options: LockOptions = {}): LockAttempt {
    const isAlive = options.isAlive ?? processAlive;
    const processStart = options.processStart ?? procStartTime;
    const bootId = (options.bootId ?? procBootId)();
    const now = options.now ?? Date.now;
    const path = join(dir, LOCK_FILE);
    const record: LockRecord = { ...owner, processStart: processStart(owner.pid), bootId };
    const runs = (holder: LockRecord): boolean => holderRuns(holder, { isAlive, processStart, bootId });
    let tookOverFrom: LockOwner | 'unreadable' | undefined;
    // A second round only after removing a stale lock or finding it gone; a third would mean another process keeps winning the race.
    for (let round = 0; round < 3; round += 1) {
      if (createExclusive(path, record)) return { acquired: true, lock: new StateLock(path, owner), tookOverFrom };
      const found = readLock(path, now());
      if (found.kind === 'gone') continue;
      if (found.kind === 'owner' && runs(found.owner)) return { acquired: false, holder: shown(found.owner) };
      if (found.kind === 'unreadable' && found.ageMs < UNREADABLE_GRACE_MS) return { acquired: false, holder: undefined };
      // Read again just before removing: between our read and here another process may have taken the stale lock over itself.
      if (!sameLock(found, readLock(path, now()))) continue;
      rmSync(path, { force: true });
      tookOverFrom = found.kind === 'owner' ? shown(found.owner) : 'unreadable';
    }
    const found = readLock(path, now());
    return { acquired: false, holder: found.kind === 'owner' ? shown(found.owner) : undefined };
  }

  /** Removes the lock if it is still ours; safe to call more than once. */
  release(): void {
    const found = readLock(this.path, Date.now());
    if (found.kind === 'owner' && found.owner.pid === this.owner.pid && found.owner.startedAt === this.owner.startedAt) rmSync(this.path, { force: true });
  }
}

/**
 * Whether the process that wrote the lock still runs. A lock from an earlier boot is dead whatever its pid;
 * a pid that runs but started at another moment is a different process that reused the pid (or, for a lock
 * written inside a container, this namespace's own pid 1).
 */
function holderRuns(holder: LockRecord, here: Required<Pick<LockOptions, 'isAlive' | 'processStart'>> & { bootId: string | undefined }): boolean {
  if (holder.bootId !== undefined && here.bootId !== undefined && holder.bootId !== here.bootId) return false;
  if (!here.isAlive(holder.pid)) return false;
  if (holder.processStart === undefined) return true;
  const started = here.processStart(holder.pid);
  return started === undefined || started === holder.processStart;
}

function shown(record: LockRecord): LockOwner {
  return { pid: record.pid, command: record.command, startedAt: record.startedAt };
}

function createExclusive(path: string, owner: LockRecord): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    const { processStart, bootId } = owner;
    writeSync(fd, `${JSON.stringify({ pid: owner.pid, command: owner.command, startedAt: new Date(owner.startedAt).toISOString(), processStart, bootId })}\n`);
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
    text = readFileNoFollow(path).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    return { kind: 'unreadable', ageMs: 0 };
  }
  const owner = parseOwner(text);
  return owner ? { kind: 'owner', owner } : { kind: 'unreadable', ageMs: now - mtimeMs };
}

function parseOwner(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as { pid?: unknown; command?: unknown; startedAt?: unknown; processStart?: unknown; bootId?: unknown };
    const startedAt = typeof value.startedAt === 'string' ? Date.parse(value.startedAt) : Number.NaN;
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 0 || typeof value.command !== 'string' || Number.isNaN(startedAt)) return undefined;
    // A lock written before these were recorded (or where /proc is missing) still parses: the pid decides alone.
    const processStart = typeof value.processStart === 'string' ? value.processStart : undefined;
    const bootId = typeof value.bootId === 'string' ? value.bootId : undefined;
    return { pid: value.pid as number, command: value.command, startedAt, processStart, bootId };
  } catch {
    return undefined;
  }
}

function sameLock(a: Found, b: Found): boolean {
  if (a.kind === 'owner' && b.kind === 'owner') return a.owner.pid === b.owner.pid && a.owner.startedAt === b.owner.startedAt;
  return a.kind === 'unreadable' && b.kind === 'unreadable';
}

/**
 * Signal 0 only asks whether the process exists; EPERM means it does, under another user. A process killed but
 * not yet reaped by its parent (a zombie: kill -9 under a parent slow to wait) still answers, and holds nothing.
 */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !procExited(pid);
}

/** Field 3 of /proc/PID/stat: Z (zombie) or X (dead) for a process that has ended; false where /proc says nothing. */
function procExited(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const state = stat.charAt(stat.lastIndexOf(')') + 2);
  return state === 'Z' || state === 'X';
}

/**
 * Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. The command name (field 2)
 * sits in parentheses and may itself hold spaces and parentheses, so the fields are counted from the last ')'.
 */
function procStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = fields[22 - 3];
  return start !== undefined && /^\d+$/.test(start) ? start : undefined;
}

function procBootId(): string | undefined {
  try {
    const id = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return id === '' ? undefined : id;
  } catch {
    return undefined;
  }
}
