import { formatMetricValue, formatThreshold, metricLabel } from '../alerts/metric-format.js';
import { describeScope, scopeCovers } from '../alerts/mutes.js';
import { slaClocksFor, slaStatus, type SlaClockStatus } from '../alerts/sla-clock.js';
import type { Config } from '../config/types.js';
import type { AlarmLogEntry } from '../core/alarm-log-entry.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
import { formatDuration } from '../core/duration.js';
import type { AlarmView } from '../state/alarm-view.js';
import { sanitize, shownText } from '../text/sanitize.js';
import { clearingText, compactState, SEVERITY_GLYPH, valueText } from './alarm-text.js';
import { clockTime } from './clock-time.js';
import type { Painter } from './paint.js';

export interface AlarmStory {
  view: AlarmView;
  config: Config;
  log: readonly AlarmLogEntry[];
  deliveries: readonly DeliveryRecord[];
  now: number;
  /** The rule has had too few samples to judge since the alarm fired (restored after a restart, or no probes). */
  noData?: boolean | undefined;
}

interface Moment {
  at: number;
  text: string;
}

/** Everything known about one alarm: where it stands now, its rule and SLA clocks, every transition, and each delivery. */
export function alarmDetailLines({ view, config, log: allLog, deliveries: allDeliveries, now, noData }: AlarmStory, { paint }: Painter): string[] {
  // This episode's story only: an alarm id is its API and rule, the same across episodes, so what came
  // before this episode began (an earlier firing's acks and deliveries) is left out.
  const episode = view.alarm.startedAt;
  const log = allLog.filter((entry) => Date.parse(entry.at) >= episode || entry.kind === 'muted');
  const deliveries = allDeliveries.filter((d) => d.at >= episode);
  const { alarm } = view;
  const api = config.apis.find((a) => a.id === alarm.apiId);
  const rule = api?.rules.find((r) => r.name === alarm.rule);
  const label = (text: string): string => paint('dim', text.padEnd(11));
  const lines = [
    paint('title', `${SEVERITY_GLYPH[alarm.severity]} ${compactState(view)}  ${alarm.rule} on ${sanitize(api?.name ?? alarm.apiId)}`) + paint('dim', `   ${alarm.severity} · Esc back`),
    `${label('Now')}${
      noData && alarm.state === 'firing'
        ? `${paint('failing', 'firing (no data)')}: no fresh samples to judge yet; last judged ${valueText(alarm)} (${metricLabel(alarm.metric)})`
        : (clearingText(view, now) ?? `${valueText(alarm)} (${metricLabel(alarm.metric)})`)
    }`,
  ];
  if (rule) {
    const resolve = rule.resolveAfterMs > 0 ? `, resolves after ${formatDuration(rule.resolveAfterMs)} clear` : '';
    lines.push(`${label('Rule')}${rule.name}: ${metricLabel(rule.metric)} ${rule.comparison} ${formatThreshold(rule.metric, rule.threshold)}${rule.forMs > 0 ? ` for ${formatDuration(rule.forMs)}` : ", at once"}${resolve}, at least ${rule.minSamples} samples`);
  }
  lines.push(`${label('SLA')}${slaLine(view, config, now)}`);
  if (alarm.ack) {
    const note = alarm.ack.note ? ` "${shownText(alarm.ack.note)}"` : '';
    lines.push(`${label('Ack')}${sanitize(alarm.ack.by)} at ${clockTime(alarm.ack.at)}${note}`);
  }
  if (view.mute) {
    const reason = view.mute.reason ? ` "${sanitize(view.mute.reason)}"` : '';
    const silence = view.mute.silenceId ? ` · silence ${sanitize(view.mute.silenceId)}` : '';
    lines.push(`${label('Muted')}${describeScope(view.mute.scope)} by ${sanitize(view.mute.by)} until ${clockTime(view.mute.until, false)}${reason}${silence}`);
  }
  if (view.silence) {
    lines.push(`${label('Silence')}${sanitize(view.silence.id)} by ${sanitize(view.silence.createdBy)} until ${clockTime(view.silence.until, false)} "${shownText(view.silence.comment)}"`);
  }
  lines.push('', paint('title', 'Timeline'), ...timeline(view, log, deliveries).map((m) => `  ${paint('dim', clockTime(m.at))}  ${m.text}`));
  const mine = deliveries.filter((d) => d.events.some((e) => e.alarmId === alarm.id) && d.record !== 'queued' && d.record !== 'attempt');
  // Deliveries read back from history.db after a restart carry no route.
  const routes = [...new Set(mine.flatMap((d) => d.events.filter((e) => e.alarmId === alarm.id && e.route !== '').map((e) => e.route)))];
  const heading = mine.length === 0 ? '   none recorded' : routes.length > 0 ? `   route ${routes.map(sanitize).join(', ')}` : '';
  lines.push('', paint('title', 'Deliveries') + paint('dim', heading));
  for (const d of mine) {
    const kinds = [...new Set(d.events.filter((e) => e.alarmId === alarm.id).map((e) => e.kind))].join(', ');
    const outcome = d.record === 'delivered' ? paint('healthy', 'delivered') : paint(d.record === 'failed' ? 'failing' : 'degraded', d.record);
    const why = d.record === 'delivered' ? '' : ` ${sanitize(d.reason)}`;
    lines.push(`  ${paint('dim', clockTime(d.at))}  ${sanitize(d.channel)} (${d.channelType}) ${kinds}: ${outcome}${why}`);
  }
  return lines;
}

