import { describe, expect, it } from 'vitest';
import { FLAP_SETTLE_MS } from '../../source/alerts/flapping.js';
import type { Change } from '../../source/alerts/lifecycle.js';
import { newTrack } from '../../source/alerts/lifecycle.js';
import {
  acknowledgementEvents,
  announce,
  applyPolicy,
  escalate,
  reconcile,
  resumeAfterMute,
  updateFlapping,
  type AlarmTrack,
  type PolicyContext,
} from '../../source/alerts/notification-policy.js';
import type { Alarm } from '../../source/core/alarm.js';
import { configFrom, MINUTE, pageAlarm, T0 } from './fixtures.js';

const config = configFrom();

/** page-api's LowAvailability, firing since T0: mwi's standard SLA escalates a page every 15m, through two names. */
const firing = pageAlarm;
const resolved = (): Alarm => firing({ state: 'resolved', resolvedAt: T0 + MINUTE, since: T0 + MINUTE });

const track = (fields: Partial<AlarmTrack> = {}): AlarmTrack => ({
  ...newTrack('page-api', 'mwi', 'LowAvailability'),
  alarm: firing(),
  notified: undefined,
  flapping: false,
  flips: [],
  ...fields,
});

const context = (muted = false): PolicyContext => ({
  config,
  team: (id) => config.teams.find((t) => t.id === id),
  isMuted: () => muted,
});
const UNMUTED = context(false);
const MUTED = context(true);
const kinds = (events: { kind: string }[]): string[] => events.map((e) => e.kind);
/** Four firing/resolved changes a minute apart, the last at `T0 + 3m`: enough to flap. */
const FOUR_FLIPS = [T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE];

describe('announce', () => {
  it('announces a firing alarm and remembers that receivers were told', () => {
    const { track: next, events } = announce(track(), 'firing', T0, UNMUTED, false);
    expect(kinds(events)).toEqual(['firing']);
    expect(next.notified).toBe('firing');
  });

  it('does not announce a firing alarm under a mute, and remembers nothing told', () => {
    const { track: next, events } = announce(track(), 'firing', T0, MUTED, false);
    expect(events).toEqual([]);
    expect(next.notified).toBeUndefined();
  });

  it('announces a resolution to receivers who were told it fired, even under a mute', () => {
    const { events } = announce(track({ alarm: resolved(), notified: 'firing' }), 'resolved', T0 + MINUTE, MUTED, false);
    expect(kinds(events)).toEqual(['resolved']);
  });

  it('does not announce the resolution of an alarm nobody was told about', () => {
    expect(announce(track({ alarm: resolved() }), 'resolved', T0 + MINUTE, UNMUTED, false).events).toEqual([]);
  });

  it('sends a resolution again when forced, for receivers who already heard it', () => {
    const forced = announce(track({ alarm: resolved(), notified: 'resolved' }), 'resolved', T0 + MINUTE, UNMUTED, true);
    expect(kinds(forced.events)).toEqual(['resolved']);
  });
});

describe('reconcile', () => {
  it('announces a firing alarm receivers were not told about once nothing mutes it', () => {
    expect(kinds(reconcile(track(), T0 + MINUTE, UNMUTED).events)).toEqual(['firing']);
  });

  it('sends nothing when receivers already know the current state', () => {
    expect(reconcile(track({ notified: 'firing' }), T0 + MINUTE, UNMUTED).events).toEqual([]);
  });

  it('sends nothing while the alarm flaps', () => {
    expect(reconcile(track({ flapping: true }), T0 + MINUTE, UNMUTED).events).toEqual([]);
  });

  it('sends nothing for a track without an alarm', () => {
    expect(reconcile(track({ alarm: undefined, notified: 'firing' }), T0, UNMUTED).events).toEqual([]);
  });
});

describe('updateFlapping', () => {
  it('starts flapping at the fourth change within the hour: logged, and the current state sent with flapping: true', () => {
    const step = updateFlapping(track({ notified: 'firing', flips: FOUR_FLIPS }), T0 + 3 * MINUTE, UNMUTED);
    expect(step.track.flapping).toBe(true);
    expect(step.events).toEqual([expect.objectContaining({ kind: 'firing', alarm: expect.objectContaining({ flapping: true }) })]);
    expect(kinds(step.log)).toEqual(['flapping']);
  });

  it('does not call three changes within the hour flapping', () => {
    const step = updateFlapping(track({ flips: FOUR_FLIPS.slice(1) }), T0 + 3 * MINUTE, UNMUTED);
    expect(step).toEqual({ track: track({ flips: FOUR_FLIPS.slice(1) }), events: [], log: [] });
  });

  it('settles once no change came for the settle time: logged, and the state sent with flapping: false', () => {
    const step = updateFlapping(track({ flapping: true, notified: 'firing', flips: FOUR_FLIPS }), T0 + 3 * MINUTE + FLAP_SETTLE_MS, UNMUTED);
    expect(step.track.flapping).toBe(false);
    expect(step.events).toEqual([expect.objectContaining({ kind: 'firing', alarm: expect.objectContaining({ flapping: false }) })]);
    expect(kinds(step.log)).toEqual(['settled']);
  });

  it('keeps flapping until the settle time has passed', () => {
    const step = updateFlapping(track({ flapping: true, flips: FOUR_FLIPS }), T0 + 3 * MINUTE + FLAP_SETTLE_MS - 1, UNMUTED);
    expect(step.track.flapping).toBe(true);
  });

  it('only logs the change for a track whose alarm has gone', () => {
    const step = updateFlapping(track({ alarm: undefined, flapping: true, flips: FOUR_FLIPS }), T0 + 3 * MINUTE + FLAP_SETTLE_MS, UNMUTED);
    expect(step.events).toEqual([]);
    expect(step.log).toEqual([expect.objectContaining({ kind: 'settled', alarmId: 'page-api/LowAvailability', api: 'page-api', team: 'mwi' })]);
  });
});

