import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MaintenanceWatch } from '../../source/engine/maintenance-watch.js';
import { MAINTENANCE_FILE, readMaintenanceList, updateMaintenanceList, type AdHocWindow } from '../../source/persistence/maintenance-file.js';
import { StateFileError } from '../../source/persistence/state-file-error.js';
import { useTempDir } from '../helpers/temp-dir.js';

const T0 = Date.UTC(2026, 11, 3, 14);
const window = (id: string, start: number, durationMs = 1_800_000): AdHocWindow => ({ id, name: `deploy ${id}`, match: { api: ['summary'] }, start, durationMs, by: 'ana' });
const add = (dir: string, now: number, durationMs?: number): AdHocWindow =>
  updateMaintenanceList(dir, now, (list) => {
    const added = window(`mw-${list.sequence + 1}`, now, durationMs);
    return { list: { sequence: list.sequence + 1, windows: [...list.windows, added] }, result: added };
  });

describe('the maintenance list in the state directory', () => {
  const newDir = useTempDir();

  it('is empty before anything was started', () => {
    const dir = newDir();
    expect(readMaintenanceList(dir).list).toEqual({ sequence: 0, windows: [] });
  });

  it('keeps every window added and numbers them uniquely', () => {
    const dir = newDir();
    add(dir, T0);
    add(dir, T0 + 1_000);
    expect(readMaintenanceList(dir).list.windows.map((w) => w.id)).toEqual(['mw-1', 'mw-2']);
  });

  it('drops windows that have ended when it is next written, and never reuses their ids', () => {
    const dir = newDir();
    add(dir, T0, 60_000);
    add(dir, T0 + 120_000);
    expect(readMaintenanceList(dir).list).toMatchObject({ sequence: 2, windows: [{ id: 'mw-2' }] });
  });

  it('takes over a lock left by a writer that died', () => {
    const dir = newDir();
    writeFileSync(join(dir, `${MAINTENANCE_FILE}.lock`), '12345\n');
    expect(add(dir, Date.now() + 60_000).id).toBe('mw-1');
  });

  it('ignores a file it did not write, with a warning, and refuses to overwrite it', () => {
    const dir = newDir();
    writeFileSync(join(dir, MAINTENANCE_FILE), '{"windows": "lots"}');
    expect(readMaintenanceList(dir).warning).toMatch(/is not a maintenance list api-health wrote/);
    expect(() => add(dir, T0)).toThrow(/is not a maintenance list/);
  });

  it.each([
    ['a file it did not write', (dir: string) => writeFileSync(join(dir, MAINTENANCE_FILE), '{"windows": "lots"}'), /is not a maintenance list/],
    ['a lock another writer holds', (dir: string) => writeFileSync(join(dir, `${MAINTENANCE_FILE}.lock`), `${process.pid}\n`), /is held by another api-health process/],
    ['a directory where the list goes', (dir: string) => mkdirSync(join(dir, MAINTENANCE_FILE)), /EISDIR/],
  ])('refuses a change over %s in one line naming the list, for the command to report (exit 2)', (_, spoil, why) => {
    const dir = newDir();
    spoil(dir);
    const attempt = () => add(dir, Date.now());
    expect(attempt).toThrow(StateFileError);
    expect(attempt).toThrow(new RegExp(`^cannot change the maintenance list ${join(dir, MAINTENANCE_FILE).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*${why.source}`));
  });
});

describe('MaintenanceWatch', () => {
  const newDir = useTempDir();

  it('hands over the windows when the file changed, and nothing while it did not', () => {
    const dir = newDir();
    const watch = new MaintenanceWatch(dir);
    expect(watch.poll(T0)).toEqual({ windows: [], warning: undefined });
    expect(watch.poll(T0 + 2_000)).toBeUndefined();
    add(dir, T0);
    expect(watch.poll(T0 + 3_000)?.windows).toMatchObject([{ id: 'mw-1', schedule: { kind: 'once', start: T0 }, durationMs: 1_800_000 }]);
  });

  it('looks at the file at most once a second', () => {
    const dir = newDir();
    const watch = new MaintenanceWatch(dir);
    watch.poll(T0);
    add(dir, T0);
    expect(watch.poll(T0 + 500)).toBeUndefined();
    expect(watch.poll(T0 + 1_000)?.windows).toHaveLength(1);
  });
});