function slaLine(view: AlarmView, config: Config, now: number): string {
  const { alarm } = view;
  const { policy, clocks } = slaClocksFor(config, alarm);
  if (!clocks) return `no SLA for ${alarm.severity} in policy ${policy}`;
  const team = config.teams.find((t) => t.id === alarm.team);
  const status = slaStatus(alarm, policy, clocks, team, now);
  const clock = (name: string, c: SlaClockStatus | undefined): string => {
    if (!c) return `${name} from firing`;
    if (c.breached && !c.stopped) return `${name} BREACH +${formatDuration(c.overdueMs)} (due ${clockTime(c.dueAt, false)})`;
    if (c.stopped) return `${name} ${c.breached ? 'missed' : 'met'} (due ${clockTime(c.dueAt, false)})`;
    return `${name} due ${clockTime(c.dueAt, false)}, in ${formatDuration(c.remainingMs)}`;
  };
  const escalation = status.escalationLevel > 0 ? ` · escalated L${status.escalationLevel}${status.escalationTarget ? ` to ${sanitize(status.escalationTarget)}` : ''}` : '';
  return `${policy}: ${clock('triage', status.triage)} · ${clock('resolve', status.resolve)}${escalation}`;
}

/** The transitions the alarm carries, then what the log and the notifier add; in time order. */
function timeline(view: AlarmView, log: readonly AlarmLogEntry[], deliveries: readonly DeliveryRecord[]): Moment[] {
  const { alarm } = view;
  const moments: Moment[] = alarm.transitions.map((t) => ({ at: t.at, text: `${t.to}${Number.isFinite(t.value) ? ` at ${formatMetricValue(alarm.metric, t.value)}` : ''}` }));
  const fromTransitions = new Set(['pending', 'firing', 'resolved']);
  for (const entry of log) {
    const at = Date.parse(entry.at);
    const about = entry.alarmId === alarm.id || (entry.mute !== undefined && scopeCovers(entry.mute.scope, alarm));
    if (!about || fromTransitions.has(entry.kind)) continue;
    moments.push({ at, text: logText(entry) });
  }
  if (alarm.ack && !log.some((e) => e.alarmId === alarm.id && e.kind === 'acknowledged')) {
    moments.push({ at: alarm.ack.at, text: `acknowledged by ${sanitize(alarm.ack.by)}${alarm.ack.note ? ` "${shownText(alarm.ack.note)}"` : ''}` });
  }
  if (view.mute && !log.some((e) => e.kind === 'muted' && e.mute?.id === view.mute!.id)) {
    moments.push({ at: view.mute.createdAt, text: muteText(view.mute.by, describeScope(view.mute.scope), view.mute.until, view.mute.reason) });
  }
  for (const d of deliveries) {
    if (d.record !== 'delivered') continue;
    if (d.events.some((e) => e.alarmId === alarm.id && e.kind === 'reminder')) moments.push({ at: d.at, text: `reminder sent to ${sanitize(d.channel)}` });
  }
  return moments.sort((a, b) => a.at - b.at);
}

function muteText(by: string, scope: string, until: number, reason: string | undefined): string {
  return `muted (${scope}) by ${sanitize(by)} until ${clockTime(until, false)}${reason ? ` "${sanitize(reason)}"` : ''}`;
}

function logText(entry: AlarmLogEntry): string {
  const actor = entry.actor ? ` by ${sanitize(entry.actor)}` : '';
  switch (entry.kind) {
    case 'acknowledged':
      return `acknowledged${actor}${entry.note ? ` "${shownText(entry.note)}"` : ''}`;
    case 'escalated':
      return `escalated to L${entry.escalationLevel ?? '?'}${entry.escalationTarget ? ` (${sanitize(entry.escalationTarget)})` : ''}`;
    case 'muted':
      return muteText(entry.actor ?? '?', entry.mute?.scopeText ?? '?', Date.parse(entry.mute?.until ?? ''), entry.mute?.reason);
    case 'unmuted':
      return `unmuted${actor}`;
    case 'mute_expired':
      return 'mute ended';
    case 'cleared':
      return 'condition cleared before firing';
    case 'settled':
      return 'stopped flapping';
    default:
      return `${entry.kind}${actor}`;
  }
}
