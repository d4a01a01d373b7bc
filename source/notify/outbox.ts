import { closeSync, fsyncSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { removeLeftoverTemps, writeStateFileAtomic } from '../persistence/atomic-write.js';
import { appendWhole, openNoFollow } from '../persistence/no-follow.js';
import { StateFileError } from '../persistence/state-file-error.js';
import { readJournal } from '../persistence/journal-file.js';
import { describeWriteError } from '../persistence/writable.js';
import { alarmSchema } from '../persistence/state-schema.js';
import { nextCompactionAt, retryCompactionAt } from './journal-compaction.js';
import type { MessageKind } from '../core/delivery-record.js';
import type { HeldItem, Message } from './message.js';
import type { HoldJournal } from './stages/group.js';

export const OUTBOX_FILE = 'outbox.jsonl';

type HoldRecord = { op: 'hold' } & HeldItem;

type OutboxRecord =
  | { op: 'enqueue'; message: Message }
  | { op: 'delivered'; id: string; at: number }
  | { op: 'failed'; id: string; at: number; reason: string }
  | HoldRecord
  | { op: 'release'; ids: string[] };

/** A record rather than a list, so adding a message kind without listing it here fails to compile. */
const MESSAGE_KINDS: Record<MessageKind, true> = {
  firing: true,
  escalated: true,
  acknowledged: true,
  unacknowledged: true,
  reminder: true,
  resolved: true,
  test: true,
};

/** JSON writes a value that is not finite (a burn rate over an empty budget) as null. */
const jsonNumber = z.number().nullable();

/** An item as the channels read it; a record of another shape would make them throw at every start. */
const itemSchema = z.object({
  kind: z.enum(Object.keys(MESSAGE_KINDS) as [MessageKind, ...MessageKind[]]),
  at: z.number(),
  alarm: alarmSchema.extend({ value: jsonNumber, threshold: jsonNumber, transitions: z.array(z.unknown()) }),
  actor: z.string().optional(),
  note: z.string().optional(),
  escalationLevel: z.number().optional(),
  escalationTarget: z.string().optional(),
  apiName: z.string(),
  teamName: z.string().optional(),
  family: z.string().optional(),
  alertSummary: z.string().optional(),
  resolveAfterMs: z.number().optional(),
  url: z.string().optional(),
  runbook: z.string().optional(),
  dashboard: z.string().optional(),
  sla: z.string().optional(),
  route: z.string(),
});

const messageSchema = z.object({
  id: z.string(),
  channel: z.string(),
  groupKey: z.string(),
  team: z.string().optional(),
  teamName: z.string().optional(),
  createdAt: z.number(),
  items: z.array(itemSchema).min(1),
});

const recordSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('enqueue'), message: messageSchema }),
  z.object({ op: z.literal('delivered'), id: z.string(), at: z.number() }),
  z.object({ op: z.literal('failed'), id: z.string(), at: z.number(), reason: z.string() }),
  z.object({ op: z.literal('hold'), id: z.string(), channel: z.string(), dueAt: z.number(), item: itemSchema }),
  z.object({ op: z.literal('release'), ids: z.array(z.string()) }),
]);

export interface OpenedOutbox {
  outbox: Outbox;
  /** Enqueued and neither delivered nor given up, oldest first: to be sent once more. */
  pending: Message[];
  /** Held by the grouper and never released, oldest first: to be grouped once more. */
  held: HeldItem[];
  /** At most one: the records that were unreadable (a write torn by a crash leaves one), counted and moved aside. */
  warnings: string[];
}

/**
 * An append-only journal in the state directory (owner-only: messages quote alarm text): every item the
 * grouper holds is written and fsynced before it waits, every message before it is sent, and each is
 * marked after (released, delivered or failed), so a crash at any point loses nothing. It is rewritten
 * with only what is pending and held at start and whenever it has grown well past that, by an atomic
 * rename: a crash mid-rewrite leaves the old journal whole.
 */
export class Outbox implements HoldJournal {
  private lines: number;
  private compactAt: number;
  private unwritten = '';
  private fault: string | undefined;

  private constructor(
    private readonly file: string,
    private fd: number | undefined,
    private readonly pending: Map<string, Message>,
    private readonly held: Map<string, HoldRecord>,
  ) {
    this.lines = this.live();
    this.compactAt = nextCompactionAt(this.lines);
  }

