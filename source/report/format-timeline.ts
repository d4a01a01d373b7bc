import { formatDuration } from '../core/duration.js';
import type { IncidentTimeline } from '../alerts/incident-timeline.js';
import { render, type Block, type DocFormat } from '../text/markup.js';
import { sanitize } from '../text/sanitize.js';

/** Times in UTC, to the second: a post-incident report is read across time zones. */
const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const after = (from: number, to: number | undefined): string => (to === undefined ? '-' : `${utc(to)} (${formatDuration(Math.max(0, to - from))} after the start)`);

/** A post-incident report: summary, detection, who was notified when, the timeline, the per-minute figures. */
export function formatTimelineDocument(t: IncidentTimeline, format: DocFormat): string {
  const title = t.rule ? `Incident: ${t.api ?? '?'} ${t.rule}${t.severity ? ` (${t.severity})` : ''}` : `Timeline: ${t.api ?? t.subject}`;
  const summary: string[][] = [
    ['Alarm', t.subject],
    ...(t.summary ? [['What', t.summary]] : []),
    ['Began', utc(t.start)],
    ['Fired', after(t.start, t.firingAt)],
    ['Acknowledged', t.acknowledged ? `${after(t.start, t.acknowledged.at)}${t.acknowledged.by ? ` by ${t.acknowledged.by}` : ''}${t.acknowledged.note ? `: "${t.acknowledged.note}"` : ''}` : '-'],
    ['Resolved', after(t.start, t.resolvedAt)],
    ['Lasted', formatDuration(Math.max(0, (t.resolvedAt ?? t.end) - t.start))],
    ['Worst minute', `${t.peak.errorRate === null ? '-' : `${Math.round(t.peak.errorRate * 100)}% errors`}, ${t.peak.p95Ms === null ? '-' : `p95 ${t.peak.p95Ms}ms`}`],
  ];
  const detection =
    t.firstBadMinute === undefined
      ? 'No minute of the stored figures around the alarm was bad (no history, or a rule on figures the minute rows do not hold).'
      : `The figures were first bad in the minute from ${utc(t.firstBadMinute)}. The alarm went pending at ${utc(t.start)}` +
        (t.firingAt === undefined ? ' and never fired.' : ` and fired at ${utc(t.firingAt)}, ${formatDuration(Math.max(0, t.firingAt - t.start))} later.`) +
        (t.notifications.length === 0 ? '' : ` The first notification went out at ${utc(t.notifications[0]!.at)}.`);
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: title },
    { kind: 'heading', level: 3, text: 'Summary' },
    { kind: 'table', header: ['', ''], rows: summary.map((row) => row.map((cell) => [sanitize(cell)])) },
    { kind: 'heading', level: 3, text: 'Detection' },
    { kind: 'paragraph', content: [detection] },
    { kind: 'heading', level: 3, text: 'Notifications' },
    t.notifications.length === 0
      ? { kind: 'paragraph', content: ['Nothing was sent for it.'] }
      : {
          kind: 'table',
          header: ['Time', 'Channel', 'Event', 'Result'],
          rows: t.notifications.map((n) => [[utc(n.at)], [sanitize(n.channel)], [n.event], [sanitize(n.result)]]),
        },
    { kind: 'heading', level: 3, text: 'Timeline' },
    t.events.length === 0
      ? { kind: 'paragraph', content: ['Nothing logged in the period.'] }
      : { kind: 'table', header: ['Time', 'What', 'Detail'], rows: t.events.map((e) => [[utc(e.at)], [e.kind], [sanitize(e.text)]]) },
    { kind: 'heading', level: 3, text: 'Per minute' },
    t.minutes.length === 0
      ? { kind: 'paragraph', content: ['No minute rows stored for the period (history off, or older than history.fine).'] }
      : {
          kind: 'table',
          header: ['Minute (UTC)', 'Probes', 'Errors', 'p95'],
          rows: t.minutes.map((m) => [[clock(m.at).slice(0, 5)], [String(m.probes)], [m.errorRate === null ? '-' : `${Math.round(m.errorRate * 100)}%`], [m.p95Ms === null ? '-' : `${m.p95Ms}ms`]]),
        },
  ];
  return render(blocks, format);
}

export function timelineJson(t: IncidentTimeline): unknown {
  const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    ...t,
    start: iso(t.start),
    end: iso(t.end),
    firingAt: iso(t.firingAt),
    resolvedAt: iso(t.resolvedAt),
    firstBadMinute: iso(t.firstBadMinute),
    acknowledged: t.acknowledged ? { ...t.acknowledged, at: iso(t.acknowledged.at) } : null,
    events: t.events.map((e) => ({ ...e, at: iso(e.at) })),
    notifications: t.notifications.map((n) => ({ ...n, at: iso(n.at) })),
    minutes: t.minutes.map((m) => ({ ...m, at: iso(m.at) })),
  };
}
