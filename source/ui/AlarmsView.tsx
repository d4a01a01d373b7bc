import { useRef } from 'react';
import { useStore } from 'zustand';
import { formatMetricValue, formatThreshold } from '../alerts/metric-format.js';
import { formatDuration } from '../core/duration.js';
import type { AlarmView, OtherAlert, SilencesStatus } from '../state/alarm-view.js';
import type { FleetStore } from '../state/fleet-state.js';
import { SEVERITY_GLYPH } from './alarm-text.js';
import { clockTime } from './clock-time.js';
import { fit } from './format-row.js';
import { Lines } from './Lines.js';
import { sanitize } from '../text/sanitize.js';
import type { Painter } from './paint.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
  height: number;
  now: () => number;
}

function stateText(view: AlarmView): string {
  if (view.mute) return `MUTED until ${clockTime(view.mute.until, false)}`;
  if (view.silence) return `AM silence until ${clockTime(view.silence.until, false)}`;
  // The author may come from an Alertmanager silence anyone on the team made.
  if (view.alarm.ack) return `ACKED by ${sanitize(view.alarm.ack.by)}`;
  return view.alarm.state.toUpperCase();
}

/** Silences listed under the alarms; the rest are counted. */
const SILENCES_SHOWN = 3;

/** The "Alertmanager silences" section: a count, the first few silences, and what is not shared right now. */
export function silenceSectionLines(status: SilencesStatus, paint: Painter['paint']): string[] {
  const ours = status.active.filter((s) => s.ours).length;
  const listed = status.listedAt === undefined ? 'not listed yet' : `listed ${clockTime(status.listedAt, false)}`;
  const lines = [paint('title', `Alertmanager silences (${status.active.length})`) + paint('dim', `   ${ours} from this dashboard · ${listed}`)];
  for (const silence of status.active.slice(0, SILENCES_SHOWN)) {
    const comment = silence.comment ? `  "${sanitize(silence.comment)}"` : '';
    lines.push(`  until ${clockTime(silence.until, false)} by ${fit(sanitize(silence.createdBy), 12)} ${sanitize(silence.matchers)}${paint('dim', comment)}`);
  }
  if (status.active.length > SILENCES_SHOWN) lines.push(paint('dim', `  and ${status.active.length - SILENCES_SHOWN} more`));
  if (status.problem) lines.push(paint('degraded', `! ${sanitize(status.problem)}`));
  return lines;
}

/** Other alerts shown at most; the rest are counted. */
const OTHERS_SHOWN = 5;

/** --remote: alerts of our teams that api-health did not raise (any Prometheus rule with their team label), under each team. */
export function otherAlertLines(others: readonly OtherAlert[], teams: readonly { id: string; name: string }[], paint: Painter['paint']): string[] {
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const lines: string[] = [];
  let team: string | undefined;
  for (const alert of others.slice(0, OTHERS_SHOWN)) {
    if (alert.team !== team) {
      team = alert.team;
      lines.push(paint('title', `Other alerts · ${sanitize(names.get(team) ?? team)}`));
    }
    const labels = alert.labels ? paint('dim', `  ${sanitize(alert.labels)}`) : '';
    lines.push(`  ${SEVERITY_GLYPH[alert.severity]} ${fit(sanitize(alert.alertname), 24)} since ${clockTime(alert.since, false)}  ${sanitize(alert.summary)}${labels}`);
  }
  if (others.length > OTHERS_SHOWN) lines.push(paint('dim', `  and ${others.length - OTHERS_SHOWN} more`));
  return lines;
}

/**
 * Column widths: the SLA clock comes right after the state, since a breach is what needs seeing first;
 * the API name takes what is left; below 120 columns age goes, and the severity shows by its glyph alone.
 */
function alarmColumns(width: number) {
  const wide = width >= 120;
  const fixed = { state: 22, severity: wide ? 8 : 0, sla: 30, rule: 14, value: wide ? 16 : 14, age: wide ? 6 : 0 };
  const used = 3 + Object.values(fixed).reduce((sum, n) => sum + (n > 0 ? n + 1 : 0), 0);
  return { ...fixed, api: Math.max(12, Math.min(32, width - used)) };
}

