import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Outcome } from '../core/probe-sample.js';
import { addEncoded, decodeHistogram, encodeHistogram, mergeHistogram, type LatencyHistogram } from '../metrics/latency-histogram.js';
import { countedTurns, mergeRollup, type CountSeries, type Rollup, type RollupRow } from '../metrics/rollup.js';
import { corruptName } from './state-file.js';

/** The SQLite binding is required when a history file is first opened: a run without history never loads it. */
const require = createRequire(import.meta.url);
const sqlite = (): typeof Database => require('better-sqlite3') as typeof Database;

export const HISTORY_FILE = 'history.db';
/** Bumped when the tables change shape; a file from a newer version is left alone, never rewritten. */
export const HISTORY_SCHEMA_VERSION = 1;
export const FINE_STEP_MS = 60_000;
export const COARSE_STEP_MS = 3_600_000;
/** Day rows, kept as long as hour rows: a report over months reads one row per API and day. */
export const DAY_STEP_MS = 86_400_000;

/** What went wrong with history.db, in the words the warning uses. */
export type HistoryFaultKind = 'locked' | 'full' | 'read-only' | 'corrupt' | 'newer' | 'unavailable';

export class HistoryFault extends Error {
  constructor(
    readonly kind: HistoryFaultKind,
    message: string,
  ) {
    super(message);
  }
}

export interface OpenHistoryOptions {
  /** Report and timeline only read: no tables are made, nothing is written, a missing file stays missing. */
  readonly?: boolean;
  /** How long a write waits for another process's lock; the probe loop waits with it, so keep it short. */
  busyTimeoutMs?: number;
  /** Connection settings applied after opening (max_page_count and query_only prove the full and read-only paths on a real file). */
  pragmas?: readonly string[];
}

interface RowRecord {
  api: string;
  step: number;
  start: number;
  probes: number;
  ok: number;
  http5xx: number;
  throttled: number;
  blocked: number;
  failures: string;
  latency: string;
}

