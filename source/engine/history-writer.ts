import type { Clock, TimerHandle } from '../core/clock.js';
import type { ProbeSample } from '../core/probe-sample.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
import type { ConnectivityChange } from '../alerts/connectivity.js';
import type { HistoryRetention } from '../config/types.js';
import { RollupBatch, type RollupRow } from '../metrics/rollup.js';
import { COARSE_STEP_MS, DAY_STEP_MS, FINE_STEP_MS, HistoryDb, HistoryFault, moveHistoryAside, type HistoryNote, type OpenHistoryOptions } from '../persistence/history-db.js';
import { WriteFaults } from '../persistence/write-faults.js';

export interface HistoryWriterOptions {
  dir: string;
  retention: HistoryRetention;
  clock: Clock;
  /** How often gathered rollups are written, in one transaction (10 s). */
  flushMs?: number;
  /** One line per fault, repeated at most once a minute while it lasts. */
  warn: (text: string) => void;
  open?: OpenHistoryOptions;
}

const DEFAULT_FLUSH_MS = 10_000;
/** Old rows are deleted this often: retention is days long, a few minutes' slack is nothing. */
const PRUNE_EVERY_MS = 3_600_000;
/** A write that waits longer for another process's lock holds up the probe loop: give up and retry next flush. */
const BUSY_TIMEOUT_MS = 200;
const MAX_PENDING_NOTES = 10_000;

/**
 * Writes the probe history: samples are rolled up in memory as they arrive and written in one transaction
 * every few seconds, so a probe never waits for the disk. When history.db cannot be written (locked, full,
 * read-only) the rollups stay in memory and go with the next write that works; a corrupt file is moved
 * aside and a new one started; a file from a newer version turns history off. Probing goes on in every case.
 */
export class HistoryWriter {
  private readonly batch = new RollupBatch([FINE_STEP_MS, COARSE_STEP_MS, DAY_STEP_MS]);
  private readonly faults: WriteFaults;
  private readonly notes: HistoryNote[] = [];
  private db: HistoryDb | undefined;
  /** Set when history cannot work in this run at all (a newer schema, a corrupt file that would not move). */
  private off = false;
  private timer: TimerHandle | undefined;
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: HistoryWriterOptions) {
    this.faults = new WriteFaults(options.clock, options.warn);
  }

  /** The open database, for the warm start to read; undefined while it cannot be opened. */
  get database(): HistoryDb | undefined {
    return this.db;
  }

  record(sample: ProbeSample): void {
    if (!this.off) this.batch.record(sample);
  }

  /** A delivery attempt and its result: one note per alarm it carried, for that alarm's timeline. */
  recordDelivery(record: DeliveryRecord): void {
    if (this.off || record.record === 'queued') return;
    const detail = { record: record.record, channel: record.channel, channelType: record.channelType, messageId: record.messageId, attempt: record.attempt, reason: record.reason, ...(record.status !== undefined ? { status: record.status } : {}) };
    for (const event of record.events) this.keepNote({ at: record.at, kind: 'delivery', alarmId: event.alarmId, detail: { ...detail, event: event.kind } });
  }

  /** The prober went offline or came back. */
  recordConnectivity(change: ConnectivityChange): void {
    if (this.off) return;
    this.keepNote({ at: change.at, kind: change.kind, detail: { since: change.spell.since, ...(change.spell.until !== undefined ? { until: change.spell.until } : {}) } });
  }

  /** Opens history.db (what goes wrong is said through warn, after the caller has started listening) and starts writing. */
  start(): void {
    this.connect();
    this.schedule();
  }

  /** Writes what is gathered; returns whether everything pending is now on disk. */
  flush(): boolean {
    if (this.off) return false;
    if (!this.db && !this.connect()) return false;
    const rows = this.batch.drain();
    const notes = this.notes.splice(0);
    try {
      this.db!.write(rows, notes);
      this.prune();
      this.faults.succeeded();
      return true;
    } catch (error) {
      this.keep(rows);
      this.notes.unshift(...notes);
      this.fault(error);
      return false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
    this.db?.close();
    this.db = undefined;
  }

  private keepNote(note: HistoryNote): void {
    // While the file cannot be written the newest notes are kept, a bounded number of them.
    if (this.notes.length >= MAX_PENDING_NOTES) this.notes.shift();
    this.notes.push(note);
  }

  private connect(): boolean {
    if (this.off) return false;
    try {
      this.db = HistoryDb.open(this.options.dir, this.options.clock.now(), { busyTimeoutMs: BUSY_TIMEOUT_MS, ...this.options.open });
      return true;
    } catch (error) {
      if (error instanceof HistoryFault && error.kind === 'corrupt') {
        // Said once, not once a minute: the file is gone aside, a new one is made on the spot.
        this.options.warn(error.message);
        return this.connectAgainAfterCorrupt();
      }
      this.fault(error);
      return false;
    }
  }

  private connectAgainAfterCorrupt(): boolean {
    try {
      this.db = HistoryDb.open(this.options.dir, this.options.clock.now(), { busyTimeoutMs: BUSY_TIMEOUT_MS, ...this.options.open });
      return true;
    } catch (error) {
      this.off = true;
      this.options.warn(`${(error as Error).message}; history is off for this run`);
      return false;
    }
  }

  private fault(error: unknown): void {
    const fault = error instanceof HistoryFault ? error : new HistoryFault('unavailable', (error as Error).message);
    if (fault.kind === 'newer') {
      this.off = true;
      this.batch.drain();
      this.options.warn(fault.message);
      return;
    }
    if (fault.kind === 'corrupt') {
      // The rows of the failed write are kept: they start the new file.
      this.db?.close();
      this.db = undefined;
      this.options.warn(moveHistoryAside(this.options.dir, this.options.clock.now(), fault.message));
      return;
    }
    this.faults.failed(fault.message);
  }

  /** Rows of a failed write wait for the next one, except those already past their retention. */
  private keep(rows: readonly RollupRow[]): void {
    const now = this.options.clock.now();
    const { fineMs, coarseMs } = this.options.retention;
    this.batch.restore(rows.filter((r) => r.start >= now - (r.stepMs === FINE_STEP_MS ? fineMs : coarseMs)));
  }

  private prune(): void {
    const now = this.options.clock.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.db!.prune(FINE_STEP_MS, now - this.options.retention.fineMs);
    this.db!.prune(COARSE_STEP_MS, now - this.options.retention.coarseMs);
    this.db!.prune(DAY_STEP_MS, now - this.options.retention.coarseMs);
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.flush();
      this.schedule();
    }, this.options.flushMs ?? DEFAULT_FLUSH_MS);
  }
}
