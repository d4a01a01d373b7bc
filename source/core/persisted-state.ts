import type { Alarm, Mute } from './alarm.js';

/** What receivers (Slack, PagerDuty, ...) were last told about an alarm. */
export type NotifiedState = 'firing' | 'resolved';

export interface PersistedTrack {
  alarmId: string;
  apiId: string;
  rule: string;
  alarm?: Alarm | undefined;
  notified?: NotifiedState | undefined;
  flapping: boolean;
  /** Times of recent firing/resolved changes, for flap detection across a restart. */
  flips: number[];
  /** Muted since receivers were told it fired: the firing is announced again when the mute ends. */
  mutedAfterTold?: boolean | undefined;
}

/** The alarm tracker's state as plain JSON: what state.json holds. */
export interface PersistedAlarmState {
  version: 1;
  savedAt: number;
  tracks: PersistedTrack[];
  mutes: Mute[];
  muteSequence: number;
}

export const STATE_VERSION = 1;
