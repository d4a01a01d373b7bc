import { useRef } from 'react';
import { useStore } from 'zustand';
import { slaClocksFor, slaStatus } from '../alerts/sla-clock.js';
import type { OtherAlert, SilencesStatus } from '../state/alarm-view.js';
import { selectedAlarmIndex } from '../state/selectors.js';
import { ageText, compactSla, compactState, isClearing, SEVERITY_GLYPH, valueText } from './alarm-text.js';
import { distinctName } from './distinct-name.js';
import { clockTime } from './clock-time.js';
import { fit } from './format-row.js';
import { Lines } from './Lines.js';
import { sanitize, shownText } from '../text/sanitize.js';
import type { Painter } from './paint.js';
import type { ViewProps } from './view-props.js';

/** Silences listed under the alarms; the rest are counted. */
const SILENCES_SHOWN = 3;

/** The "Alertmanager silences" section: a count, the first few silences, and what is not shared right now. */
export function silenceSectionLines(status: SilencesStatus, paint: Painter['paint']): string[] {
  const ours = status.active.filter((s) => s.ours).length;
  const listed = status.listedAt === undefined ? 'not listed yet' : `listed ${clockTime(status.listedAt, false)}`;
  const lines = [paint('title', `Alertmanager silences (${status.active.length})`) + paint('dim', `   ${ours} from this dashboard · ${listed}`)];
  for (const silence of status.active.slice(0, SILENCES_SHOWN)) {
    const comment = silence.comment ? `  "${shownText(silence.comment)}"` : '';
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
    lines.push(`  ${SEVERITY_GLYPH[alert.severity]} ${fit(sanitize(alert.alertname), 24)} since ${clockTime(alert.since, false)}  ${shownText(alert.summary)}${labels}`);
  }
  if (others.length > OTHERS_SHOWN) lines.push(paint('dim', `  and ${others.length - OTHERS_SHOWN} more`));
  return lines;
}

/**
 * Column widths: the severity is the row's symbol (‼ ! ▲ i), written out too from 120 columns, where the SLA
 * cell also says an overdue clock in full; the API's name takes everything left, so similar names differ.
 */
export function alarmColumns(width: number) {
  const wide = width >= 120;
  const roomy = width >= 100;
  const fixed = {
    state: roomy ? 16 : 11,
    severity: wide ? 8 : 0,
    sla: wide ? 32 : roomy ? 18 : 12,
    rule: roomy ? 14 : 10,
    value: roomy ? 13 : 12,
    age: roomy ? 6 : 5,
  };
  const used = 2 + Object.values(fixed).reduce((sum, n) => sum + (n > 0 ? n + 1 : 0), 0);
  return { ...fixed, api: Math.max(10, width - used - 1), slaForm: wide ? ('full' as const) : roomy ? ('compact' as const) : ('narrow' as const) };
}

/** Every pending, firing, acknowledged, muted and resolved alarm, in that order, then Alertmanager's silences. */
export function AlarmsView({ store, painter, width, height, now }: ViewProps) {
  const alarms = useStore(store, (s) => s.selectAlarms(s));
  const cursor = useStore(store, (s) => selectedAlarmIndex(s.selectAlarms(s), s.ui));
  const filtered = useStore(store, (s) => s.selectAlarms(s).length !== s.alarms.length);
  const config = useStore(store, (s) => s.config);
  const silences = useStore(store, (s) => s.silences);
  const paused = useStore(store, (s) => s.ui.paused);
  const others = useStore(store, (s) => s.remote?.others);
  const top = useRef(0);
  const { paint } = painter;
  const order = paused ? 'paused: order kept' : 'SLA overdue, firing, pending, acked, muted, resolved';
  const heading = paint('title', `Alarms (${alarms.length})`) + paint('dim', `   ${order} · Enter detail`);
  const selectedAck = alarms[cursor]?.alarm.ack;
  // The note does not fit in a row: the selected alarm's is said under the list, whoever made the ack, wherever.
  const ackLine = selectedAck ? [paint('info', `ACKED by ${sanitize(selectedAck.by)} at ${clockTime(selectedAck.at, false)}${selectedAck.note ? `: "${shownText(selectedAck.note)}"` : ''}`)] : [];
  const otherLines = others && others.length > 0 ? ['', ...otherAlertLines(others, config.teams, paint)] : [];
  const section = [...ackLine, ...otherLines, ...(silences ? ['', ...silenceSectionLines(silences, paint)] : [])];
  const none = filtered ? 'No alarm matches the filter: / types another, Esc clears it.' : 'No alarms: every rule is quiet.';
  if (alarms.length === 0) return <Lines lines={[heading, paint('dim', none), ...section]} width={width} />;
  const listHeight = Math.max(1, height - 2 - section.length);
  if (cursor < top.current) top.current = cursor;
  if (cursor >= top.current + listHeight) top.current = cursor - listHeight + 1;
  top.current = Math.max(0, Math.min(top.current, Math.max(0, alarms.length - listHeight)));
  const apiOf = new Map(config.apis.map((a) => [a.id, a]));
  const teamOf = new Map(config.teams.map((t) => [t.id, t]));
  const w = alarmColumns(width);
  const cell = (text: string, n: number): string => (n > 0 ? ` ${fit(text, n)}` : '');
  const columns = `  ${cell('state', w.state)}${cell('sev', w.severity)}${cell('SLA', w.sla)}${cell('API', w.api)}${cell('rule', w.rule)}${cell('value', w.value)}${cell('age', w.age)}`;
  const at = now();
  const lines = alarms.slice(top.current, top.current + listHeight).map((view, i) => {
    const { alarm } = view;
    const index = top.current + i;
    const quiet = view.mute || view.silence || alarm.maintenance || alarm.suppressedBy || alarm.state !== 'firing' || isClearing(alarm);
    const role = quiet ? 'dim' : alarm.severity === 'page' || alarm.severity === 'critical' ? 'failing' : 'degraded';
    const { policy, clocks } = slaClocksFor(config, alarm);
    const status = slaStatus(alarm, policy, clocks, teamOf.get(alarm.team ?? ''), at);
    const sla = compactSla(alarm, status, w.slaForm);
    const breached = status.breached;
    const state = compactState(view) + (alarm.flapping ? ' ~' : '');
    const age = ageText(Math.max(0, at - (alarm.firingAt ?? alarm.startedAt)));
    const api = apiOf.get(alarm.apiId);
    const name = api ? distinctName(sanitize(api.name), api.family, w.api) : alarm.apiId;
    const line =
      `${index === cursor ? '›' : ' '}${paint(role, SEVERITY_GLYPH[alarm.severity])}${paint(role, cell(sanitize(state), w.state))}${cell(alarm.severity, w.severity)}` +
      `${breached ? paint('breach', cell(sla, w.sla)) : cell(sla, w.sla)}${cell(name, w.api)}${cell(alarm.rule, w.rule)}` +
      `${cell(valueText(alarm), w.value)}${cell(age, w.age)}`;
    return index === cursor ? painter.selected(line) : line;
  });
  return <Lines lines={[heading, paint('dim', fit(columns, width)), ...lines, ...section]} width={width} />;
}