/** Negative: a size in KiB rather than in pages (SQLite's convention). */
const PAGE_CACHE_KIB = -2_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS apis (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS rollups (
  step INTEGER NOT NULL,
  api INTEGER NOT NULL REFERENCES apis(id),
  start INTEGER NOT NULL,
  probes INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  http5xx INTEGER NOT NULL,
  throttled INTEGER NOT NULL,
  blocked INTEGER NOT NULL,
  failures TEXT NOT NULL,
  latency TEXT NOT NULL,
  PRIMARY KEY (step, start, api)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notes (at INTEGER NOT NULL, kind TEXT NOT NULL, alarm TEXT, detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS notes_by_time ON notes (at);
CREATE INDEX IF NOT EXISTS notes_by_alarm ON notes (alarm, at);
`;

/**
 * What happened beside the figures, for incident timelines: a delivery attempt and its result (one note per
 * alarm it carried), or the prober going offline or coming back.
 */
export interface HistoryNote {
  at: number;
  kind: 'delivery' | 'offline' | 'online';
  alarmId?: string | undefined;
  detail: Record<string, unknown>;
}

/**
 * history.db in the state directory: per API, probe rollups at a minute and an hour step. Rows are added to,
 * never replaced, so two writers (a dashboard and a monitor) and a restart in the middle of a minute all land
 * in the same row. Every SQL statement of the program lives in this file.
 */
export class HistoryDb {
  private readonly apiIds = new Map<string, number>();
  private readonly upsert: Database.Statement;
  private readonly insertApi: Database.Statement;
  private readonly selectApi: Database.Statement;
  private readonly insertNote: Database.Statement;
  private readonly writeRows: (rows: readonly RollupRow[], notes: readonly HistoryNote[]) => void;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    db.function('merge_latency', { deterministic: true }, (a: unknown, b: unknown) =>
      encodeHistogram(mergeHistogram(decodeHistogram(String(a)), decodeHistogram(String(b)))),
    );
    db.function('merge_failures', { deterministic: true }, (a: unknown, b: unknown) => JSON.stringify(addCounts(parseCounts(String(a)), parseCounts(String(b)))));
    db.aggregate('merge_latency_all', {
      start: () => new Map<number, number>(),
      step: (total: LatencyHistogram, text: unknown) => addEncoded(total, String(text)),
      result: (total: LatencyHistogram) => encodeHistogram(total),
    });
    db.aggregate('merge_failures_all', {
      start: () => ({}) as Record<string, number>,
      step: (total: Record<string, number>, text: unknown) => (text === '{}' ? total : addCounts(total, parseCounts(String(text)))),
      result: (total: Record<string, number>) => JSON.stringify(total),
    });
    this.insertApi = db.prepare('INSERT OR IGNORE INTO apis (name) VALUES (?)');
    this.selectApi = db.prepare('SELECT id FROM apis WHERE name = ?').pluck();
    this.upsert = db.prepare(`
      INSERT INTO rollups (step, api, start, probes, ok, http5xx, throttled, blocked, failures, latency)
      VALUES (@step, @api, @start, @probes, @ok, @http5xx, @throttled, @blocked, @failures, @latency)
      ON CONFLICT (step, start, api) DO UPDATE SET
        probes = probes + excluded.probes, ok = ok + excluded.ok, http5xx = http5xx + excluded.http5xx,
        throttled = throttled + excluded.throttled, blocked = blocked + excluded.blocked,
        failures = merge_failures(failures, excluded.failures), latency = merge_latency(latency, excluded.latency)`);
    this.insertNote = db.prepare('INSERT INTO notes (at, kind, alarm, detail) VALUES (?, ?, ?, ?)');
    this.writeRows = db.transaction((rows: readonly RollupRow[], notes: readonly HistoryNote[]) => {
      for (const note of notes) this.insertNote.run(note.at, note.kind, note.alarmId ?? null, JSON.stringify(note.detail));
      for (const row of rows) {
        const { rollup } = row;
        this.upsert.run({
          step: row.stepMs,
          api: this.apiId(row.apiId),
          start: row.start,
          probes: rollup.probes,
          ok: rollup.ok,
          http5xx: rollup.http5xx,
          throttled: rollup.throttled,
          blocked: rollup.blocked,
          failures: JSON.stringify(rollup.failures),
          latency: encodeHistogram(rollup.latency),
        });
      }
    });
  }

  /**
   * Opens (or makes) history.db in WAL mode. Throws a HistoryFault: "corrupt" after moving the file aside
   * (the next open starts a new one), "newer" for a file of a later schema (left as it is), "locked",
   * "full", "read-only" or "unavailable" otherwise.
   */
  static open(dir: string, now: number, options: OpenHistoryOptions = {}): HistoryDb {
    const path = join(dir, HISTORY_FILE);
    let db: Database.Database | undefined;
    try {
      // Made private like the state directory's other files: it names every API and how it fared.
      if (!options.readonly && !existsSync(path)) {
        mkdirSync(dir, { recursive: true });
        closeSync(openSync(path, 'a', 0o600));
      }
      db = new (sqlite())(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 5_000 });
      // SQLite's page cache (16 MB as built here) stays with the process once filled, also after the connection
      // closes: a warm start's one scan of 2,000 APIs filled it for nothing. Reads here scan once, and the
      // writer's working set is the rows of the current minute, hour and day.
      db.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
      for (const pragma of options.pragmas ?? []) db.pragma(pragma);
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > HISTORY_SCHEMA_VERSION) {
        throw new HistoryFault('newer', `history ${path} was written by a newer api-health (schema ${version}, this one reads ${HISTORY_SCHEMA_VERSION}); history is off for this run`);
      }
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        if (version < HISTORY_SCHEMA_VERSION) {
          db.transaction(() => {
            db!.exec(SCHEMA);
            db!.pragma(`user_version = ${HISTORY_SCHEMA_VERSION}`);
          })();
        }
      }
      return new HistoryDb(db, path);
    } catch (error) {
      db?.close();
      if (error instanceof HistoryFault) throw error;
      const fault = classify(error, path);
      if (fault.kind === 'corrupt' && !options.readonly) throw new HistoryFault('corrupt', moveAside(path, now, fault.message));
      throw fault;
    }
  }

  /** Adds the rows and notes in one transaction: all of them or none. Throws a HistoryFault. */
  write(rows: readonly RollupRow[], notes: readonly HistoryNote[] = []): void {
    if (rows.length === 0 && notes.length === 0) return;
    try {
      this.writeRows(rows, notes);
    } catch (error) {
      // Ids given out inside the transaction were rolled back with it.
      this.apiIds.clear();
      throw classify(error, this.path);
    }
  }

  /** Deletes the rows of a step that start before `before` (notes go with the hour rows); returns how many rows went. */
  prune(stepMs: number, before: number): number {
    try {
      if (stepMs === COARSE_STEP_MS) this.db.prepare('DELETE FROM notes WHERE at < ?').run(before);
      return this.db.prepare('DELETE FROM rollups WHERE step = ? AND start < ?').run(stepMs, before).changes;
    } catch (error) {
      throw classify(error, this.path);
    }
  }

  /** Rows of one step starting in [from, to), for the APIs named (all when none are). */
  rows(stepMs: number, from: number, to: number, apiIds?: readonly string[]): RollupRow[] {
    const records = this.db
      .prepare(
        `SELECT apis.name AS api, step, start, probes, ok, http5xx, throttled, blocked, failures, latency
         FROM rollups JOIN apis ON apis.id = rollups.api WHERE step = ? AND start >= ? AND start < ? ORDER BY start`,
      )
      .all(stepMs, from, to) as RowRecord[];
    const wanted = apiIds && new Set(apiIds);
    return records.filter((r) => !wanted || wanted.has(r.api)).map(toRow);
  }

  /**
   * Per API, the good and counted turns of its rows of one step starting in [from, to), an API at a time. SQLite
   * joins each API's rows into one text: crossing into JavaScript row by row was most of a warm start's cost for
   * days of minute rows of a large fleet. The latency histograms are not read.
   */
  *countSeries(stepMs: number, from: number, to: number): Generator<CountSeries> {
    const records = this.db
      .prepare(
        `SELECT apis.name, group_concat(start || ',' || ok || ',' || probes || ',' || throttled) FROM rollups JOIN apis ON apis.id = rollups.api
         WHERE step = ? AND start >= ? AND start < ? GROUP BY rollups.api`,
      )
      .raw(true)
      .iterate(stepMs, from, to) as IterableIterator<[string, string]>;
    for (const [apiId, joined] of records) {
      const values = joined.split(',').map(Number);
      const series: CountSeries = { apiId, stepMs, starts: [], ok: [], counted: [] };
      for (let i = 0; i < values.length; i += 4) {
        series.starts.push(values[i]!);
        series.ok.push(values[i + 1]!);
        series.counted.push(countedTurns({ probes: values[i + 2]!, throttled: values[i + 3]! }));
      }
      yield series;
    }
  }

  /**
   * One API's rows of one step starting in [from, to), oldest first. The table is keyed by step, start and API,
   * so each bucket start is looked up on its own: a chart of one API in a fleet of thousands reads its own
   * rows, not every API's in the range.
   */
  apiRows(stepMs: number, apiId: string, from: number, to: number): RollupRow[] {
    const api = this.selectApi.get(apiId) as number | undefined;
    if (api === undefined) return [];
    const first = Math.ceil(from / stepMs) * stepMs;
    if (first >= to) return [];
    // A point lookup per bucket start on the primary key; SQLite's plan for a join on a generated series scanned the range instead.
    const one = this.db.prepare(
      `SELECT ? AS api, step, start, probes, ok, http5xx, throttled, blocked, failures, latency FROM rollups WHERE step = ? AND start = ? AND api = ?`,
    );
    const records: RowRecord[] = [];
    for (let start = first; start < to; start += stepMs) {
      const record = one.get(apiId, stepMs, start, api) as RowRecord | undefined;
      if (record) records.push(record);
    }
    return records.map(toRow);
  }

  /** Notes of [from, to), oldest first: those of one alarm (and the offline spells) when an alarm id is given. */
  notes(from: number, to: number, alarmId?: string): HistoryNote[] {
    const records = (
      alarmId === undefined
        ? this.db.prepare('SELECT at, kind, alarm, detail FROM notes WHERE at >= ? AND at < ? ORDER BY at, rowid').all(from, to)
        : this.db.prepare("SELECT at, kind, alarm, detail FROM notes WHERE at >= ? AND at < ? AND (alarm = ? OR kind != 'delivery') ORDER BY at, rowid").all(from, to, alarmId)
    ) as { at: number; kind: HistoryNote['kind']; alarm: string | null; detail: string }[];
    return records.map((r) => ({ at: r.at, kind: r.kind, ...(r.alarm === null ? {} : { alarmId: r.alarm }), detail: parseObject(r.detail) }));
  }

  /**
   * Per API, the rows of one step starting in [from, to) added up by SQLite: a report over months of a large
   * fleet reads one row per API instead of millions.
   */
  totals(stepMs: number, from: number, to: number): Map<string, Rollup> {
    const records = this.db
      .prepare(
        `SELECT apis.name AS api, 0 AS step, 0 AS start, sum(probes) AS probes, sum(ok) AS ok, sum(http5xx) AS http5xx,
           sum(throttled) AS throttled, sum(blocked) AS blocked, merge_failures_all(failures) AS failures, merge_latency_all(latency) AS latency
         FROM rollups JOIN apis ON apis.id = rollups.api WHERE step = ? AND start >= ? AND start < ? GROUP BY rollups.api`,
      )
      .all(stepMs, from, to) as RowRecord[];
    return new Map(records.map((r) => [r.api, toRow(r).rollup]));
  }

  /** Per API, every row of [from, to) once, added up (see rangeRows for which step covers which part). */
  rangeTotals(from: number, to: number): Map<string, Rollup> {
    const parts = this.rangeParts(from, to).map((p) => this.totals(p.stepMs, p.from, p.to));
    const totals = new Map<string, Rollup>();
    for (const part of parts) for (const [api, rollup] of part) totals.set(api, totals.has(api) ? mergeRollup(totals.get(api)!, rollup) : rollup);
    return totals;
  }

  /**
   * Every row of [from, to) once: hour rows up to the first whole hour the minute rows cover, minute rows from
   * there on, so the recent part keeps its minute edges and nothing is counted at both steps.
   */
  rangeRows(from: number, to: number, apiIds?: readonly string[]): RollupRow[] {
    return this.rangeParts(from, to).flatMap((p) => this.rows(p.stepMs, p.from, p.to, apiIds));
  }

  /**
   * Which step covers which part of [from, to): minute rows from the first whole hour they cover, before
   * that day rows for whole days and hour rows for the rest (hour and day rows are kept alike).
   */
  private rangeParts(from: number, to: number): { stepMs: number; from: number; to: number }[] {
    const firstFine = this.db.prepare('SELECT min(start) FROM rollups WHERE step = ?').pluck().get(FINE_STEP_MS) as number | null;
    const fineFrom = firstFine === null ? Number.POSITIVE_INFINITY : ceilTo(firstFine, COARSE_STEP_MS);
    const parts: { stepMs: number; from: number; to: number }[] = [];
    const olderEnd = Math.min(to, fineFrom);
    if (from < olderEnd) {
      const dayStart = ceilTo(from, DAY_STEP_MS);
      const dayEnd = Math.floor(olderEnd / DAY_STEP_MS) * DAY_STEP_MS;
      const hourFrom = Math.floor(from / COARSE_STEP_MS) * COARSE_STEP_MS;
      if (dayStart < dayEnd) {
        if (hourFrom < dayStart) parts.push({ stepMs: COARSE_STEP_MS, from: hourFrom, to: dayStart });
        parts.push({ stepMs: DAY_STEP_MS, from: dayStart, to: dayEnd });
        if (dayEnd < olderEnd) parts.push({ stepMs: COARSE_STEP_MS, from: dayEnd, to: olderEnd });
      } else {
        parts.push({ stepMs: COARSE_STEP_MS, from: hourFrom, to: olderEnd });
      }
    }
    if (Math.max(from, fineFrom) < to) parts.push({ stepMs: FINE_STEP_MS, from: Math.max(from, fineFrom), to });
    return parts;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private apiId(name: string): number {
    let id = this.apiIds.get(name);
    if (id === undefined) {
      this.insertApi.run(name);
      id = this.selectApi.get(name) as number;
      this.apiIds.set(name, id);
    }
    return id;
  }
}

function ceilTo(at: number, stepMs: number): number {
  return Math.ceil(at / stepMs) * stepMs;
}

function toRow(record: RowRecord): RollupRow {
  const rollup: Rollup = {
    probes: record.probes,
    ok: record.ok,
    http5xx: record.http5xx,
    throttled: record.throttled,
    blocked: record.blocked,
    failures: parseCounts(record.failures) as Partial<Record<Outcome, number>>,
    latency: decodeHistogram(record.latency),
  };
  return { apiId: record.api, stepMs: record.step, start: record.start, rollup };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseCounts(text: string): Record<string, number> {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed === null || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  } catch {
    return {};
  }
}

function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  return into;
}

/** SQLite's result codes as the user's problem: what is wrong with the file, in one line. */
function classify(error: unknown, path: string): HistoryFault {
  const code = String((error as { code?: unknown }).code ?? '');
  const message = (error as Error).message;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new HistoryFault('locked', `history ${path} is locked by another process; figures are kept in memory and written once it is free`);
  }
  // A WAL's shared-memory file that cannot grow is a full disk too (a small tmpfs says so this way).
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || /ENOSPC/.test(message)) return new HistoryFault('full', `cannot write history ${path}: the disk is full; figures are kept in memory meanwhile`);
  if (code.startsWith('SQLITE_READONLY') || /EROFS|EACCES|EPERM/.test(message)) {
    return new HistoryFault('read-only', `cannot write history ${path}: it is read-only (${message}); figures are kept in memory meanwhile`);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new HistoryFault('corrupt', `history ${path} is not a readable database (${message})`);
  return new HistoryFault('unavailable', `cannot use history ${path}: ${message}${code ? ` (${code})` : ''}`);
}

/** Moves a corrupt history.db (and its WAL, which belongs to it) aside, as a corrupt state.json is; returns the warning. */
export function moveHistoryAside(dir: string, now: number, problem: string): string {
  return moveAside(join(dir, HISTORY_FILE), now, problem);
}

function moveAside(path: string, now: number, problem: string): string {
  const aside = corruptName(path, now);
  try {
    renameSync(path, aside);
    if (existsSync(`${path}-wal`)) renameSync(`${path}-wal`, `${aside}-wal`);
    rmSync(`${path}-shm`, { force: true });
    return `${problem}; moved it to ${aside} and starting a new history`;
  } catch (error) {
    return `${problem} and could not be moved aside (${(error as Error).message}); history is off for this run`;
  }
}
