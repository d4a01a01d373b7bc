import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LOG_KINDS, type AlarmLogEntry } from '../core/alarm-log-entry.js';
import { appendFileNoFollow, readFileNoFollow } from './no-follow.js';
import type { WriteResult } from './state-file.js';

export const EVENTS_FILE = 'events.jsonl';

const entrySchema = z.looseObject({
  at: z.iso.datetime(),
  kind: z.enum(LOG_KINDS),
});

export interface EventLog {
  entries: AlarmLogEntry[];
  /** Lines that were not a valid entry (a torn write, a hand edit): skipped, counted. */
  skipped: number;
  warning?: string | undefined;
}

/** Appends entries as JSON lines; a single write per batch keeps concurrent appenders from interleaving lines. */
export function appendEventLog(dir: string, entries: readonly AlarmLogEntry[]): WriteResult {
  if (entries.length === 0) return { ok: true };
  const path = join(dir, EVENTS_FILE);
  try {
    mkdirSync(dir, { recursive: true });
    appendFileNoFollow(path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `cannot append to the event log ${path}: ${(error as Error).message}` };
  }
}

export function parseEventLog(text: string): { entries: AlarmLogEntry[]; skipped: number } {
  const entries: AlarmLogEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    const text = line.trimStart();
    if (text === '') continue;
    // Entries are JSON objects: junk that starts otherwise is skipped without JSON.parse building an error for it.
    if (!text.startsWith('{')) {
      skipped += 1;
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped += 1;
      continue;
    }
    const parsed = entrySchema.safeParse(json);
    if (parsed.success) entries.push(parsed.data as AlarmLogEntry);
    else skipped += 1;
  }
  return { entries, skipped };
}

/** A missing log is an empty one; an unreadable one is a warning, never a crash. */
export function readEventLog(dir: string): EventLog {
  const path = join(dir, EVENTS_FILE);
  let text: string;
  try {
    text = readFileNoFollow(path).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0 };
    return { entries: [], skipped: 0, warning: `cannot read the event log ${path}: ${(error as Error).message}` };
  }
  const { entries, skipped } = parseEventLog(text);
  const warning = skipped > 0 ? `skipped ${skipped} unreadable line${skipped === 1 ? '' : 's'} in ${path}` : undefined;
  return { entries, skipped, warning };
}
