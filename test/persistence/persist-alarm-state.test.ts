import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlarmLogEntry } from '../../source/core/alarm-log-entry.js';
import type { PersistedAlarmState } from '../../source/core/persisted-state.js';
import { EVENTS_FILE, readEventLog } from '../../source/persistence/event-log.js';
import { persistAlarmState } from '../../source/persistence/persist-alarm-state.js';
import { loadAlarmState, STATE_FILE } from '../../source/persistence/state-file.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const T0 = Date.UTC(2026, 0, 1);
const STATE: PersistedAlarmState = { version: 1, savedAt: T0, tracks: [], mutes: [], muteSequence: 3 };
const MUTED: AlarmLogEntry = { at: new Date(T0).toISOString(), kind: 'muted', actor: 'bob' };

describe('persistAlarmState', () => {
  it('appends the entries to events.jsonl and replaces state.json', () => {
    const dir = tempDir();
    expect(persistAlarmState(dir, [MUTED], STATE)).toEqual({ ok: true, logged: true });
    expect(readEventLog(dir).entries).toEqual([MUTED]);
    expect(loadAlarmState(dir, T0).state).toEqual(STATE);
  });

  it('saves the state without touching the event log when nothing was logged', () => {
    const dir = tempDir();
    expect(persistAlarmState(dir, [], STATE)).toEqual({ ok: true, logged: true });
    expect(existsSync(join(dir, EVENTS_FILE))).toBe(false);
    expect(existsSync(join(dir, STATE_FILE))).toBe(true);
  });

  it('reports a failed append and a failed save in one line, without throwing', () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, '');
    const result = persistAlarmState(file, [MUTED], STATE);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^cannot append to the event log .*; cannot save alarm state to /), logged: false });
  });
});
