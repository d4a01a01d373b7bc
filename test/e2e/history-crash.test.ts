import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../source/engine/history-writer.js';
import { FINE_STEP_MS, COARSE_STEP_MS, HISTORY_FILE, HistoryDb } from '../../source/persistence/history-db.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { useTempDir } from '../helpers/temp-dir.js';

const WRITER = fileURLToPath(new URL('../../dist/source/engine/history-writer.js', import.meta.url));
const tempDir = useTempDir('api-health-history-crash-');
const RETENTION = { fineMs: 48 * 3_600_000, coarseMs: 400 * 86_400_000 };

/**
 * The built writer in a process of its own, recording 50 APIs' probes as fast as it can and flushing every
 * 5 ms; before each flush it says how many samples the flush will hold, after it that it worked.
 */
const SCRIPT = `
  const { HistoryWriter } = await import(${JSON.stringify(WRITER)});
  const clock = { now: () => Date.now(), setTimeout: (f, ms) => ({ id: setTimeout(f, ms) }), clearTimeout: (h) => clearTimeout(h.id) };
  const writer = new HistoryWriter({ dir: process.argv[1], retention: ${JSON.stringify(RETENTION)}, clock, warn: (t) => console.log('warn ' + t) });
  let recorded = 0;
  const start = Date.now() - 3_600_000;
  for (;;) {
    for (let i = 0; i < 500; i++) {
      writer.record({ apiId: 'api-' + (recorded % 50), at: start + recorded * 10, outcome: recorded % 7 === 0 ? 'http_5xx' : 'ok', totalMs: 50 + (recorded % 400) });
      recorded++;
    }
    console.log('flushing ' + recorded);
    if (!writer.flush()) throw new Error('flush failed');
    console.log('flushed ' + recorded);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
`;

function stored(dir: string, step: number): { probes: number; rows: number } {
  const db = HistoryDb.open(dir, 0, { readonly: true });
  const rows = db.rows(step, 0, Number.MAX_SAFE_INTEGER);
  db.close();
  return { probes: rows.reduce((sum, r) => sum + r.rollup.probes, 0), rows: rows.length };
}

describe('history.db and kill -9', () => {
  it('holds every flush that finished, and none half, after the writer is killed in the middle of writing; a restart adds to it', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const said: string[] = [];
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => said.push(line));
    // 'close', not 'exit': only once its output is read to the end are the last lines it said all in `said`.
    const closed = new Promise((resolve) => child.once('close', resolve));
    // Killed while it writes: after a few flushes, right after it announced one.
    await new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        if (/^flushing /.test(line) && said.filter((l) => l.startsWith('flushed ')).length >= 20) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await closed;
    expect(said.filter((l) => l.startsWith('warn '))).toEqual([]);
    const lastFlushed = Number(said.filter((l) => l.startsWith('flushed ')).at(-1)!.split(' ')[1]);
    const lastFlushing = Number(said.filter((l) => l.startsWith('flushing ')).at(-1)!.split(' ')[1]);

    const raw = new Database(join(dir, HISTORY_FILE));
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const fine = stored(dir, FINE_STEP_MS);
    // The flush under way when the process died is in whole or not at all, at both steps alike.
    expect([lastFlushed, lastFlushing]).toContain(fine.probes);
    expect(stored(dir, COARSE_STEP_MS).probes).toBe(fine.probes);

    const clock = new ManualClock(Date.now());
    const restarted = new HistoryWriter({ dir, retention: RETENTION, clock, warn: (text) => expect.fail(text) });
    restarted.start();
    restarted.record({ apiId: 'api-0', at: clock.now(), outcome: 'ok', totalMs: 10 });
    await restarted.stop();
    expect(stored(dir, FINE_STEP_MS).probes).toBe(fine.probes + 1);
  }, 60_000);
});
