import { mkdirSync } from 'node:fs';
import { describeWriteError } from '../persistence/writable.js';
import { join } from 'node:path';
import { z } from 'zod';
import { removeLeftoverTemps, writeStateFileAtomic } from '../persistence/atomic-write.js';
import { appendFileNoFollow } from '../persistence/no-follow.js';
import { readJournal } from '../persistence/journal-file.js';
import { nextCompactionAt, retryCompactionAt } from './journal-compaction.js';

export const LOG_FILE = 'notification-log.jsonl';

const entrySchema = z.object({ key: z.string(), at: z.number() });

/**
 * What was already notified on which channel, so a restarted engine re-announcing an alarm sends nothing
 * twice. Entries older than the retention are forgotten whenever the file is rewritten: at start and once
 * it has grown well past what is live, so a long run keeps neither the file nor the memory growing.
 */
export class NotificationLog {
  private readonly entries = new Map<string, number>();
  private lines = 0;
  private compactAt = nextCompactionAt(0);
  private unwritten = '';
  private fault: string | undefined;

  private constructor(
    private readonly file: string,
    private readonly retentionMs: number,
  ) {}

  /** Loads the log, keeps entries younger than `retentionMs` and rewrites the file (owner-only) with only those; unreadable entries go to a file beside it. */
  static open(stateDir: string, now: number, retentionMs: number): { log: NotificationLog; warnings: string[] } {
    mkdirSync(stateDir, { recursive: true });
    const file = join(stateDir, LOG_FILE);
    const log = new NotificationLog(file, retentionMs);
    const kind = { name: 'notification log', unit: 'entry', units: 'entries', parse: (json: unknown) => entrySchema.safeParse(json).data };
    const { records, warning, rewritable } = readJournal(file, kind, now);
    for (const entry of records) log.entries.set(entry.key, entry.at);
    removeLeftoverTemps(file);
    if (rewritable) log.compact(now);
    return { log, warnings: warning === undefined ? [] : [warning] };
  }

  /** Why the last append could not reach the disk, or undefined. */
  get writeFault(): string | undefined {
    return this.unwritten === '' ? undefined : this.fault;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  remember(keys: readonly string[], at: number): void {
    const fresh = keys.filter((key) => !this.entries.has(key));
    for (const key of fresh) this.entries.set(key, at);
    if (fresh.length === 0) return;
    // A full disk must not stop delivery: the keys are remembered in memory and the lines wait for the next append.
    const text = this.unwritten + fresh.map((key) => serialise(key, at)).join('');
    try {
      appendFileNoFollow(this.file, text);
      this.unwritten = '';
    } catch (error) {
      this.unwritten = text;
      this.fault = `cannot write to the notification log ${this.file}: ${describeWriteError(error)}`;
    }
    this.lines += fresh.length;
    if (this.lines >= this.compactAt) this.tryCompact(at);
  }

  private tryCompact(now: number): void {
    try {
      this.compact(now);
    } catch {
      this.compactAt = retryCompactionAt(this.lines);
    }
  }

  /** Forgets expired entries and rewrites the file with the rest; atomic, so a crash mid-rewrite keeps the old file. */
  private compact(now: number): void {
    for (const [key, at] of this.entries) if (at < now - this.retentionMs) this.entries.delete(key);
    writeStateFileAtomic(this.file, [...this.entries].map(([key, at]) => serialise(key, at)).join(''));
    this.lines = this.entries.size;
    this.compactAt = nextCompactionAt(this.entries.size);
  }
}

function serialise(key: string, at: number): string {
  return `${JSON.stringify({ key, at })}\n`;
}