/** Every pending, firing, acknowledged and muted alarm with its SLA clock and escalation level, then Alertmanager's silences. */
export function AlarmsView({ store, painter, width, height, now }: Props) {
  const alarms = useStore(store, (s) => s.alarms);
  const cursor = useStore(store, (s) => s.ui.alarmCursor);
  const config = useStore(store, (s) => s.config);
  const silences = useStore(store, (s) => s.silences);
  const others = useStore(store, (s) => s.remote?.others);
  const top = useRef(0);
  const { paint } = painter;
  const heading = paint('title', `Alarms (${alarms.length})`) + paint('dim', '   severity, then age · a ack  U un-ack  m mute  u unmute  Esc back');
  const selectedAck = alarms[cursor]?.alarm.ack;
  // The note does not fit in a row: the selected alarm's is said under the list, whoever made the ack, wherever.
  const ackLine = selectedAck ? [paint('info', `ACKED by ${sanitize(selectedAck.by)} at ${clockTime(selectedAck.at, false)}${selectedAck.note ? `: "${sanitize(selectedAck.note)}"` : ''}`)] : [];
  const otherLines = others && others.length > 0 ? ['', ...otherAlertLines(others, config.teams, paint)] : [];
  const section = [...ackLine, ...otherLines, ...(silences ? ['', ...silenceSectionLines(silences, paint)] : [])];
  if (alarms.length === 0) return <Lines lines={[heading, paint('dim', 'No alarms: every rule is quiet.'), ...section]} width={width} />;
  const listHeight = Math.max(1, height - 2 - section.length);
  if (cursor < top.current) top.current = cursor;
  if (cursor >= top.current + listHeight) top.current = cursor - listHeight + 1;
  top.current = Math.max(0, Math.min(top.current, Math.max(0, alarms.length - listHeight)));
  const nameOf = new Map(config.apis.map((a) => [a.id, a.name]));
  const w = alarmColumns(width);
  const columns = `   ${fit('state', w.state)}${w.severity ? ` ${fit('sev', w.severity)}` : ''} ${fit('SLA', w.sla)} ${fit('API', w.api)} ${fit('rule', w.rule)} ${fit('value / threshold', w.value)}${w.age ? ` ${fit('age', w.age)}` : ''}`;
  const lines = alarms.slice(top.current, top.current + listHeight).map((view, i) => {
    const { alarm } = view;
    const index = top.current + i;
    const role = view.mute || view.silence ? 'dim' : alarm.state === 'pending' ? 'dim' : alarm.severity === 'page' || alarm.severity === 'critical' ? 'failing' : 'degraded';
    const bound = `${alarm.comparison === 'above' ? '>' : '<'} ${formatThreshold(alarm.metric, alarm.threshold)}`;
    // An alarm read from Alertmanager (--remote) carries no value; its threshold is the configured rule's.
    const value = Number.isNaN(alarm.value) ? bound : `${formatMetricValue(alarm.metric, alarm.value)} ${bound}`;
    const age = formatDuration(Math.max(0, now() - (alarm.firingAt ?? alarm.startedAt)));
    const escalation = alarm.escalationLevel > 0 ? ` · escalated L${alarm.escalationLevel}${view.sla?.escalationTarget ? ` ${view.sla.escalationTarget}` : ''}` : '';
    const slaText = view.sla?.text ?? '';
    const flapping = alarm.flapping ? ' (flapping)' : '';
    const silence = view.silence ? ` · AM silence by ${sanitize(view.silence.createdBy)}` : '';
    const slaCell = view.sla?.breached ? paint('breach', fit(slaText, w.sla)) : fit(slaText, w.sla);
    const line =
      `${index === cursor ? '›' : ' '}${paint(role, SEVERITY_GLYPH[alarm.severity])} ${paint(role, fit(stateText(view) + flapping, w.state))} ` +
      `${w.severity ? `${fit(alarm.severity, w.severity)} ` : ''}${slaCell} ${fit(nameOf.get(alarm.apiId) ?? alarm.apiId, w.api)} ${fit(alarm.rule, w.rule)} ${fit(value, w.value)}` +
      `${w.age ? ` ${fit(age, w.age)}` : ''}${escalation}${silence}`;
    return index === cursor ? painter.selected(line) : line;
  });
  return <Lines lines={[heading, paint('dim', fit(columns, width)), ...lines, ...section]} width={width} />;
}
