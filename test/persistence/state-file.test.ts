import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import { writeFileAtomic } from '../../source/persistence/atomic-write.js';
import { readEventLog } from '../../source/persistence/event-log.js';
import { persistAlarmState } from '../../source/persistence/persist-alarm-state.js';
import { corruptName, loadAlarmState, saveAlarmState, STATE_FILE } from '../../source/persistence/state-file.js';
import { StateFileError } from '../../source/persistence/state-file-error.js';
import { configFrom, HOUR, MINUTE, slow, T0, unavailable } from '../alerts/fixtures.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary file behind', () => {
    const dir = tempDir();
    const path = join(dir, 'nested', 'f.json');
    writeFileAtomic(path, 'one');
    writeFileAtomic(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['f.json']);
  });
});

const config = configFrom();

/** A run that leaves an acknowledged alarm, a firing one and two mutes saved in `dir`. */
const firstRun = (dir: string): AlarmTracker => {
  const tracker = new AlarmTracker({ config, now: T0, user: 'alice' });
  tracker.evaluate(T0, { 'page-api': unavailable(0.5), 'search-api': slow(2000) });
  tracker.acknowledge('page-api/LowAvailability', 'bob', 'on it', T0 + MINUTE);
  tracker.mute({ kind: 'team', team: 'ctt' }, T0 + HOUR, 'carol', 'deploy', T0 + MINUTE);
  tracker.mute({ kind: 'rule', rule: 'High5xx' }, T0 + 10 * MINUTE, 'carol', undefined, T0 + MINUTE);
  expect(persistAlarmState(dir, tracker.takeLog(), tracker.snapshot())).toEqual({ ok: true, logged: true });
  return tracker;
};

describe('alarm state across a restart', () => {

  const restart = (dir: string, now: number): AlarmTracker => {
    const loaded = loadAlarmState(dir, now);
    expect(loaded.warning).toBeUndefined();
    return new AlarmTracker({ config, now, user: 'alice', restored: loaded.state });
  };

  it('starts empty when there is no state file yet', () => {
    expect(loadAlarmState(tempDir(), T0)).toEqual({ state: undefined });
  });

  it('restores acknowledgements and firing alarms', () => {
    const dir = tempDir();
    firstRun(dir);
    const tracker = restart(dir, T0 + 30 * MINUTE);
    expect(tracker.alarm('page-api/LowAvailability')).toMatchObject({ state: 'firing', ack: { by: 'bob', at: T0 + MINUTE, note: 'on it' } });
  });

  it('restores unexpired mutes and drops expired ones', () => {
    const dir = tempDir();
    firstRun(dir);
    const tracker = restart(dir, T0 + 30 * MINUTE);
    expect(tracker.activeMutes(T0 + 30 * MINUTE)).toEqual([expect.objectContaining({ scope: { kind: 'team', team: 'ctt' }, by: 'carol', reason: 'deploy' })]);
  });

  it('does not announce again an alarm receivers were told about before the restart', () => {
    const dir = tempDir();
    firstRun(dir);
    const tracker = restart(dir, T0 + 2 * MINUTE);
    expect(tracker.evaluate(T0 + 2 * MINUTE, { 'page-api': unavailable(0.5) })).toEqual([]);
  });

  it('forgets pending alarms, whose timers cannot survive a restart', () => {
    const dir = tempDir();
    firstRun(dir);
    expect(restart(dir, T0 + 2 * MINUTE).alarm('search-api/HighLatency')).toBeUndefined();
  });

  it('keeps which Alertmanager silence shares a mute, so an unmute after the restart can expire it', () => {
    const dir = tempDir();
    const tracker = firstRun(dir);
    const [team] = tracker.activeMutes(T0 + MINUTE).filter((m) => m.scope.kind === 'team');
    expect(tracker.linkSilence(team!.id, 'silence-1')).toBe(true);
    expect(persistAlarmState(dir, tracker.takeLog(), tracker.snapshot())).toEqual({ ok: true, logged: true });
    expect(restart(dir, T0 + 2 * MINUTE).unmute(team!.id, T0 + 2 * MINUTE)).toMatchObject({ silenceId: 'silence-1' });
  });

  it('loads mutes saved before silences were shared: they simply have no silence yet', () => {
    const dir = tempDir();
    firstRun(dir);
    expect(restart(dir, T0 + 2 * MINUTE).activeMutes(T0 + 2 * MINUTE).map((m) => m.silenceId)).toEqual([undefined, undefined]);
  });

  it('continues mute numbering so ids stay unique', () => {
    const dir = tempDir();
    const before = firstRun(dir).activeMutes(T0 + MINUTE).map((m) => m.id);
    const after = restart(dir, T0 + 2 * MINUTE).mute({ kind: 'api', apiId: 'x' }, T0 + HOUR, 'a', undefined, T0 + 2 * MINUTE);
    expect(before).not.toContain(after.id);
  });

  it('round-trips the snapshot exactly', () => {
    const dir = tempDir();
    const tracker = firstRun(dir);
    expect(loadAlarmState(dir, T0).state).toEqual(JSON.parse(JSON.stringify(tracker.snapshot())));
  });

  it('appends the events of the first run to events.jsonl', () => {
    const dir = tempDir();
    firstRun(dir);
    expect(readEventLog(dir).entries.map((e) => e.kind)).toEqual(['pending', 'firing', 'pending', 'acknowledged', 'muted', 'muted']);
  });
});

