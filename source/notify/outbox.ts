import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
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
 * An append-only journal in the state directory: every message is written and fsynced before it is sent,
 * and marked delivered or failed after, so a crash at any point loses nothing.
 */
export class Outbox {
  private constructor(
    private readonly file: string,
    private fd: number | undefined,
  ) {}

  /** Reads the journal, keeps what is pending and rewrites the file with only that (atomically). */
  static open(stateDir: string): OpenedOutbox {
    mkdirSync(stateDir, { recursive: true });
    const file = join(stateDir, OUTBOX_FILE);
    const { pending, warnings } = readPending(file);
    const tmp = `${file}.tmp`;
    const tmpFd = openSync(tmp, 'w');
    for (const message of pending) writeSync(tmpFd, line({ op: 'enqueue', message }));
    fsyncSync(tmpFd);
    closeSync(tmpFd);
    renameSync(tmp, file);
    syncDirectory(stateDir);
    return { outbox: new Outbox(file, openSync(file, 'a')), pending, warnings };
  }

  enqueue(message: Message): void {
    this.append({ op: 'enqueue', message });
  }

  /** After close (a send outlived shutdown) the mark is dropped: the message stays pending and goes out on the next start. */
  delivered(id: string, at: number): void {
    if (this.fd !== undefined) this.append({ op: 'delivered', id, at });
  }

  failed(id: string, at: number, reason: string): void {
    if (this.fd !== undefined) this.append({ op: 'failed', id, at, reason });
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private append(record: OutboxRecord): void {
    if (this.fd === undefined) throw new Error(`outbox ${this.file} is closed`);
    writeSync(this.fd, line(record));
    fsyncSync(this.fd);
  }
}

function line(record: OutboxRecord): string {
  return `${JSON.stringify(record)}\n`;
}

function readPending(file: string): { pending: Message[]; warnings: string[] } {
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
  return { pending: [...pending.values()], warnings };
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

/** A rename is durable only once its directory entry is. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
