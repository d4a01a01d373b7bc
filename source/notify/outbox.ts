import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { removeLeftoverTemps, writeFileAtomic } from '../persistence/atomic-write.js';
import { nextCompactionAt, retryCompactionAt } from './journal-compaction.js';
import type { Message } from './message.js';

export const OUTBOX_FILE = 'outbox.jsonl';

type OutboxRecord =
  | { op: 'enqueue'; message: Message }
  | { op: 'delivered'; id: string; at: number }
  | { op: 'failed'; id: string; at: number; reason: string };

export interface OpenedOutbox {
  outbox: Outbox;
  /** Enqueued and neither delivered nor given up, oldest first: to be sent once more. */
  pending: Message[];
  /** Unreadable lines skipped (a write torn by a crash leaves one). */
  warnings: string[];
}

/**
 * An append-only journal in the state directory (owner-only: messages quote alarm text): every message is
 * written and fsynced before it is sent, and marked delivered or failed after, so a crash at any point
 * loses nothing. It is rewritten with only the pending messages at start and whenever it has grown well
 * past them, by an atomic rename: a crash mid-rewrite leaves the old journal whole.
 */
export class Outbox {
  private lines: number;
  private compactAt: number;

  private constructor(
    private readonly file: string,
    private fd: number | undefined,
    private readonly pending: Map<string, Message>,
  ) {
    this.lines = pending.size;
    this.compactAt = nextCompactionAt(pending.size);
  }

  /** Reads the journal, keeps what is pending and rewrites the file with only that. */
  static open(stateDir: string): OpenedOutbox {
    mkdirSync(stateDir, { recursive: true });
    const file = join(stateDir, OUTBOX_FILE);
    const { pending, warnings } = readPending(file);
    removeLeftoverTemps(file);
    writeFileAtomic(file, journal(pending));
    return { outbox: new Outbox(file, openSync(file, 'a', 0o600), pending), pending: [...pending.values()], warnings };
  }

  enqueue(message: Message): void {
    this.append({ op: 'enqueue', message });
    this.pending.set(message.id, message);
  }

  /** After close (a send outlived shutdown) the mark is dropped: the message stays pending and goes out on the next start. */
  delivered(id: string, at: number): void {
    if (this.fd !== undefined) this.settle({ op: 'delivered', id, at });
  }

  failed(id: string, at: number, reason: string): void {
    if (this.fd !== undefined) this.settle({ op: 'failed', id, at, reason });
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private settle(record: Extract<OutboxRecord, { id: string }>): void {
    this.append(record);
    this.pending.delete(record.id);
    if (this.lines >= this.compactAt) this.compact();
  }

  private append(record: OutboxRecord): void {
    if (this.fd === undefined) throw new Error(`outbox ${this.file} is closed`);
    writeSync(this.fd, line(record));
    fsyncSync(this.fd);
    this.lines += 1;
  }

  /** Only between two appends, never during one; a failed rewrite leaves the journal as it was, still open for appends. */
  private compact(): void {
    try {
      writeFileAtomic(this.file, journal(this.pending));
    } catch {
      this.compactAt = retryCompactionAt(this.lines);
      return;
    }
    closeSync(this.fd!);
    this.fd = openSync(this.file, 'a', 0o600);
    this.lines = this.pending.size;
    this.compactAt = nextCompactionAt(this.pending.size);
  }
}

function journal(pending: ReadonlyMap<string, Message>): string {
  return [...pending.values()].map((message) => line({ op: 'enqueue', message })).join('');
}

function line(record: OutboxRecord): string {
  return `${JSON.stringify(record)}\n`;
}

function readPending(file: string): { pending: Map<string, Message>; warnings: string[] } {
  const warnings: string[] = [];
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${file}: unreadable (${(error as Error).message})`);
  }
  const pending = new Map<string, Message>();
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const record = parseRecord(raw);
    if (!record) warnings.push(`${file}:${index + 1}: unreadable outbox record skipped`);
    else if (record.op === 'enqueue') pending.set(record.message.id, record.message);
    else pending.delete(record.id);
  });
  return { pending, warnings };
}

function parseRecord(raw: string): OutboxRecord | undefined {
  try {
    const value = JSON.parse(raw) as Partial<OutboxRecord> & { message?: Partial<Message> };
    if (value.op === 'enqueue' && typeof value.message?.id === 'string' && Array.isArray(value.message.items)) return value as OutboxRecord;
    if ((value.op === 'delivered' || value.op === 'failed') && typeof value.id === 'string') return value as OutboxRecord;
    return undefined;
  } catch {
    return undefined;
  }
}
