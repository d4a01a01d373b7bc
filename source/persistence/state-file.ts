import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { PersistedAlarmState } from '../core/persisted-state.js';
import { writeStateFileAtomic } from './atomic-write.js';
import { readFileNoFollow, SYMLINK_REFUSED } from './no-follow.js';
import { persistedStateSchema } from './state-schema.js';

export const STATE_FILE = 'state.json';

export type WriteResult = { ok: true } | { ok: false; error: string };

export interface LoadedState {
  /** Undefined on a first run, or when the file had to be moved aside. */
  state: PersistedAlarmState | undefined;
  /** Set when the file was corrupt or unreadable: show it, then carry on with no saved alarms. */
  warning?: string | undefined;
}

export function saveAlarmState(dir: string, state: PersistedAlarmState): WriteResult {
  const path = join(dir, STATE_FILE);
  try {
    writeStateFileAtomic(path, `${JSON.stringify(state)}\n`);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `cannot save alarm state to ${path}: ${reason(error)}` };
  }
}

/** Reads state.json; a file that cannot be read or parsed is moved aside so the next save does not destroy the evidence. */
export function loadAlarmState(dir: string, now: number): LoadedState {
  const path = join(dir, STATE_FILE);
  let text: string;
  try {
    text = readFileNoFollow(path).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: undefined };
    // Left where it is: the link is the user's, and nothing here is evidence of a torn write.
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { state: undefined, warning: `alarm state file ${path}: ${SYMLINK_REFUSED}; starting without saved acknowledgements, mutes or alarms` };
    return { state: undefined, warning: moveAside(path, now, `cannot be read (${reason(error)})`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { state: undefined, warning: moveAside(path, now, `is not valid JSON (${reason(error)})`) };
  }
  const parsed = persistedStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { state: undefined, warning: moveAside(path, now, `does not hold alarm state${where} (${issue?.message ?? 'unexpected shape'})`) };
  }
  return { state: parsed.data as PersistedAlarmState };
}

/** The name a corrupt state file is moved to: state.json.corrupt-2026-01-01T00-00-00.000Z */
export function corruptName(path: string, now: number): string {
  return `${path}.corrupt-${new Date(now).toISOString().replaceAll(':', '-')}`;
}

function moveAside(path: string, now: number, problem: string): string {
  const aside = corruptName(path, now);
  const start = 'starting without saved acknowledgements, mutes or alarms';
  try {
    renameSync(path, aside);
    return `alarm state file ${path} ${problem}; moved it to ${aside} and ${start}`;
  } catch (error) {
    return `alarm state file ${path} ${problem} and could not be moved aside (${reason(error)}); ${start}`;
  }
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.message === SYMLINK_REFUSED) return e.message;
  return e.code ? `${e.code}: ${e.message.replace(/^\w+: /, '')}` : e.message;
}
