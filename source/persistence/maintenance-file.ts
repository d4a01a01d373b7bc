import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { MaintenanceMatch, MaintenanceWindow } from '../config/types.js';
import { StateFileError } from './state-file-error.js';
import { writeStateFileAtomic } from './atomic-write.js';
import { readFileNoFollow } from './no-follow.js';

export const MAINTENANCE_FILE = 'maintenance.json';
const LOCK_SUFFIX = '.lock';
/** A writer holds the lock for one read and one write: one older than this was left by a writer that died. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 5_000;
const LOCK_RETRY_MS = 20;

/** A window started with `maintenance start`: one-off, from when it was started. */
export interface AdHocWindow {
  id: string;
  name: string;
  match: MaintenanceMatch;
  start: number;
  durationMs: number;
  reason?: string | undefined;
  by: string;
  /** The Alertmanager silence created with it, expired when it is stopped. */
  silenceId?: string | undefined;
}

export interface MaintenanceList {
  /** The last number handed out, so ids stay unique after windows end. */
  sequence: number;
  windows: AdHocWindow[];
}

const values = z.array(z.string()).optional();
const fileSchema = z.object({
  version: z.literal(1),
  sequence: z.int().min(0),
  windows: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      match: z.object({ family: values, team: values, api: values, rule: values }),
      start: z.number(),
      durationMs: z.number().positive(),
      reason: z.string().optional(),
      by: z.string(),
      silenceId: z.string().optional(),
    }),
  ),
});

export function maintenanceFile(dir: string): string {
  return join(dir, MAINTENANCE_FILE);
}

/** The windows in the state directory; a missing file is an empty list, an unreadable one a warning and an empty list. */
export function readMaintenanceList(dir: string): { list: MaintenanceList; warning?: string | undefined } {
  const file = maintenanceFile(dir);
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileNoFollow(file).toString('utf8')));
    if (parsed.success) return { list: { sequence: parsed.data.sequence, windows: parsed.data.windows } };
    return { list: { sequence: 0, windows: [] }, warning: `${file} is not a maintenance list api-health wrote: its windows are ignored` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { list: { sequence: 0, windows: [] } };
    return { list: { sequence: 0, windows: [] }, warning: `cannot read ${file}: ${(error as Error).message}` };
  }
}

/**
 * Changes the list under a lock of its own (not the state directory's, which a running monitor holds): read,
 * change, write atomically, so two deploy scripts at once both get their window and a monitor reading it sees
 * the old list or the new one. Windows that have ended are dropped on the way. Returns what `change` returns.
 */
export function updateMaintenanceList<T>(dir: string, now: number, change: (list: MaintenanceList) => { list: MaintenanceList; result: T }): T {
  const file = maintenanceFile(dir);
  // A list that cannot be read, locked or written is the user's to fix: one line naming it, never a stack trace.
  const refused = (why: string): StateFileError => new StateFileError(`cannot change the maintenance list ${file}: ${why}`);
  let release: () => void;
  try {
    mkdirSync(dir, { recursive: true });
    release = lock(`${file}${LOCK_SUFFIX}`, now);
  } catch (error) {
    throw refused((error as Error).message);
  }
  try {
    const { list, warning } = readMaintenanceList(dir);
    if (warning) throw refused(warning);
    const current = { ...list, windows: list.windows.filter((w) => w.start + w.durationMs > now) };
    const { list: next, result } = change(current);
    try {
      writeStateFileAtomic(file, `${JSON.stringify({ version: 1, ...next }, null, 2)}\n`);
    } catch (error) {
      throw refused((error as Error).message);
    }
    return result;
  } finally {
    release();
  }
}

/** As the calendar takes them. */
export function asMaintenanceWindow(window: AdHocWindow): MaintenanceWindow {
  return { id: window.id, name: window.name, match: window.match, schedule: { kind: 'once', start: window.start }, durationMs: window.durationMs, reason: window.reason };
}

function lock(path: string, now: number): () => void {
  const waitUntil = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockAge(path, now) > STALE_LOCK_MS) rmSync(path, { force: true });
    else if (Date.now() > waitUntil) throw new Error(`${path} is held by another api-health process (remove it if none runs)`);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, LOCK_RETRY_MS);
  }
}

function lockAge(path: string, now: number): number {
  try {
    return now - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
