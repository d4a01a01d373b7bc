import { closeSync, fsyncSync, writeSync } from 'node:fs';
import { openNoFollow, readFileNoFollow } from './no-follow.js';
import { corruptName } from './state-file.js';

export interface JournalKind<T> {
  /** What the file is, for the warning: "outbox". */
  name: string;
  /** What one line of it holds, one and many: "record", "records". */
  unit: string;
  units: string;
  /** The line's JSON as a record, or undefined when it has not the record's shape. */
  parse: (json: unknown) => T | undefined;
}

export interface JournalContents<T> {
  records: T[];
  /** One line for everything wrong with the file, however many of its lines were; undefined when all was well. */
  warning?: string | undefined;
  /**
   * False when the file could not be read, or its bad lines could not be copied aside: rewriting it with
   * only `records` would then lose what it held.
   */
  rewritable: boolean;
  /** Why the file could not be read at all (permissions, a directory in its place); undefined when it was. */
  unreadable?: string | undefined;
}

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const BLANK = new Set([0x20, 0x09, 0x0d]);

/**
 * Reads a journal of JSON objects, one a line. A line that is not JSON, or not a record (a write torn by a crash, a disk
 * error, a hand edit), is copied byte for byte to a `.corrupt-<time>` file beside the journal before the
 * caller rewrites it, and all of them together make one warning: a file of junk must neither flood the
 * output with a warning per line nor hold up the start.
 */
export function readJournal<T>(file: string, kind: JournalKind<T>, now: number): JournalContents<T> {
  let bytes: Buffer;
  try {
    bytes = readFileNoFollow(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], rewritable: true };
    const why = (error as Error).message;
    return { records: [], warning: `${kind.name} ${file}: cannot be read (${why}); starting without it`, rewritable: false, unreadable: why };
  }
  const records: T[] = [];
  const bad: Buffer[] = [];
  let firstBadLine = 0;
  let lineNumber = 0;
  for (let start = 0; start < bytes.length; lineNumber += 1) {
    const found = bytes.indexOf(NEWLINE, start);
    const end = found === -1 ? bytes.length : found;
    const raw = bytes.subarray(start, end);
    start = end + 1;
    const first = firstNonBlank(raw);
    if (first === undefined) continue;
    // Every record is a JSON object: a line that starts otherwise is junk, known without decoding it or JSON.parse throwing.
    const record = first === OPEN_BRACE ? parseLine(raw.toString('utf8'), kind.parse) : undefined;
    if (record !== undefined) {
      records.push(record);
      continue;
    }
    if (bad.length === 0) firstBadLine = lineNumber + 1;
    bad.push(raw, Buffer.from([NEWLINE]));
  }
  if (bad.length === 0) return { records, rewritable: true };
  const count = bad.length / 2;
  const what = `${kind.name} ${file}: ${count} ${count === 1 ? kind.unit : kind.units} unreadable (${count === 1 ? 'line' : 'first on line'} ${firstBadLine})`;
  const aside = corruptName(file, now);
  try {
    keep(aside, Buffer.concat(bad));
  } catch (error) {
    return { records, warning: `${what}, left in place: cannot write ${aside} (${(error as Error).message})`, rewritable: false };
  }
  return { records, warning: `${what}, moved to ${aside}`, rewritable: true };
}

/** Appended, not overwritten, and on disk before the journal is rewritten without these lines. */
function keep(path: string, bytes: Buffer): void {
  const fd = openNoFollow(path, 'append');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function firstNonBlank(line: Buffer): number | undefined {
  for (const byte of line) if (!BLANK.has(byte)) return byte;
  return undefined;
}

function parseLine<T>(text: string, parse: (json: unknown) => T | undefined): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  return parse(json);
}
