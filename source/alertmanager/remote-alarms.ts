import type { Alarm } from '../core/alarm.js';
import { SEVERITIES, type Severity } from '../core/rules.js';
import type { Config } from '../config/types.js';
import { ackNote, isAckSilence, type Silence } from './silence-model.js';
import { SilenceIndex } from './silence-index.js';

/** An alert as Alertmanager's `GET /api/v2/alerts` answers it, the fields --remote reads. */
export interface RemoteAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
}

/** An alert of a configured team that api-health did not raise (e.g. a hand-written Prometheus rule), shown under its team in --remote. */
export interface OtherAlert {
  team: string;
  alertname: string;
  severity: Severity;
  summary: string;
  since: number;
  /** Its other labels, amtool's way: "instance=db1:9100 job=node". */
  labels: string;
}

/**
 * The team's alarms as Alertmanager holds them: an alert whose `api` label names a configured API is that API's
 * alarm (`api/alertname`, acknowledged when an `ACK!` silence covers it); an alert of a configured team (its
 * `team` label) that names no configured API is one of that team's "other alerts", e.g. from a hand-written
 * Prometheus rule. Alerts of other teams are not ours to show.
 */
export function alarmsFromAlerts(
  alerts: readonly RemoteAlert[],
  config: Pick<Config, 'apis' | 'teams'>,
  silences: readonly Silence[] | SilenceIndex,
): { alarms: Alarm[]; others: OtherAlert[] } {
  const apis = new Map(config.apis.map((api) => [api.id, api]));
  const teams = new Set(config.teams.map((t) => t.id));
  const index = silences instanceof SilenceIndex ? silences : new SilenceIndex(silences);
  const rules = new Map(config.apis.map((api) => [api.id, new Map(api.rules.map((r) => [r.name, r]))]));
  const alarms = new Map<string, Alarm>();
  const others: OtherAlert[] = [];
  for (const alert of alerts) {
    const { alertname = '', api: apiId, team } = alert.labels;
    const startsAt = Date.parse(alert.startsAt);
    const api = apiId === undefined ? undefined : apis.get(apiId);
    const severity = asSeverity(alert.labels.severity);
    const summary = alert.annotations.summary ?? alert.annotations.description ?? alertname;
    if (!api) {
      if (team !== undefined && teams.has(team)) others.push({ team, alertname, severity, summary, since: startsAt, labels: otherLabels(alert.labels) });
      continue;
    }
    const id = `${api.id}/${alertname}`;
    // Prometheus' rule and the monitor's post of one alarm can reach Alertmanager with different extra labels.
    const known = alarms.get(id);
    if (known && known.startedAt <= startsAt) continue;
    const rule = rules.get(api.id)!.get(alertname);
    const alarm: Alarm = {
      id,
      apiId: api.id,
      team: api.owner,
      rule: alertname,
      metric: rule?.metric ?? 'availability',
      severity,
      state: 'firing',
      comparison: rule?.comparison ?? 'above',
      value: Number.NaN,
      threshold: rule?.threshold ?? Number.NaN,
      since: startsAt,
      startedAt: startsAt,
      firingAt: startsAt,
      transitions: [],
      flapping: false,
      escalationLevel: 0,
      summary,
    };
    // Whether a silence covers the alert is read from the alert's own labels, as Alertmanager reads it.
    const own = { rule: alertname, apiId: api.id, team: team ?? api.owner, severity: (alert.labels.severity ?? severity) as Severity };
    const ack = index
      .covering(own, alert.labels.family ?? api.family)
      .filter(isAckSilence)
      .sort((a, b) => b.endsAt - a.endsAt)[0];
    alarms.set(id, ack ? { ...alarm, ack: { by: ack.createdBy, at: ack.startsAt, note: ackNote(ack), silenceId: ack.id } } : alarm);
  }
  return { alarms: [...alarms.values()], others: others.sort((a, b) => a.team.localeCompare(b.team) || b.since - a.since) };
}

function asSeverity(text: string | undefined): Severity {
  return (SEVERITIES as readonly string[]).includes(text ?? '') ? (text as Severity) : 'warning';
}

/** What tells one other alert from another: its labels but the ones already shown. */
function otherLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([name]) => name !== 'alertname' && name !== 'team' && name !== 'severity')
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}
