import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, StateLock, type LockOwner } from '../../source/persistence/state-lock.js';
import { useTempDir } from '../helpers/temp-dir.js';

const T0 = Date.UTC(2026, 10, 3, 9, 0, 0);

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function owner(pid: number, command = 'api-health monitor'): LockOwner {
  return { pid, command, startedAt: T0 };
}

function acquired(attempt: ReturnType<typeof StateLock.acquire>): StateLock {
  if (!attempt.acquired) throw new Error('expected the lock');
  return attempt.lock;
}

describe('StateLock', () => {
  const tempDir = useTempDir();

  it('writes who holds the directory into the lock file, owner-only', () => {
    const dir = tempDir();
    acquired(StateLock.acquire(dir, owner(process.pid)));
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, command: 'api-health monitor', startedAt: '2026-11-03T09:00:00.000Z' });
  });

  it('turns a second process away while the holder runs, naming the holder', () => {
    const dir = tempDir();
    acquired(StateLock.acquire(dir, owner(process.pid)));
    expect(StateLock.acquire(dir, owner(deadPid(), 'api-health dashboard'))).toEqual({ acquired: false, holder: owner(process.pid) });
  });

  it('takes over a lock whose process is no longer running, saying whose it was', () => {
    const dir = tempDir();
    const gone = deadPid();
    acquired(StateLock.acquire(dir, owner(gone)));
    const attempt = StateLock.acquire(dir, { ...owner(process.pid), startedAt: T0 + 1 });
    expect(attempt).toMatchObject({ acquired: true, tookOverFrom: owner(gone) });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
  });

  it('removes the lock on release, and only its own', () => {
    const dir = tempDir();
    const first = acquired(StateLock.acquire(dir, owner(deadPid())));
    const second = acquired(StateLock.acquire(dir, owner(process.pid)));
    first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    second.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('waits for a lock file still being written, but takes over one left unreadable long ago', () => {
    const dir = tempDir();
    const file = join(dir, LOCK_FILE);
    writeFileSync(file, '');
    expect(StateLock.acquire(dir, owner(process.pid))).toEqual({ acquired: false, holder: undefined });
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(file, minuteAgo, minuteAgo);
    expect(StateLock.acquire(dir, owner(process.pid))).toMatchObject({ acquired: true, tookOverFrom: 'unreadable' });
  });
});
