import type { Alarm, Mute, MuteScope } from '../core/alarm.js';
import type { OtherAlert } from '../alertmanager/remote-alarms.js';

export type { OtherAlert };

/** An Alertmanager silence over our alarm labels, as the alarms view lists it. */
export interface SilenceView {
  id: string;
  /** An `ACK!` silence is an acknowledgement (Karma's convention); any other is a mute. */
  kind: 'ack' | 'mute';
  until: number;
  createdBy: string;
  comment: string;
  /** amtool's notation: "api=mw-rest alertname=HighLatency". */
  matchers: string;
  /** Made by this dashboard for one of its mutes (the others come from colleagues or other tools). */
  ours: boolean;
}

/** Alertmanager's silences as last seen; absent from the store when no Alertmanager channel is configured. */
export interface SilencesStatus {
  active: SilenceView[];
  /** When Alertmanager last answered the list; undefined until it has. */
  listedAt?: number | undefined;
  /** One line on what is not shared right now (Alertmanager down, a silence refused); mutes still work locally. */
  problem?: string | undefined;
}

/** One engine --remote reads: when it last answered, and what is wrong now. */
export interface EngineRead {
  readAt?: number | undefined;
  problem?: string | undefined;
}

/** Where the dashboard's state comes from: undefined is local (it probes); else the team's engines. */
export interface RemoteStatus {
  alertmanager?: EngineRead | undefined;
  prometheus?: EngineRead | undefined;
  others: OtherAlert[];
}

/** An alarm as the UI shows it: the alarm, the mute that silences it, and its SLA clock in words. */
export interface AlarmView {
  alarm: Alarm;
  mute?: Mute | undefined;
  /** The Alertmanager silence covering this alarm that lasts longest, whoever made it. */
  silence?: SilenceView | undefined;
  /** Set while a firing alarm's condition is clear: since when, and how long it must stay clear to resolve. */
  clearing?: { since: number; resolveAfterMs: number } | undefined;
  sla?:
    | {
        /** E.g. "triage in 4m" or "SLA BREACH: triage overdue 12m". */
        text: string;
        breached: boolean;
        escalationTarget?: string | undefined;
      }
    | undefined;
}

/** What the UI asks the engine to do; the engine owns the alarm tracker, persistence and notifications. */
export type AlarmIntent =
  | { type: 'acknowledge'; alarmIds: string[]; note?: string | undefined }
  | { type: 'unacknowledge'; alarmIds: string[] }
  | { type: 'mute'; scope: MuteScope; durationMs: number; reason?: string | undefined }
  | { type: 'unmute'; muteIds: string[] };

export const MUTE_PRESETS: { label: string; ms: number }[] = [
  { label: '15m', ms: 15 * 60_000 },
  { label: '1h', ms: 3_600_000 },
  { label: '4h', ms: 4 * 3_600_000 },
  { label: '1d', ms: 86_400_000 },
];

export type Prompt =
  | {
      kind: 'ack';
      alarmIds: string[];
      /** When each alarm's episode started: an alarm that resolved and fired again while the dialog was open is another firing, not acknowledged. */
      startedAt: number[];
      title: string;
      note: string;
    }
  | {
      kind: 'mute';
      step: 'scope' | 'duration' | 'custom' | 'reason';
      title: string;
      /** Each scope with how many current alarms it covers (what choosing it silences). */
      scopes: { label: string; scope: MuteScope; covers: number }[];
      scopeIndex: number;
      /** Index into MUTE_PRESETS; one past the end means "type a duration". */
      durationIndex: number;
      custom: string;
      reason: string;
      error?: string | undefined;
    };
