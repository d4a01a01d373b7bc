import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import { HistoryWriter } from '../../source/engine/history-writer.js';
import { FINE_STEP_MS, HISTORY_FILE, HistoryDb } from '../../source/persistence/history-db.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('api-health-history-');
const RETENTION = { fineMs: 48 * 3_600_000, coarseMs: 400 * 86_400_000 };
const T0 = Date.UTC(2026, 11, 1);

const ok = (at: number, apiId = 'a'): ProbeSample => ({ apiId, at, outcome: 'ok', totalMs: 100 });

function writer(dir: string, clock: ManualClock, said: string[], open?: ConstructorParameters<typeof HistoryWriter>[0]['open']): HistoryWriter {
  return new HistoryWriter({ dir, retention: RETENTION, clock, warn: (text) => said.push(text), flushMs: 10_000, ...(open ? { open } : {}) });
}

function storedProbes(dir: string): number {
  const db = HistoryDb.open(dir, 0, { readonly: true });
  const total = db.rows(FINE_STEP_MS, 0, Number.MAX_SAFE_INTEGER).reduce((sum, r) => sum + r.rollup.probes, 0);
  db.close();
  return total;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Another process holding an exclusive lock on history.db until it is killed. */
async function lockFromAnotherProcess(dir: string): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(join(dir, HISTORY_FILE))});
    db.exec('BEGIN EXCLUSIVE');
    console.log('locked');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  expect(line).toBe('locked');
  return child;
}

describe('history writer', () => {
  it('writes gathered samples on its flush timer, not on each probe', () => {
    const dir = tempDir();
    const clock = new ManualClock(T0);
    const said: string[] = [];
    const w = writer(dir, clock, said);
    w.start();
    w.record(ok(T0));
    w.record(ok(T0 + 1_000));
    expect(storedProbes(dir)).toBe(0);
    clock.advance(10_000);
    expect(storedProbes(dir)).toBe(2);
    expect(said).toEqual([]);
    void w.stop();
  });

  it('writes what is left when it stops', async () => {
    const dir = tempDir();
    const w = writer(dir, new ManualClock(T0), []);
    w.record(ok(T0));
    await w.stop();
    expect(storedProbes(dir)).toBe(1);
  });

  it('keeps samples while another process locks the file, says so once, and writes them when it is free', async () => {
    const dir = tempDir();
    const clock = new ManualClock(T0);
    const said: string[] = [];
    const w = writer(dir, clock, said);
    const locker = await lockFromAnotherProcess(dir);
    w.record(ok(T0));
    expect(w.flush()).toBe(false);
    w.record(ok(T0 + 1_000));
    expect(w.flush()).toBe(false);
    expect(said).toEqual([expect.stringMatching(/^history .*history\.db is locked by another process; figures are kept in memory and written once it is free$/)]);
    locker.kill('SIGKILL');
    await once(locker, 'exit');
    expect(w.flush()).toBe(true);
    expect(storedProbes(dir)).toBe(2);
    expect(said.at(-1)).toBe('the state directory can be written again');
    await w.stop();
  });

  it('keeps samples while the disk is full and repeats the warning at most once a minute', () => {
    const dir = tempDir();
    HistoryDb.open(dir, 0).close();
    const clock = new ManualClock(T0);
    const said: string[] = [];
    const w = writer(dir, clock, said, { pragmas: ['max_page_count = 1'] });
    for (let i = 0; i < 500; i++) w.record(ok(T0, `api-${i}`));
    w.flush();
    clock.advance(30_000);
    w.flush();
    expect(said).toEqual([expect.stringMatching(/the disk is full; figures are kept in memory meanwhile$/)]);
    void w.stop();
  });

  it('moves a corrupt file aside, says so, and carries on in a new one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, HISTORY_FILE), 'x'.repeat(4_096));
    const clock = new ManualClock(T0);
    const said: string[] = [];
    const w = writer(dir, clock, said);
    w.record(ok(T0));
    expect(w.flush()).toBe(true);
    expect(said).toEqual([expect.stringMatching(/is not a readable database .*; moved it to .*corrupt-.* and starting a new history$/)]);
    expect(readdirSync(dir).some((name) => name.startsWith('history.db.corrupt-'))).toBe(true);
    await w.stop();
    expect(storedProbes(dir)).toBe(1);
  });

  it('turns history off for a file of a newer version, says so once, and leaves it alone', async () => {
    const dir = tempDir();
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(join(dir, HISTORY_FILE));
    raw.pragma('user_version = 7');
    raw.close();
    const clock = new ManualClock(T0);
    const said: string[] = [];
    const w = writer(dir, clock, said);
    w.start();
    w.record(ok(T0));
    clock.advance(120_000);
    await w.stop();
    expect(said).toEqual([expect.stringMatching(/written by a newer api-health \(schema 7, this one reads 1\); history is off for this run$/)]);
    const again = new Database(join(dir, HISTORY_FILE), { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBe(7);
    again.close();
  });
});
