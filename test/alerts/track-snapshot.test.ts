import { describe, expect, it } from 'vitest';
import { newTrack } from '../../source/alerts/lifecycle.js';
import type { AlarmTrack } from '../../source/alerts/notification-policy.js';
import { restoredTrack, savedTracks } from '../../source/alerts/track-snapshot.js';
import type { PersistedTrack } from '../../source/core/persisted-state.js';
import { MINUTE, pageAlarm, T0 } from './fixtures.js';

const alarm = pageAlarm;
const track = (fields: Partial<AlarmTrack> = {}): AlarmTrack => ({
  ...newTrack('page-api', 'mwi', 'LowAvailability'),
  notified: undefined,
  flapping: false,
  flips: [],
  ...fields,
});
const saved = (fields: Partial<PersistedTrack> = {}): PersistedTrack => ({
  alarmId: 'page-api/LowAvailability',
  apiId: 'page-api',
  rule: 'LowAvailability',
  alarm: alarm(),
  notified: 'firing',
  flapping: false,
  flips: [T0],
  ...fields,
});

describe('savedTracks', () => {
  it('leaves out a quiet rule: no alarm, nothing told, no flips', () => {
    expect(savedTracks([track({ lastStatus: 'clear' })])).toEqual([]);
  });

  it('keeps what a restart needs of an open alarm, and not its timers', () => {
    const open = track({ alarm: alarm(), notified: 'firing', flips: [T0], breachSince: T0, lastStatus: 'breach' });
    expect(savedTracks([open])).toEqual([saved()]);
  });

  it('keeps that a mute has held a told firing alarm, so its firing is announced again after a restart', () => {
    const held = track({ alarm: alarm(), notified: 'firing', flips: [T0], mutedAfterTold: true });
    const [kept] = savedTracks([held]);
    expect(kept).toEqual(saved({ mutedAfterTold: true }));
    expect(restoredTrack(kept!, 'mwi').mutedAfterTold).toBe(true);
  });

  it('keeps a rule whose alarm has gone but whose flips still count toward flapping', () => {
    expect(savedTracks([track({ flips: [T0] })]).map((t) => t.flips)).toEqual([[T0]]);
  });

  it('keeps a rule receivers were told resolved, so they are not told again', () => {
    expect(savedTracks([track({ notified: 'resolved' })]).map((t) => t.notified)).toEqual(['resolved']);
  });
});

describe('restoredTrack', () => {
  it('brings back a firing alarm with its acknowledgement', () => {
    const ack = { by: 'bob', at: T0 + MINUTE };
    expect(restoredTrack(saved({ alarm: alarm({ ack }) }), 'mwi').alarm).toEqual(alarm({ ack }));
  });

  it('drops a pending alarm, whose timer cannot survive a restart', () => {
    expect(restoredTrack(saved({ alarm: alarm({ state: 'pending' }), notified: undefined }), 'mwi').alarm).toBeUndefined();
  });

  it('puts the alarm under the API\'s current owner', () => {
    const restored = restoredTrack(saved(), 'ctt');
    expect([restored.team, restored.alarm!.team]).toEqual(['ctt', 'ctt']);
  });

  it('restarts the timers and forgets the last verdict', () => {
    expect(restoredTrack(saved(), 'mwi')).toMatchObject({ breachSince: undefined, clearSince: undefined, lastStatus: undefined, notified: 'firing', flips: [T0] });
  });
});
