import type { MetricName, Severity } from './rules.js';

/**
 * The alarm model shared by the rule engine, the store, the notifier and the exports.
 * Life cycle: pending -> firing -> resolved; acknowledgement and mutes are overlays on top of it.
 */
export type AlarmState = 'pending' | 'firing' | 'resolved';

/** An SLO burn-rate alarm has its own metric name; the window pair is in its rule name (e.g. "SLOBurn1h5m"). */
export type AlarmMetric = MetricName | 'slo_burn_rate';

export interface AlarmTransition {
  at: number;
  from: AlarmState | 'none';
  to: AlarmState;
  value: number;
}

export interface Acknowledgement {
  by: string;
  at: number;
  note?: string | undefined;
  /** The Alertmanager silence (comment `ACK! note`) that shares this acknowledgement with the team. */
  silenceId?: string | undefined;
}

export interface Alarm {
  /** Deterministic: `${apiId}/${rule}`, so PagerDuty dedup keys and Alertmanager labels stay stable across restarts. */
  id: string;
  apiId: string;
  /** The owning team's id; undefined for an Unassigned API. */
  team: string | undefined;
  rule: string;
  metric: AlarmMetric;
  severity: Severity;
  state: AlarmState;
  comparison: 'above' | 'below';
  /** Milliseconds for latency metrics, fractions 0..1 for rates, a multiple for burn rates. */
  value: number;
  threshold: number;
  /** When the alarm entered its current state. */
  since: number;
  /** When the current episode started (first pending); the SLA clocks run from `firingAt`. */
  startedAt: number;
  firingAt?: number | undefined;
  resolvedAt?: number | undefined;
  transitions: AlarmTransition[];
  ack?: Acknowledgement | undefined;
  /** Flapping alarms are shown but do not notify on every transition. */
  flapping: boolean;
  /** 0 until the SLA's escalate time passes unacknowledged, then 1, 2, ... through the team's escalation list. */
  escalationLevel: number;
  /** Human text such as "p95 latency 1.2s above 800ms". */
  summary: string;
  /** The maintenance window an open alarm is inside now (the last to end of those covering it): shown, not notified. */
  maintenance?: { name: string; until: number } | undefined;
  /** When the SLA clocks start if not at `firingAt`: an alarm that fires inside maintenance starts them when the window ends. */
  clocksFrom?: number | undefined;
}

export type MuteScope =
  | { kind: 'alarm'; alarmId: string }
  | { kind: 'api'; apiId: string }
  | { kind: 'team'; team: string }
  | { kind: 'rule'; rule: string };

export interface Mute {
  id: string;
  scope: MuteScope;
  createdAt: number;
  until: number;
  by: string;
  reason?: string | undefined;
  /** The Alertmanager silence that shares this mute, once Alertmanager accepted it; unmute expires it. */
  silenceId?: string | undefined;
}

export type AlarmEventKind = 'firing' | 'escalated' | 'acknowledged' | 'unacknowledged' | 'reminder' | 'resolved';

/** What the notifier is told: one event about one alarm, with a snapshot of the alarm at that moment. */
export interface AlarmEvent {
  kind: AlarmEventKind;
  at: number;
  alarm: Alarm;
  /** Who acknowledged (for acknowledged/unacknowledged). */
  actor?: string | undefined;
  note?: string | undefined;
  /** For escalated: the level reached and whom it names in the team's escalation list. */
  escalationLevel?: number | undefined;
  escalationTarget?: string | undefined;
}
