import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addSample, emptyRollup, type RollupRow } from '../../source/metrics/rollup.js';
import { COARSE_STEP_MS, DAY_STEP_MS, FINE_STEP_MS, HISTORY_FILE, HistoryDb, HistoryFault } from '../../source/persistence/history-db.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('api-health-history-');

function row(apiId: string, start: number, outcomes: ('ok' | 'http_5xx' | 'timeout')[], stepMs = FINE_STEP_MS): RollupRow {
  const rollup = emptyRollup();
  for (const outcome of outcomes) addSample(rollup, { apiId, at: start, outcome, totalMs: outcome === 'ok' ? 120 : undefined });
  return { apiId, stepMs, start, rollup };
}

function faultOf(action: () => unknown): HistoryFault {
  try {
    action();
  } catch (error) {
    if (error instanceof HistoryFault) return error;
    throw error;
  }
  throw new Error('no fault');
}

describe('history.db', () => {
  it('is made in WAL mode in the state directory', () => {
    const dir = tempDir();
    HistoryDb.open(dir, 0).close();
    const raw = new Database(join(dir, HISTORY_FILE), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('reads back what it wrote, by step and range', () => {
    const dir = tempDir();
    const db = HistoryDb.open(dir, 0);
    db.write([row('a', 60_000, ['ok', 'http_5xx']), row('b', 120_000, ['timeout']), row('a', 0, ['ok'], COARSE_STEP_MS)]);
    const fine = db.rows(FINE_STEP_MS, 0, 180_000);
    expect(fine.map((r) => [r.apiId, r.start, r.rollup.probes, r.rollup.ok, r.rollup.http5xx])).toEqual([
      ['a', 60_000, 2, 1, 1],
      ['b', 120_000, 1, 0, 0],
    ]);
    expect(fine[1]!.rollup.failures).toEqual({ timeout: 1 });
    expect(db.rows(COARSE_STEP_MS, 0, COARSE_STEP_MS, ['a']).map((r) => r.rollup.probes)).toEqual([1]);
    db.close();
  });

  it('reads the good and counted turns of a step\'s rows in [from, to) per API, as the rows themselves say', () => {
    const dir = tempDir();
    const db = HistoryDb.open(dir, 0);
    const throttled = row('b', 120_000, ['timeout']);
    throttled.rollup.throttled = 2;
    const written = [row('a', 60_000, ['ok', 'http_5xx', 'ok']), throttled, row('a', 180_000, ['ok']), row('a', 0, ['ok'], COARSE_STEP_MS)];
    db.write(written);
    const counts = [...db.countSeries(FINE_STEP_MS, 60_000, 240_000)].sort((x, y) => x.apiId.localeCompare(y.apiId));
    const inOrder = (series: (typeof counts)[number]) => series.starts.map((start, i) => [start, series.ok[i], series.counted[i]]).sort((x, y) => x[0]! - y[0]!);
    expect(counts.map((series) => [series.apiId, series.stepMs, inOrder(series)])).toEqual([
      ['a', FINE_STEP_MS, [[60_000, 2, 3], [180_000, 1, 1]]],
      ['b', FINE_STEP_MS, [[120_000, 0, 3]]],
    ]);
    db.close();
  });

  it('adds a second write of the same minute to the row, latency histogram included', () => {
    const dir = tempDir();
    const db = HistoryDb.open(dir, 0);
    db.write([row('a', 0, ['ok', 'timeout'])]);
    db.write([row('a', 0, ['ok', 'timeout'])]);
    const [merged] = db.rows(FINE_STEP_MS, 0, 60_000);
    expect(merged!.rollup).toMatchObject({ probes: 4, ok: 2, failures: { timeout: 2 } });
    expect([...merged!.rollup.latency.values()]).toEqual([2]);
    db.close();
  });

  it('keeps what two connections write to the same row (a dashboard and a monitor)', () => {
    const dir = tempDir();
    const one = HistoryDb.open(dir, 0);
    const two = HistoryDb.open(dir, 0);
    one.write([row('a', 0, ['ok'])]);
    two.write([row('a', 0, ['ok'])]);
    expect(one.rows(FINE_STEP_MS, 0, 60_000)[0]!.rollup.probes).toBe(2);
    one.close();
    two.close();
  });

  it('adds up the rows of a period per API in SQLite as reading them one by one would', () => {
    const dir = tempDir();
    const db = HistoryDb.open(dir, 0);
    db.write([row('a', 0, ['ok', 'timeout']), row('a', 60_000, ['ok', 'http_5xx']), row('b', 60_000, ['ok']), row('a', 120_000, ['ok'])]);
    const totals = db.totals(FINE_STEP_MS, 0, 120_000);
    const a = totals.get('a')!;
    expect(a).toMatchObject({ probes: 4, ok: 2, http5xx: 1, failures: { timeout: 1, http_5xx: 1 } });
    expect([...a.latency.values()]).toEqual([2]);
    expect(totals.get('b')!.probes).toBe(1);
    db.close();
  });

  it('reads old hours from hour rows and the recent part from minute rows, never both', () => {
    const dir = tempDir();
    const db = HistoryDb.open(dir, 0);
    const HOUR = COARSE_STEP_MS;
    // Hour rows for hours 0-2; minute rows only from hour 2 on (older ones pruned).
    db.write([row('a', 0, ['ok'], HOUR), row('a', HOUR, ['ok'], HOUR), row('a', 2 * HOUR, ['ok', 'ok'], HOUR), row('a', 2 * HOUR, ['ok']), row('a', 2 * HOUR + 60_000, ['ok'])]);
    expect(db.rangeTotals(0, 3 * HOUR).get('a')!.probes).toBe(4);
    expect(db.rangeRows(0, 3 * HOUR).map((r) => [r.stepMs, r.start])).toEqual([[HOUR, 0], [HOUR, HOUR], [60_000, 2 * HOUR], [60_000, 2 * HOUR + 60_000]]);
    db.close();
  });

  it('reads whole days from day rows and the partial days at the edges from hour rows', () => {
    const dir = tempDir();
    const db = HistoryDb.open(dir, 0);
    const HOUR = COARSE_STEP_MS;
    const DAY = DAY_STEP_MS;
    const hours = Array.from({ length: 72 }, (_, h) => row('a', h * HOUR, ['ok'], HOUR));
    const days = [0, 1, 2].map((d) => row('a', d * DAY, Array.from({ length: 24 }, () => 'ok' as const), DAY));
    db.write([...hours, ...days]);
    const from = 12 * HOUR;
    const to = 2 * DAY + 6 * HOUR;
    expect(db.rangeTotals(from, to).get('a')!.probes).toBe((to - from) / HOUR);
    expect(db.rangeRows(from, to).filter((r) => r.stepMs === DAY).map((r) => r.start)).toEqual([DAY]);
    db.close();
  });

  it('deletes the rows of one step older than the retention', () => {
    const dir = tempDir();
    const db = HistoryDb.open(dir, 0);
    db.write([row('a', 0, ['ok']), row('a', 60_000, ['ok']), row('a', 0, ['ok'], COARSE_STEP_MS)]);
    expect(db.prune(FINE_STEP_MS, 60_000)).toBe(1);
    expect(db.rows(FINE_STEP_MS, 0, 120_000).map((r) => r.start)).toEqual([60_000]);
    expect(db.rows(COARSE_STEP_MS, 0, COARSE_STEP_MS)).toHaveLength(1);
    db.close();
  });

  it('moves a file that is not a database aside and says so in one line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, HISTORY_FILE), 'this is not sqlite, but it is long enough to look like a header......................................................');
    const fault = faultOf(() => HistoryDb.open(dir, Date.UTC(2026, 0, 1)));
    expect(fault.kind).toBe('corrupt');
    expect(fault.message).toMatch(/history .*history\.db is not a readable database .*; moved it to .*history\.db\.corrupt-2026-01-01T00-00-00\.000Z and starting a new history$/);
    expect(fault.message).not.toContain('\n');
    expect(readdirSync(dir)).toContain('history.db.corrupt-2026-01-01T00-00-00.000Z');
    HistoryDb.open(dir, 0).close();
  });

  it('leaves a file of a newer schema as it is', () => {
    const dir = tempDir();
    const raw = new Database(join(dir, HISTORY_FILE));
    raw.pragma('user_version = 99');
    raw.close();
    const fault = faultOf(() => HistoryDb.open(dir, 0));
    expect(fault.kind).toBe('newer');
    expect(fault.message).toMatch(/written by a newer api-health \(schema 99, this one reads 1\); history is off for this run/);
    expect(readdirSync(dir)).toEqual([HISTORY_FILE]);
  });

  it('says the disk is full when SQLite runs out of pages', () => {
    const dir = tempDir();
    HistoryDb.open(dir, 0).close();
    const raw = new Database(join(dir, HISTORY_FILE));
    const pages = raw.pragma('page_count', { simple: true }) as number;
    raw.close();
    const db = HistoryDb.open(dir, 0, { pragmas: [`max_page_count = ${pages}`] });
    const many = Array.from({ length: 2_000 }, (_, i) => row(`api-${i}`, 0, ['ok']));
    const fault = faultOf(() => db.write(many));
    expect(fault.kind).toBe('full');
    expect(fault.message).toMatch(/cannot write history .*history\.db: the disk is full; figures are kept in memory meanwhile/);
    db.close();
  });

  it('says the file is read-only when it cannot be written', () => {
    const dir = tempDir();
    HistoryDb.open(dir, 0).close();
    const db = HistoryDb.open(dir, 0, { pragmas: ['query_only = 1'] });
    const fault = faultOf(() => db.write([row('a', 0, ['ok'])]));
    expect(fault.kind).toBe('read-only');
    db.close();
  });

  it('opens for reading without making a file when there is none', () => {
    const dir = tempDir();
    expect(faultOf(() => HistoryDb.open(dir, 0, { readonly: true })).kind).toBe('unavailable');
    expect(existsSync(join(dir, HISTORY_FILE))).toBe(false);
  });
});

describe('history.db file', () => {
  it('is readable by its owner only', async () => {
    const { statSync } = await import('node:fs');
    const dir = tempDir();
    HistoryDb.open(dir, 0).close();
    expect(statSync(join(dir, HISTORY_FILE)).mode & 0o777).toBe(0o600);
  });
});

describe('HistoryDb.apiRows', () => {
  it('reads one API\'s rows of one step in [from, to), oldest first, as rows() filtered to it would', () => {
    const db = HistoryDb.open(tempDir(), 0);
    const rows = [0, 1, 2, 3].flatMap((m) => ['a', 'b'].map((api) => row(api, m * FINE_STEP_MS, ['ok', m === 2 ? 'http_5xx' : 'ok'])));
    db.write([...rows, row('a', 0, ['ok'], COARSE_STEP_MS)]);
    const mine = db.apiRows(FINE_STEP_MS, 'a', 30_000, 3 * FINE_STEP_MS);
    expect(mine).toEqual(db.rows(FINE_STEP_MS, 30_000, 3 * FINE_STEP_MS, ['a']));
    expect(mine.map((r) => [r.start, r.rollup.http5xx])).toEqual([
      [FINE_STEP_MS, 0],
      [2 * FINE_STEP_MS, 1],
    ]);
    expect(db.apiRows(FINE_STEP_MS, 'unknown', 0, 4 * FINE_STEP_MS)).toEqual([]);
    db.close();
  });
});