describe('a corrupt state file', () => {
  it('is moved aside with a warning when it is not JSON', () => {
    const dir = tempDir();
    writeFileSync(join(dir, STATE_FILE), '{"version": 1, "tra');
    const loaded = loadAlarmState(dir, T0);
    const aside = corruptName(join(dir, STATE_FILE), T0);
    expect(loaded.state).toBeUndefined();
    expect(loaded.warning).toContain(`is not valid JSON`);
    expect(loaded.warning).toContain(`moved it to ${aside}`);
    expect(readFileSync(aside, 'utf8')).toBe('{"version": 1, "tra');
    expect(existsSync(join(dir, STATE_FILE))).toBe(false);
  });

  it('names the corrupt copy after the time it was found', () => {
    expect(corruptName('/s/state.json', T0)).toBe('/s/state.json.corrupt-2026-01-01T00-00-00.000Z');
  });

  it('is moved aside when it is JSON of the wrong shape, naming where', () => {
    const dir = tempDir();
    writeFileSync(join(dir, STATE_FILE), JSON.stringify({ version: 1, savedAt: 0, tracks: {}, mutes: [], muteSequence: 0 }));
    const loaded = loadAlarmState(dir, T0);
    expect(loaded.state).toBeUndefined();
    expect(loaded.warning).toMatch(/does not hold alarm state at tracks/);
  });

  it('keeps every saved ack and mute but the entry it cannot read, and keeps the file whole beside it', () => {
    const dir = tempDir();
    firstRun(dir);
    const saved = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'));
    const good = saved.tracks.length;
    saved.tracks.push({ ...saved.tracks[0], alarmId: 'other/Rule', alarm: { ...saved.tracks[0].alarm, value: '1' } });
    const text = JSON.stringify(saved);
    writeFileSync(join(dir, STATE_FILE), text);
    const loaded = loadAlarmState(dir, T0);
    expect(loaded.state!.tracks).toHaveLength(good);
    expect(loaded.state!.mutes).toEqual(saved.mutes);
    expect(loaded.warning).toMatch(new RegExp(`holds 1 saved entry it cannot read \\(first: tracks\\.${good}\\.alarm\\.value: .*\\); moved it to .* and starting with the rest`));
    expect(readFileSync(corruptName(join(dir, STATE_FILE), T0), 'utf8')).toBe(text);
  });

  it('refuses the start, leaving the file where it is, when it cannot be read', () => {
    const dir = tempDir();
    mkdirSync(join(dir, STATE_FILE));
    expect(() => loadAlarmState(dir, T0)).toThrow(new StateFileError(`cannot read the alarm state file ${join(dir, STATE_FILE)} (EISDIR: illegal operation on a directory, read): it holds the acknowledgements and mutes; make it readable by this user, or point --state-dir elsewhere`));
    expect(existsSync(corruptName(join(dir, STATE_FILE), T0))).toBe(false);
  });

  it('refuses the start, leaving the file where it is, when a newer api-health wrote it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, STATE_FILE), JSON.stringify({ version: 2, savedAt: 0, tracks: [], mutes: [], muteSequence: 0, more: true }));
    expect(() => loadAlarmState(dir, T0)).toThrow(/was written by a newer api-health \(format 2; this one reads format 1\): upgrade, or point --state-dir elsewhere/);
    expect(existsSync(join(dir, STATE_FILE))).toBe(true);
  });

  it('gives an error value, not an exception, when the state cannot be saved', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const result = saveAlarmState(join(dir, 'file'), new AlarmTracker({ config: configFrom(), now: T0, user: 'a' }).snapshot());
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('cannot save alarm state to') });
  });
});
