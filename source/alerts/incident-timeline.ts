import type { AlarmLogEntry } from '../core/alarm-log-entry.js';
import { histogramPercentile } from '../metrics/latency-histogram.js';
import { countedTurns, emptyRollup, mergeRollup, type Rollup, type RollupRow } from '../metrics/rollup.js';

const MINUTE = 60_000;
/** The figures are shown from this long before the episode began to this long after it ended. */
export const TIMELINE_MARGIN_MS = 15 * MINUTE;

/** A note stored beside the figures: a delivery attempt with its result, or an offline spell's edge. */
export interface TimelineNote {
  at: number;
  kind: 'delivery' | 'offline' | 'online';
  alarmId?: string | undefined;
  detail: Record<string, unknown>;
}

export interface MinuteFigures {
  at: number;
  probes: number;
  errorRate: number | null;
  p95Ms: number | null;
}

export interface TimelineEvent {
  at: number;
  /** transition, ack, mute, maintenance, delivery, offline, online */
  kind: string;
  text: string;
}

export interface Notification {
  at: number;
  channel: string;
  event: string;
  result: string;
  attempt: number;
}

export interface IncidentTimeline {
  /** The alarm's id, or "api:ID" for a period of one API. */
  subject: string;
  api: string | undefined;
  rule: string | undefined;
  severity: string | undefined;
  summary: string | undefined;
  /** The episode: from its first pending to its resolution (or the end of the data). */
  start: number;
  end: number;
  firingAt: number | undefined;
  acknowledged: { at: number; by: string | undefined; note: string | undefined } | undefined;
  resolvedAt: number | undefined;
  /** The first minute of the period whose figures were already bad: errors, or p95 above the rule's threshold. */
  firstBadMinute: number | undefined;
  events: TimelineEvent[];
  notifications: Notification[];
  minutes: MinuteFigures[];
  peak: { errorRate: number | null; p95Ms: number | null };
}

export interface TimelineInput {
  entries: readonly AlarmLogEntry[];
  notes: readonly TimelineNote[];
  rows: readonly RollupRow[];
  now: number;
}

/** Where the episode of an alarm lies in the event log: the latest one that fired, else the latest that began. */
export function findEpisode(entries: readonly AlarmLogEntry[], alarmId: string, now: number): { start: number; end: number } | undefined {
  const mine = entries.filter((e) => e.alarmId === alarmId).map((e) => ({ entry: e, at: Date.parse(e.at) }));
  if (mine.length === 0) return undefined;
  const firing = mine.filter((m) => m.entry.kind === 'firing').at(-1);
  const anchor = firing ?? mine.filter((m) => m.entry.kind === 'pending').at(-1) ?? mine.at(-1)!;
  const began = mine.filter((m) => m.entry.kind === 'pending' && m.at <= anchor.at).at(-1)?.at ?? anchor.at;
  const ended = mine.find((m) => m.at >= anchor.at && (m.entry.kind === 'resolved' || (!firing && m.entry.kind === 'cleared')))?.at;
  return { start: Math.min(began, anchor.at), end: ended ?? now };
}

/** The alarm's episode with the figures, transitions, acks, mutes, maintenance, offline spells and deliveries around it. */
export function buildAlarmTimeline(alarmId: string, input: TimelineInput): IncidentTimeline | undefined {
  const episode = findEpisode(input.entries, alarmId, input.now);
  if (!episode) return undefined;
  const from = episode.start - TIMELINE_MARGIN_MS;
  const to = Math.min(input.now, episode.end + TIMELINE_MARGIN_MS);
  const mine = input.entries.filter((e) => e.alarmId === alarmId);
  const first = mine.find((e) => e.api !== undefined) ?? mine[0]!;
  const inEpisode = (e: AlarmLogEntry): boolean => {
    const at = Date.parse(e.at);
    return at >= episode.start && at <= episode.end;
  };
  const firing = mine.find((e) => e.kind === 'firing' && inEpisode(e));
  const ack = mine.find((e) => e.kind === 'acknowledged' && inEpisode(e));
  const resolved = mine.find((e) => e.kind === 'resolved' && inEpisode(e));
  const threshold = first.threshold;
  return assemble({
    subject: alarmId,
    api: first.api,
    rule: first.rule,
    severity: first.severity,
    summary: (firing ?? first).summary,
    episode,
    from,
    to,
    firingAt: firing ? Date.parse(firing.at) : undefined,
    acknowledged: ack ? { at: Date.parse(ack.at), by: ack.actor, note: ack.note } : undefined,
    resolvedAt: resolved ? Date.parse(resolved.at) : undefined,
    entries: input.entries.filter((e) => e.alarmId === alarmId || e.kind === 'maintenance_started' || e.kind === 'maintenance_ended'),
    notes: input.notes.filter((n) => n.kind !== 'delivery' || n.alarmId === alarmId),
    rows: input.rows.filter((r) => r.apiId === first.api),
    isBad: (m) => (m.errorRate ?? 0) > 0 || (threshold !== undefined && threshold > 1 && (m.p95Ms ?? 0) > threshold),
  });
}

