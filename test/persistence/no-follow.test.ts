import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import type { AlarmLogEntry } from '../../source/core/alarm-log-entry.js';
import { NotificationLog, LOG_FILE } from '../../source/notify/notification-log.js';
import { Outbox, OUTBOX_FILE } from '../../source/notify/outbox.js';
import { writeFileAtomic } from '../../source/persistence/atomic-write.js';
import { appendEventLog, EVENTS_FILE, readEventLog } from '../../source/persistence/event-log.js';
import { readJournal } from '../../source/persistence/journal-file.js';
import { MAINTENANCE_FILE, readMaintenanceList, updateMaintenanceList } from '../../source/persistence/maintenance-file.js';
import { SYMLINK_REFUSED } from '../../source/persistence/no-follow.js';
import { loadAlarmState, saveAlarmState, STATE_FILE } from '../../source/persistence/state-file.js';
import { configFrom, T0 } from '../alerts/fixtures.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const VICTIM = 'a file of someone else\'s\n';
const entry: AlarmLogEntry = { at: '2026-01-01T00:00:00.000Z', kind: 'firing', api: 'a', rule: 'R' };

/** A state directory whose `name` is a symbolic link to a file outside it; `unchanged()` says the file and the link are as they were. */
function linked(name: string) {
  const dir = tempDir();
  const victim = join(tempDir(), 'victim.txt');
  writeFileSync(victim, VICTIM);
  symlinkSync(victim, join(dir, name));
  return {
    dir,
    unchanged: () => {
      expect(readFileSync(victim, 'utf8')).toBe(VICTIM);
      expect(lstatSync(join(dir, name)).isSymbolicLink()).toBe(true);
    },
  };
}

describe('state files are never followed through a symbolic link', () => {
  it('the event log refuses to append through it, as an error value', () => {
    const { dir, unchanged } = linked(EVENTS_FILE);
    expect(appendEventLog(dir, [entry])).toEqual({ ok: false, error: `cannot append to the event log ${join(dir, EVENTS_FILE)}: ${SYMLINK_REFUSED}` });
    unchanged();
  });

  it('the event log refuses to read through it, with a warning', () => {
    const { dir, unchanged } = linked(EVENTS_FILE);
    expect(readEventLog(dir)).toEqual({ entries: [], skipped: 0, warning: `cannot read the event log ${join(dir, EVENTS_FILE)}: ${SYMLINK_REFUSED}` });
    unchanged();
  });

  it('the alarm state is neither read through it nor moved aside, and a save refuses to replace it', () => {
    const { dir, unchanged } = linked(STATE_FILE);
    const path = join(dir, STATE_FILE);
    expect(loadAlarmState(dir, T0)).toEqual({ state: undefined, warning: `alarm state file ${path}: ${SYMLINK_REFUSED}; starting without saved acknowledgements, mutes or alarms` });
    const state = new AlarmTracker({ config: configFrom(), now: T0, user: 'a' }).snapshot();
    expect(saveAlarmState(dir, state)).toEqual({ ok: false, error: `cannot save alarm state to ${path}: ${SYMLINK_REFUSED}` });
    unchanged();
  });

  it('a journal is not read through it, and is not rewritable', () => {
    const { dir, unchanged } = linked(OUTBOX_FILE);
    const file = join(dir, OUTBOX_FILE);
    expect(readJournal(file, { name: 'outbox', unit: 'record', units: 'records', parse: () => undefined }, T0)).toEqual({
      records: [],
      warning: `outbox ${file}: cannot be read (${SYMLINK_REFUSED}); starting without it`,
      rewritable: false,
      unreadable: SYMLINK_REFUSED,
    });
    unchanged();
  });

  it('the outbox does not open through it', () => {
    const { dir, unchanged } = linked(OUTBOX_FILE);
    expect(() => Outbox.open(dir, T0)).toThrow(SYMLINK_REFUSED);
    unchanged();
  });

  it('the notification log does not append through it', () => {
    const { dir, unchanged } = linked(LOG_FILE);
    const { log, warnings } = NotificationLog.open(dir, T0, 60_000);
    expect(warnings).toEqual([`notification log ${join(dir, LOG_FILE)}: cannot be read (${SYMLINK_REFUSED}); starting without it`]);
    log.remember(['slack:a/R:firing'], T0);
    expect(log.writeFault).toBe(`cannot write to the notification log ${join(dir, LOG_FILE)}: ${SYMLINK_REFUSED}`);
    unchanged();
  });

  it('the maintenance list is not read through it nor replaced', () => {
    const { dir, unchanged } = linked(MAINTENANCE_FILE);
    expect(readMaintenanceList(dir).warning).toBe(`cannot read ${join(dir, MAINTENANCE_FILE)}: ${SYMLINK_REFUSED}`);
    expect(() => updateMaintenanceList(dir, T0, (list) => ({ list, result: undefined }))).toThrow(SYMLINK_REFUSED);
    unchanged();
  });

  it('an atomic write does not truncate a file through a link planted at its temporary name', () => {
    const dir = tempDir();
    const { dir: linkDir, unchanged } = linked(`.f.json.${process.pid}.tmp`);
    expect(() => writeFileAtomic(join(linkDir, 'f.json'), 'new')).toThrow(SYMLINK_REFUSED);
    unchanged();
    writeFileAtomic(join(dir, 'f.json'), 'new');
    expect(readFileSync(join(dir, 'f.json'), 'utf8')).toBe('new');
  });
});