describe('escalate', () => {
  it('does not escalate before the SLA\'s "escalate" has passed', () => {
    expect(escalate(track({ notified: 'firing' }), T0 + 15 * MINUTE - 1, UNMUTED).log).toEqual([]);
  });

  it('reaches the first level when "escalate" passes unacknowledged, naming whom it reaches', () => {
    const step = escalate(track({ notified: 'firing' }), T0 + 15 * MINUTE, UNMUTED);
    expect(step.track.alarm!.escalationLevel).toBe(1);
    expect(step.events).toEqual([expect.objectContaining({ kind: 'escalated', escalationLevel: 1, escalationTarget: 'mwi on-call' })]);
    expect(step.log).toEqual([expect.objectContaining({ kind: 'escalated', escalationLevel: 1, escalationTarget: 'mwi on-call' })]);
  });

  it('stops at the last name of the team\'s escalation list', () => {
    expect(escalate(track({ notified: 'firing' }), T0 + 60 * MINUTE, UNMUTED).track.alarm!.escalationLevel).toBe(2);
  });

  it('does not escalate an acknowledged alarm', () => {
    const acked = track({ notified: 'firing', alarm: firing({ ack: { by: 'bob', at: T0 + MINUTE } }) });
    expect(escalate(acked, T0 + 40 * MINUTE, UNMUTED).track).toBe(acked);
  });

  it('raises and logs the level of a muted alarm without announcing it', () => {
    const step = escalate(track({ notified: 'firing' }), T0 + 15 * MINUTE, MUTED);
    expect(step.track.alarm!.escalationLevel).toBe(1);
    expect(step.events).toEqual([]);
    expect(kinds(step.log)).toEqual(['escalated']);
  });

  it('does not announce the escalation of an alarm receivers were never told about', () => {
    expect(escalate(track(), T0 + 15 * MINUTE, UNMUTED).events).toEqual([]);
  });

  it('leaves an alarm alone whose SLA policy has no clocks for its severity', () => {
    const warning = track({ notified: 'firing', alarm: firing({ team: 'ctt', severity: 'warning' }) });
    expect(escalate(warning, T0 + 30 * 86_400_000, UNMUTED).track).toBe(warning);
  });
});

describe('applyPolicy', () => {
  const change = (kind: Change['kind']): Change => ({ kind, at: T0, alarm: firing() });

  it('records a flip for each firing or resolved change, not for pending or cleared', () => {
    const step = applyPolicy(track(), [change('pending'), change('firing'), change('cleared')], T0, UNMUTED);
    expect(step.track.flips).toEqual([T0]);
  });

  it('marks a newly opened alarm as flapping when its rule still flaps', () => {
    const step = applyPolicy(track({ flapping: true, flips: [T0 + 3 * MINUTE] }), [], T0 + 4 * MINUTE, UNMUTED);
    expect(step.track.alarm!.flapping).toBe(true);
  });

  it('announces a firing alarm, then escalates it in the same evaluation when due', () => {
    expect(kinds(applyPolicy(track(), [], T0 + 15 * MINUTE, UNMUTED).events)).toEqual(['firing', 'escalated']);
  });
});

describe('acknowledgementEvents', () => {
  it('tells receivers who were told the alarm fired who acknowledged it and why', () => {
    const events = acknowledgementEvents({ notified: 'firing' }, 'acknowledged', firing(), T0, 'bob', 'on it');
    expect(events).toEqual([{ kind: 'acknowledged', at: T0, alarm: firing(), actor: 'bob', note: 'on it' }]);
  });

  it('tells nobody about the acknowledgement of an alarm they never heard of', () => {
    expect(acknowledgementEvents({ notified: undefined }, 'acknowledged', firing(), T0, 'bob')).toEqual([]);
  });

  it('sends no un-acknowledgement for an alarm that has resolved', () => {
    expect(acknowledgementEvents({ notified: 'firing' }, 'unacknowledged', resolved(), T0, 'bob')).toEqual([]);
  });
});

describe('resume after a mute', () => {
  it('marks a told firing alarm that a mute now holds', () => {
    const { track: next, events } = resumeAfterMute(track({ notified: 'firing' }), T0 + MINUTE, MUTED);
    expect(events).toEqual([]);
    expect(next.mutedAfterTold).toBe(true);
  });

  it('announces the firing again once that mute ends: the group that held it may have dropped it', () => {
    const { track: next, events } = resumeAfterMute(track({ notified: 'firing', mutedAfterTold: true }), T0 + 2 * MINUTE, UNMUTED);
    expect(kinds(events)).toEqual(['firing']);
    expect(events[0]!.at).toBe(T0 + 2 * MINUTE);
    expect(next.mutedAfterTold).toBe(false);
  });

  it('announces nothing for a told alarm no mute held', () => {
    expect(resumeAfterMute(track({ notified: 'firing' }), T0 + MINUTE, UNMUTED)).toEqual({ track: track({ notified: 'firing' }), events: [] });
  });

  it('forgets the mark once the alarm resolves under the mute: its resolution is announced as usual', () => {
    const { track: next, events } = resumeAfterMute(track({ alarm: resolved(), notified: 'firing', mutedAfterTold: true }), T0 + 2 * MINUTE, UNMUTED);
    expect(events).toEqual([]);
    expect(next.mutedAfterTold).toBe(false);
  });

  it('marks nothing for an alarm receivers were not told of: reconcile announces it when the mute ends', () => {
    expect(resumeAfterMute(track(), T0 + MINUTE, MUTED).track.mutedAfterTold).toBeUndefined();
  });
});