/** One API over a period: every alarm of it, and its figures. */
export function buildApiTimeline(apiId: string, from: number, to: number, input: TimelineInput): IncidentTimeline {
  const entries = input.entries.filter((e) => e.api === apiId || e.kind === 'maintenance_started' || e.kind === 'maintenance_ended');
  const alarmIds = new Set(entries.map((e) => e.alarmId).filter((id): id is string => id !== undefined));
  const firing = entries.find((e) => e.kind === 'firing' && Date.parse(e.at) >= from && Date.parse(e.at) < to);
  const ack = entries.find((e) => e.kind === 'acknowledged' && Date.parse(e.at) >= from && Date.parse(e.at) < to);
  const resolved = entries.find((e) => e.kind === 'resolved' && Date.parse(e.at) >= from && Date.parse(e.at) < to);
  return assemble({
    subject: `api:${apiId}`,
    api: apiId,
    rule: undefined,
    severity: undefined,
    summary: undefined,
    episode: { start: from, end: to },
    from,
    to,
    firingAt: firing ? Date.parse(firing.at) : undefined,
    acknowledged: ack ? { at: Date.parse(ack.at), by: ack.actor, note: ack.note } : undefined,
    resolvedAt: resolved ? Date.parse(resolved.at) : undefined,
    entries,
    notes: input.notes.filter((n) => n.kind !== 'delivery' || (n.alarmId !== undefined && alarmIds.has(n.alarmId))),
    rows: input.rows.filter((r) => r.apiId === apiId),
    isBad: (m) => (m.errorRate ?? 0) > 0,
  });
}

interface Parts {
  subject: string;
  api: string | undefined;
  rule: string | undefined;
  severity: string | undefined;
  summary: string | undefined;
  episode: { start: number; end: number };
  from: number;
  to: number;
  firingAt: number | undefined;
  acknowledged: IncidentTimeline['acknowledged'];
  resolvedAt: number | undefined;
  entries: readonly AlarmLogEntry[];
  notes: readonly TimelineNote[];
  rows: readonly RollupRow[];
  isBad: (minute: MinuteFigures) => boolean;
}

function assemble(p: Parts): IncidentTimeline {
  const within = (at: number): boolean => at >= p.from && at <= p.to;
  const minutes = minuteFigures(p.rows, p.from, p.to);
  const events: TimelineEvent[] = [
    ...p.entries.filter((e) => within(Date.parse(e.at))).map((e) => ({ at: Date.parse(e.at), kind: eventKind(e), text: entryText(e) })),
    // A delivery's outcome is the event: the attempt before it says nothing the outcome does not.
    ...p.notes.filter((n) => within(n.at) && n.detail.record !== 'attempt').map((n) => ({ at: n.at, kind: n.kind, text: noteText(n) })),
  ].sort((a, b) => a.at - b.at);
  const notifications = p.notes
    .filter((n) => n.kind === 'delivery' && within(n.at) && (n.detail.record === 'delivered' || n.detail.record === 'failed' || n.detail.record === 'skipped'))
    .map((n) => ({ at: n.at, channel: String(n.detail.channel ?? '?'), event: String(n.detail.event ?? '?'), result: deliveryResult(n), attempt: Number(n.detail.attempt ?? 1) }));
  const errorRates = minutes.map((m) => m.errorRate).filter((v): v is number => v !== null);
  const p95s = minutes.map((m) => m.p95Ms).filter((v): v is number => v !== null);
  return {
    subject: p.subject,
    api: p.api,
    rule: p.rule,
    severity: p.severity,
    summary: p.summary,
    start: p.episode.start,
    end: p.episode.end,
    firingAt: p.firingAt,
    acknowledged: p.acknowledged,
    resolvedAt: p.resolvedAt,
    firstBadMinute: minutes.find((m) => m.at + MINUTE > p.episode.start - TIMELINE_MARGIN_MS && p.isBad(m))?.at,
    events,
    notifications,
    minutes,
    peak: { errorRate: errorRates.length ? Math.max(...errorRates) : null, p95Ms: p95s.length ? Math.max(...p95s) : null },
  };
}

