import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { PersistedAlarmState } from '../core/persisted-state.js';
import { writeStateFileAtomic } from './atomic-write.js';
import { readFileNoFollow, SYMLINK_REFUSED } from './no-follow.js';
import type { z } from 'zod';
import { StateFileError } from './state-file-error.js';
import { muteSchema, STATE_FORMAT, stateShellSchema, trackSchema } from './state-schema.js';

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

/**
 * Reads state.json. A file whose content is broken is moved aside so the next save does not destroy the evidence;
 * a track or mute that cannot be read costs only itself. A file that cannot be read at all (permissions), or that
 * a newer api-health wrote, is left alone and the start refused (StateFileError): carrying on without it would
 * page again for every acknowledged and muted alarm.
 */
export function loadAlarmState(dir: string, now: number): LoadedState {
  const path = join(dir, STATE_FILE);
  let text: string;
  try {
    text = readFileNoFollow(path).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No file, or a state directory that is a file: nothing saved to lose (saving says what is wrong with it).
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: undefined };
    // Left where it is: the link is the user's, and nothing here is evidence of a torn write.
    if (code === 'ELOOP') return { state: undefined, warning: `alarm state file ${path}: ${SYMLINK_REFUSED}; starting without saved acknowledgements, mutes or alarms` };
    throw new StateFileError(`cannot read the alarm state file ${path} (${reason(error)}): it holds the acknowledgements and mutes; make it readable by this user, or point --state-dir elsewhere`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { state: undefined, warning: moveAside(path, now, `is not valid JSON (${reason(error)})`) };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > STATE_FORMAT) {
    throw new StateFileError(`the alarm state file ${path} was written by a newer api-health (format ${version}; this one reads format ${STATE_FORMAT}): upgrade, or point --state-dir elsewhere`);
  }
  const shell = stateShellSchema.safeParse(json);
  if (!shell.success) {
    const issue = shell.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { state: undefined, warning: moveAside(path, now, `does not hold alarm state${where} (${issue?.message ?? 'unexpected shape'})`) };
  }
  const tracks = readEach(shell.data.tracks, trackSchema, 'tracks');
  const mutes = readEach(shell.data.mutes, muteSchema, 'mutes');
  const state = { ...shell.data, tracks: tracks.read, mutes: mutes.read } as PersistedAlarmState;
  const unread = [...tracks.unread, ...mutes.unread];
  if (unread.length === 0) return { state };
  const what = `holds ${unread.length} saved ${unread.length === 1 ? 'entry' : 'entries'} it cannot read (first: ${unread[0]})`;
  return { state, warning: moveAside(path, now, what, 'starting with the rest of the saved acknowledgements, mutes and alarms') };
}

/** The items a schema accepts, and a one-line reason for each it does not. */
function readEach<T>(items: readonly unknown[], schema: z.ZodType<T>, name: string): { read: T[]; unread: string[] } {
  const read: T[] = [];
  const unread: string[] = [];
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) read.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      unread.push(`${[name, index, ...(issue?.path ?? [])].join('.')}: ${issue?.message ?? 'unexpected shape'}`);
    }
  });
  return { read, unread };
}

/** The name a corrupt state file is moved to: state.json.corrupt-2026-01-01T00-00-00.000Z */
export function corruptName(path: string, now: number): string {
  return `${path}.corrupt-${new Date(now).toISOString().replaceAll(':', '-')}`;
}

function moveAside(path: string, now: number, problem: string, start = 'starting without saved acknowledgements, mutes or alarms'): string {
  const aside = corruptName(path, now);
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
