import { execFileSync, spawn, spawnSync } from 'node:child_process';
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

/** What a lock file on this machine holds, for one process. */
function lockText(record: { pid: number; processStart?: string; bootId?: string }): string {
  return JSON.stringify({ command: 'api-health monitor', startedAt: new Date(T0).toISOString(), ...record });
}

const BOOT_ID = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

/** Field 22 of /proc/PID/stat, read here independently of the code under test. */
function readStart(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

const ownStart = (): string => readStart(process.pid);

function acquired(attempt: ReturnType<typeof StateLock.acquire>): StateLock {
  if (!attempt.acquired) throw new Error('expected the lock');
  return attempt.lock;
}

describe('StateLock', () => {
  const tempDir = useTempDir();

  it('writes who holds the directory into the lock file, owner-only', () => {
    const dir = tempDir();
    acquired(StateLock.acquire(dir, owner(process.pid)));
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual({
      pid: process.pid,
      command: 'api-health monitor',
      startedAt: '2026-11-03T09:00:00.000Z',
      processStart: ownStart(),
      bootId: BOOT_ID,
    });
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

  it('takes over a lock whose process was killed but not yet reaped by its parent (a zombie)', () => {
    const dir = tempDir();
    // A shell starts a child, kills it, and becomes a sleep that never waits for it: the child stays a zombie.
    const parent = spawn('bash', ['-c', 'sleep 60 & echo $!; kill -9 $!; exec sleep 10'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number(execFileSync('bash', ['-c', `for i in $(seq 50); do c=$(cat /proc/${parent.pid}/task/${parent.pid}/children 2>/dev/null | tr -d " "); [ -n "$c" ] && grep -q ') Z' /proc/$c/stat && echo $c && break; sleep 0.1; done`], { encoding: 'utf8' }).trim());
      expect(zombie).toBeGreaterThan(0);
      writeFileSync(join(dir, LOCK_FILE), lockText({ pid: zombie, processStart: readStart(zombie), bootId: BOOT_ID }));
      expect(StateLock.acquire(dir, owner(process.pid))).toMatchObject({ acquired: true, tookOverFrom: { pid: zombie } });
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('turns a second process away while a holder recorded with its start time and boot runs', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), lockText({ pid: process.pid, processStart: ownStart(), bootId: BOOT_ID }));
    expect(StateLock.acquire(dir, owner(process.pid))).toEqual({ acquired: false, holder: owner(process.pid) });
  });

  it('takes over a lock whose pid runs but started at another moment: the pid was reused', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), lockText({ pid: process.pid, processStart: String(Number(ownStart()) - 1), bootId: BOOT_ID }));
    expect(StateLock.acquire(dir, owner(process.pid))).toMatchObject({ acquired: true, tookOverFrom: owner(process.pid) });
  });

  it('takes over a lock written before the machine last booted, whatever runs under its pid now', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), lockText({ pid: 1, processStart: readStart(1), bootId: '00000000-0000-4000-8000-000000000000' }));
    expect(StateLock.acquire(dir, owner(process.pid))).toMatchObject({ acquired: true, tookOverFrom: owner(1) });
  });

  it('takes over a lock naming pid 1 as written inside a container, though pid 1 runs here', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), lockText({ pid: 1, processStart: String(Number(readStart(1)) + 12_345), bootId: BOOT_ID }));
    expect(StateLock.acquire(dir, owner(process.pid))).toMatchObject({ acquired: true, tookOverFrom: owner(1) });
  });

  it('lets the pid alone decide for a lock that records no start time (written where /proc is missing)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), lockText({ pid: process.pid }));
    expect(StateLock.acquire(dir, owner(process.pid))).toEqual({ acquired: false, holder: owner(process.pid) });
  });

  it('falls back to the pid alone where the system tells neither start times nor the boot', () => {
    const dir = tempDir();
    const blind = { processStart: () => undefined, bootId: () => undefined };
    acquired(StateLock.acquire(dir, owner(process.pid), blind));
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, command: 'api-health monitor', startedAt: '2026-11-03T09:00:00.000Z' });
    expect(StateLock.acquire(dir, owner(process.pid), blind)).toEqual({ acquired: false, holder: owner(process.pid) });
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