/** Per-minute probes, error rate and p95 of [from, to), minute rows only; a minute without probes has none. */
export function minuteFigures(rows: readonly RollupRow[], from: number, to: number): MinuteFigures[] {
  const byMinute = new Map<number, Rollup>();
  for (const row of rows) {
    if (row.stepMs !== MINUTE || row.start < Math.floor(from / MINUTE) * MINUTE || row.start >= to) continue;
    const rollup = byMinute.get(row.start) ?? emptyRollup();
    byMinute.set(row.start, mergeRollup(rollup, row.rollup));
  }
  return [...byMinute.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([at, r]) => {
      const counted = countedTurns(r);
      const p95 = histogramPercentile(r.latency, 95);
      return { at, probes: counted, errorRate: counted === 0 ? null : (counted - r.ok) / counted, p95Ms: p95 === undefined ? null : Math.round(p95) };
    });
}

function eventKind(e: AlarmLogEntry): string {
  if (e.kind === 'acknowledged' || e.kind === 'unacknowledged') return 'ack';
  if (e.kind === 'muted' || e.kind === 'unmuted' || e.kind === 'mute_expired') return 'mute';
  if (e.kind === 'maintenance_started' || e.kind === 'maintenance_ended') return 'maintenance';
  return 'transition';
}

function entryText(e: AlarmLogEntry): string {
  const who = e.actor ? ` by ${e.actor}` : '';
  switch (e.kind) {
    case 'acknowledged':
      return `acknowledged${who}${e.note ? `: "${e.note}"` : ''}`;
    case 'unacknowledged':
      return `acknowledgement withdrawn${who}`;
    case 'muted':
      return `muted${who}${e.mute ? ` (${e.mute.scopeText}) until ${e.mute.until}${e.mute.reason ? `: ${e.mute.reason}` : ''}` : ''}`;
    case 'unmuted':
      return `unmuted${who}`;
    case 'mute_expired':
      return 'mute expired';
    case 'escalated':
      return `escalated to level ${e.escalationLevel ?? '?'}${e.escalationTarget ? ` (${e.escalationTarget})` : ''}`;
    case 'maintenance_started':
    case 'maintenance_ended': {
      const m = e.maintenance;
      const name = typeof m === 'object' ? m.name : (m ?? '');
      return `maintenance ${e.kind === 'maintenance_started' ? 'started' : 'ended'}: ${name}`;
    }
    default:
      return `${e.kind}${e.summary ? `: ${e.summary}` : ''}${who}`;
  }
}

function noteText(n: TimelineNote): string {
  if (n.kind === 'offline') return 'prober offline: network unreachable';
  if (n.kind === 'online') return 'prober online again';
  return `notification ${String(n.detail.event ?? '')} to ${String(n.detail.channel ?? '?')}: ${deliveryResult(n)}`;
}

function deliveryResult(n: TimelineNote): string {
  const reason = n.detail.reason ? `: ${String(n.detail.reason)}` : n.detail.status === undefined ? '' : `: HTTP ${String(n.detail.status)}`;
  return `${String(n.detail.record ?? '?')}, attempt ${String(n.detail.attempt ?? 1)}${reason}`;
}
