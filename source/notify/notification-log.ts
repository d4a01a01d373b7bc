import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeLeftoverTemps, writeFileAtomic } from '../persistence/atomic-write.js';
import { nextCompactionAt, retryCompactionAt } from './journal-compaction.js';

export const LOG_FILE = 'notification-log.jsonl';

/**
 * What was already notified on which channel, so a restarted engine re-announcing an alarm sends nothing
 * twice. Entries older than the retention are forgotten whenever the file is rewritten: at start and once
 * it has grown well past what is live, so a long run keeps neither the file nor the memory growing.
 */
export class NotificationLog {
  private readonly entries = new Map<string, number>();
  private lines = 0;
  private compactAt = nextCompactionAt(0);

  private constructor(
    private readonly file: string,
    private readonly retentionMs: number,
  ) {}

  /** Loads the log, keeps entries younger than `retentionMs` and rewrites the file (owner-only) with only those. */
  static open(stateDir: string, now: number, retentionMs: number): { log: NotificationLog; warnings: string[] } {
    mkdirSync(stateDir, { recursive: true });
    const file = join(stateDir, LOG_FILE);
    const log = new NotificationLog(file, retentionMs);
    const warnings: string[] = [];
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${file}: unreadable (${(error as Error).message}); starting empty`);
    }
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      const entry = parse(line);
      if (!entry) warnings.push(`${file}:${index + 1}: unreadable entry skipped`);
      else log.entries.set(entry.key, entry.at);
    });
    removeLeftoverTemps(file);
    log.compact(now);
    return { log, warnings };
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  remember(keys: readonly string[], at: number): void {
    const fresh = keys.filter((key) => !this.entries.has(key));
    for (const key of fresh) this.entries.set(key, at);
    if (fresh.length === 0) return;
    appendFileSync(this.file, fresh.map((key) => serialise(key, at)).join(''), { mode: 0o600 });
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
    writeFileAtomic(this.file, [...this.entries].map(([key, at]) => serialise(key, at)).join(''));
    this.lines = this.entries.size;
    this.compactAt = nextCompactionAt(this.entries.size);
  }
}

function serialise(key: string, at: number): string {
  return `${JSON.stringify({ key, at })}\n`;
}

function parse(line: string): { key: string; at: number } | undefined {
  try {
    const value = JSON.parse(line) as { key?: unknown; at?: unknown };
    return typeof value.key === 'string' && typeof value.at === 'number' ? { key: value.key, at: value.at } : undefined;
  } catch {
    return undefined;
  }
}
