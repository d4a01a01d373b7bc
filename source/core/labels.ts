import type { Alarm } from './alarm.js';

/**
 * APIs nobody owns. `id` is the `team` label value in metrics and alerts (so silences match it), the team
 * filter's id and what `owner:` and `--team` accept in any case; `name` is what people read.
 */
export const UNASSIGNED = { id: 'unassigned', name: 'Unassigned' } as const;

export function isUnassigned(team: string): boolean {
  return team.toLowerCase() === UNASSIGNED.id;
}

/** An alarm's `team` label: the owning team's id, or the Unassigned one. */
export function teamLabel(team: string | undefined): string {
  return team ?? UNASSIGNED.id;
}

/**
 * The labels api-health puts on an alarm's alert in every path (the alertmanager channel, the exported rules,
 * the metrics, silences). Alertmanager deduplicates and silences by label set, so all paths build it here.
 */
export const ALARM_LABELS = ['alertname', 'api', 'team', 'severity', 'family'] as const;
export type AlarmLabelName = (typeof ALARM_LABELS)[number];

export function alarmLabels(alarm: Pick<Alarm, 'rule' | 'apiId' | 'team' | 'severity'>, family?: string): Partial<Record<AlarmLabelName, string>> {
  return { alertname: alarm.rule, api: alarm.apiId, team: teamLabel(alarm.team), severity: alarm.severity, ...(family ? { family } : {}) };
}
