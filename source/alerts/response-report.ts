import { percentile } from '../metrics/percentile.js';
import type { AlarmLogEntry } from '../core/alarm-log-entry.js';
import { SEVERITY_RANK } from './severity.js';
import type { Severity } from '../core/rules.js';

/** How one team answered the alarms of one severity. Times in milliseconds; null when nothing to measure. */
export interface ResponseRow {
  team: string | null;
  severity: Severity;
  alarms: number;
  acknowledged: number;
  resolved: number;
  ackMedianMs: number | null;
  ackP90Ms: number | null;
  resolveMedianMs: number | null;
  resolveP90Ms: number | null;
  /** Episodes whose SLA outcome is known: resolved, or already past a deadline. */
  slaJudged: number;
  slaMet: number;
  /** slaMet / slaJudged, 0..1. */
  slaMetShare: number | null;
}

export interface ResponseReport {
  since: string;
  until: string;
  rows: ResponseRow[];
  /** What maintenance took out of the figures: the time windows were in force in the period, and the alarms that fired inside one. */
  excluded: { maintenanceMs: number; alarms: number };
}

interface Episode {
  team: string | null;
  severity: Severity;
  firingAt: number;
  triageMs: number | undefined;
  resolveMs: number | undefined;
  ackAt: number | undefined;
  resolvedAt: number | undefined;
}

/**
 * Reads the event log into episodes (one per firing, matched to its acks and resolution by alarm id
 * and firing time) that began in [since, now], and sums them up per team and severity. An episode
 * met its SLA when it was acknowledged within triage and resolved within resolve (resolved unacknowledged is a miss), each
 * by the SLA recorded when it fired.
 */
export function buildResponseReport(entries: readonly AlarmLogEntry[], since: number, now: number): ResponseReport {
  const episodes = new Map<string, Episode>();
  const key = (e: AlarmLogEntry): string => `${e.alarmId}@${e.firingAt}`;
  let excludedAlarms = 0;
  for (const entry of entries) {
    const at = Date.parse(entry.at);
    if (entry.kind === 'firing' && entry.severity !== undefined && entry.firingAt !== undefined) {
      const firingAt = Date.parse(entry.firingAt);
      if (firingAt < since || firingAt > now) continue;
      if (typeof entry.maintenance === 'string') {
        excludedAlarms += 1;
        continue;
      }
      episodes.set(key(entry), {
        team: entry.team ?? null,
        severity: entry.severity,
        firingAt,
        triageMs: entry.sla?.triageMs,
        resolveMs: entry.sla?.resolveMs,
        ackAt: undefined,
        resolvedAt: undefined,
      });
      continue;
    }
    const episode = entry.firingAt === undefined ? undefined : episodes.get(key(entry));
    if (!episode) continue;
    if (entry.kind === 'acknowledged' && episode.ackAt === undefined) episode.ackAt = at;
    if (entry.kind === 'resolved' && episode.resolvedAt === undefined) episode.resolvedAt = at;
  }

  const groups = new Map<string, Episode[]>();
  for (const episode of episodes.values()) {
    const group = `${episode.team ?? ''}\u0000${episode.severity}`;
    groups.set(group, [...(groups.get(group) ?? []), episode]);
  }
  const rows = [...groups.values()].map((list) => summarise(list, now));
  rows.sort((a, b) => (a.team ?? '\uffff').localeCompare(b.team ?? '\uffff') || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  return { since: new Date(since).toISOString(), until: new Date(now).toISOString(), rows, excluded: { maintenanceMs: maintenanceTime(entries, since, now), alarms: excludedAlarms } };
}

/** The time in [since, now] some window was in force: each occurrence from its start to its end or its stop, overlaps counted once. */
function maintenanceTime(entries: readonly AlarmLogEntry[], since: number, now: number): number {
  const spans = new Map<string, { start: number; end: number }>();
  for (const entry of entries) {
    const m = entry.maintenance;
    if (typeof m !== 'object') continue;
    const key = `${m.id}|${m.start}`;
    if (entry.kind === 'maintenance_started' && !spans.has(key)) spans.set(key, { start: Date.parse(m.start), end: Date.parse(m.end) });
    const span = spans.get(key);
    if (entry.kind === 'maintenance_ended' && span) span.end = Math.min(span.end, Date.parse(entry.at));
  }
  const clipped = [...spans.values()].map((s) => ({ start: Math.max(s.start, since), end: Math.min(s.end, now) })).filter((s) => s.end > s.start);
  clipped.sort((a, b) => a.start - b.start);
  let total = 0;
  let reached = Number.NEGATIVE_INFINITY;
  for (const span of clipped) {
    const from = Math.max(span.start, reached);
    if (span.end > from) total += span.end - from;
    reached = Math.max(reached, span.end);
  }
  return total;
}

function summarise(list: Episode[], now: number): ResponseRow {
  const first = list[0]!;
  const ackTimes = sorted(list.flatMap((e) => (e.ackAt === undefined ? [] : [e.ackAt - e.firingAt])));
  const resolveTimes = sorted(list.flatMap((e) => (e.resolvedAt === undefined ? [] : [e.resolvedAt - e.firingAt])));
  const verdicts = list.map((e) => slaVerdict(e, now)).filter((v): v is boolean => v !== undefined);
  const met = verdicts.filter(Boolean).length;
  return {
    team: first.team,
    severity: first.severity,
    alarms: list.length,
    acknowledged: ackTimes.length,
    resolved: resolveTimes.length,
    ackMedianMs: percentile(ackTimes, 50) ?? null,
    ackP90Ms: percentile(ackTimes, 90) ?? null,
    resolveMedianMs: percentile(resolveTimes, 50) ?? null,
    resolveP90Ms: percentile(resolveTimes, 90) ?? null,
    slaJudged: verdicts.length,
    slaMet: met,
    slaMetShare: verdicts.length === 0 ? null : met / verdicts.length,
  };
}

/** true met, false missed, undefined not known yet (still open within its deadlines) or no SLA. */
function slaVerdict(episode: Episode, now: number): boolean | undefined {
  if (episode.triageMs === undefined || episode.resolveMs === undefined) return undefined;
  const triageDue = episode.firingAt + episode.triageMs;
  const resolveDue = episode.firingAt + episode.resolveMs;
  // Only an acknowledgement meets triage: an alarm that resolved with nobody on it was not answered in time.
  const acked = episode.ackAt !== undefined && (episode.resolvedAt === undefined || episode.ackAt <= episode.resolvedAt) ? episode.ackAt : undefined;
  if (acked !== undefined ? acked > triageDue : episode.resolvedAt !== undefined || now > triageDue) return false;
  if (episode.resolvedAt !== undefined ? episode.resolvedAt > resolveDue : now > resolveDue) return false;
  return episode.resolvedAt !== undefined ? true : undefined;
}

function sorted(values: number[]): number[] {
  return values.sort((a, b) => a - b);
}
