import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOG_FILE = 'notification-log.jsonl';

/** What was already notified on which channel, so a restarted engine re-announcing an alarm sends nothing twice. */
export class NotificationLog {
  private readonly entries = new Map<string, number>();

  private constructor(private readonly file: string) {}

  /** Loads the log, keeps entries younger than `retentionMs` and rewrites the file with only those. */
  static open(stateDir: string, now: number, retentionMs: number): { log: NotificationLog; warnings: string[] } {
    mkdirSync(stateDir, { recursive: true });
    const file = join(stateDir, LOG_FILE);
    const log = new NotificationLog(file);
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
      else if (entry.at >= now - retentionMs) log.entries.set(entry.key, entry.at);
    });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, [...log.entries].map(([key, at]) => `${JSON.stringify({ key, at })}\n`).join(''));
    renameSync(tmp, file);
    return { log, warnings };
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  remember(keys: readonly string[], at: number): void {
    const fresh = keys.filter((key) => !this.entries.has(key));
    for (const key of fresh) this.entries.set(key, at);
    if (fresh.length > 0) appendFileSync(this.file, fresh.map((key) => `${JSON.stringify({ key, at })}\n`).join(''));
  }
}

function parse(line: string): { key: string; at: number } | undefined {
  try {
    const value = JSON.parse(line) as { key?: unknown; at?: unknown };
    return typeof value.key === 'string' && typeof value.at === 'number' ? { key: value.key, at: value.at } : undefined;
  } catch {
    return undefined;
  }
}
