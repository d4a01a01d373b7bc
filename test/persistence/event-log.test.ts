import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlarmLogEntry } from '../../source/core/alarm-log-entry.js';
import { appendEventLog, EVENTS_FILE, readEventLog } from '../../source/persistence/event-log.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const entry = (kind: AlarmLogEntry['kind'], at = '2026-01-01T00:00:00.000Z'): AlarmLogEntry => ({ at, kind, api: 'a', rule: 'R' });

describe('event log', () => {
  it('appends one JSON object per line and reads them back in order', () => {
    const dir = tempDir();
    appendEventLog(dir, [entry('firing')]);
    appendEventLog(dir, [entry('acknowledged'), entry('resolved')]);
    expect(readFileSync(join(dir, EVENTS_FILE), 'utf8').trimEnd().split('\n')).toHaveLength(3);
    expect(readEventLog(dir)).toEqual({ entries: [entry('firing'), entry('acknowledged'), entry('resolved')], skipped: 0, warning: undefined });
  });

  it('reads a missing log as empty, without a warning', () => {
    expect(readEventLog(tempDir())).toEqual({ entries: [], skipped: 0 });
  });

  it('skips corrupt lines and counts them', () => {
    const dir = tempDir();
    appendEventLog(dir, [entry('firing')]);
    appendFileSync(join(dir, EVENTS_FILE), '{"at": "2026-01-01T00:0\nnot json\n{"at":"yesterday","kind":"firing"}\n{"at":"2026-01-01T00:00:00.000Z","kind":"exploded"}\n');
    appendEventLog(dir, [entry('resolved')]);
    const log = readEventLog(dir);
    expect(log.entries.map((e) => e.kind)).toEqual(['firing', 'resolved']);
    expect(log.skipped).toBe(4);
    expect(log.warning).toBe(`skipped 4 unreadable lines in ${join(dir, EVENTS_FILE)}`);
  });

  it('reports a log it cannot append to as an error value', () => {
    const dir = tempDir();
    appendEventLog(dir, [entry('firing')]);
    expect(appendEventLog(join(dir, EVENTS_FILE), [entry('firing')])).toEqual({ ok: false, error: expect.stringContaining('cannot append to the event log') });
  });
});