  /** Reads the journal, keeps what is pending and held and rewrites the file with only that; unreadable records go to a file beside it. */
  static open(stateDir: string, now: number): OpenedOutbox {
    mkdirSync(stateDir, { recursive: true });
    const file = join(stateDir, OUTBOX_FILE);
    const { records, warning, rewritable, unreadable } = readJournal(file, { name: 'outbox', unit: 'record', units: 'records', parse: parseRecord }, now);
    // Starting without it would drop every notification a previous run owed a team: the start is refused instead.
    if (unreadable !== undefined) throw new StateFileError(outboxRefused(file, unreadable));
    const pending = new Map<string, Message>();
    const held = new Map<string, HoldRecord>();
    for (const record of records) {
      if (record.op === 'enqueue') pending.set(record.message.id, record.message);
      else if (record.op === 'hold') held.set(record.id, record);
      else if (record.op === 'release') for (const id of record.ids) held.delete(id);
      else pending.delete(record.id);
    }
    removeLeftoverTemps(file);
    if (rewritable) writeStateFileAtomic(file, journal(pending, held));
    let fd: number;
    try {
      fd = openNoFollow(file, 'append');
    } catch (error) {
      throw new StateFileError(outboxRefused(file, (error as Error).message));
    }
    const outbox = new Outbox(file, fd, pending, held);
    const heldItems = [...held.values()].map(({ id, channel, dueAt, item }): HeldItem => ({ id, channel, dueAt, item }));
    return { outbox, pending: [...pending.values()], held: heldItems, warnings: warning === undefined ? [] : [warning] };
  }

  enqueue(message: Message): void {
    this.append([{ op: 'enqueue', message }]);
    this.pending.set(message.id, message);
  }

  /** All in one write and one fsync: a storm of events costs one disk flush, not one per event. */
  hold(items: readonly HeldItem[]): void {
    if (items.length === 0) return;
    const records = items.map((item): HoldRecord => ({ op: 'hold', ...item }));
    this.append(records);
    for (const record of records) this.held.set(record.id, record);
  }

  release(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.append([{ op: 'release', ids: [...ids] }]);
    for (const id of ids) this.held.delete(id);
    this.compactIfLong();
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

  private settle(record: Extract<OutboxRecord, { op: 'delivered' | 'failed' }>): void {
    this.append([record]);
    this.pending.delete(record.id);
    this.compactIfLong();
  }

  /**
   * Why the last append could not reach the disk (a full or read-only state directory), or undefined. Until it
   * can, what was not written waits in memory and goes first with the next append: delivery goes on from memory.
   */
  get writeFault(): string | undefined {
    return this.unwritten === '' ? undefined : this.fault;
  }

  private append(records: readonly OutboxRecord[]): void {
    if (this.fd === undefined) throw new Error(`outbox ${this.file} is closed`);
    const text = this.unwritten + records.map(line).join('');
    try {
      appendWhole(this.fd, text);
      fsyncSync(this.fd);
      this.unwritten = '';
    } catch (error) {
      this.unwritten = text;
      this.fault = `cannot write to the outbox ${this.file}: ${describeWriteError(error)}; what it holds is kept in memory until it can`;
    }
    this.lines += records.length;
  }

  private live(): number {
    return this.pending.size + this.held.size;
  }

  private compactIfLong(): void {
    if (this.lines >= this.compactAt) this.compact();
  }

  /** Only between two appends, never during one; a failed rewrite leaves the journal as it was, still open for appends. */
  private compact(): void {
    try {
      writeStateFileAtomic(this.file, journal(this.pending, this.held));
    } catch {
      this.compactAt = retryCompactionAt(this.lines);
      return;
    }
    closeSync(this.fd!);
    this.fd = openNoFollow(this.file, 'append');
    this.lines = this.live();
    this.compactAt = nextCompactionAt(this.lines);
  }
}

function journal(pending: ReadonlyMap<string, Message>, held: ReadonlyMap<string, HoldRecord>): string {
  const records: OutboxRecord[] = [...[...pending.values()].map((message) => ({ op: 'enqueue' as const, message })), ...held.values()];
  return records.map(line).join('');
}

function line(record: OutboxRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** The record as written, not as parsed: fields a later version added survive the rewrite. */
function parseRecord(json: unknown): OutboxRecord | undefined {
  return recordSchema.safeParse(json).success ? (json as OutboxRecord) : undefined;
}

function outboxRefused(file: string, why: string): string {
  return `cannot use the outbox ${file} (${why}): it holds the notifications owed to teams; make it readable and writable by this user, or point --state-dir elsewhere`;
}
