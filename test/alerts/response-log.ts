import type { AlarmLogEntry } from '../../source/core/alarm-log-entry.js';
import type { Severity } from '../../source/core/rules.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SLA: Record<Severity, { triageMs: number; escalateMs: number; resolveMs: number }> = {
  page: { triageMs: 5 * MINUTE, escalateMs: 15 * MINUTE, resolveMs: 4 * HOUR },
  critical: { triageMs: 15 * MINUTE, escalateMs: HOUR, resolveMs: DAY },
  warning: { triageMs: 4 * HOUR, escalateMs: DAY, resolveMs: 7 * DAY },
  info: { triageMs: 7 * DAY, escalateMs: 14 * DAY, resolveMs: 30 * DAY },
};

interface Episode {
  api: string;
  team: string | undefined;
  severity: Severity;
  firingAt: number;
  /** Offsets from firing. */
  acks?: number[];
  unackAt?: number;
  resolveAfter?: number;
}

/**
 * A week of alarms ending at `now`, written as the tracker writes them. Expected figures (7d window):
 * - ctt/critical: 1 alarm still open inside its triage time: no SLA verdict yet.
 * - mwi/page: 4 alarms; acks after 2m, 4m, 10m (median 4m, p90 10m); resolved after 1h, 2h, 5h
 *   (median 2h, p90 5h); SLA met 1 of 4 (late ack, late resolution, one unacked past triage).
 * - mwi/warning: 1 alarm resolved after 30m without an ack: met.
 * - unassigned/page: 1 alarm acked after 1m, resolved after 10m: met.
 * - one mwi/page alarm from 9 days ago, outside the window.
 */
export function handMadeLog(now: number): AlarmLogEntry[] {
  const start = now - 7 * DAY;
  const episodes: Episode[] = [
    { api: 'old', team: 'mwi', severity: 'page', firingAt: now - 9 * DAY, acks: [MINUTE], resolveAfter: 2 * MINUTE },
    { api: 'a1', team: 'mwi', severity: 'page', firingAt: start + HOUR, acks: [2 * MINUTE, 20 * MINUTE], unackAt: 3 * MINUTE, resolveAfter: HOUR },
    { api: 'a2', team: 'mwi', severity: 'page', firingAt: start + DAY, acks: [10 * MINUTE], resolveAfter: 2 * HOUR },
    { api: 'a3', team: 'mwi', severity: 'page', firingAt: start + 2 * DAY, acks: [4 * MINUTE], resolveAfter: 5 * HOUR },
    { api: 'a4', team: 'mwi', severity: 'page', firingAt: now - 10 * MINUTE },
    { api: 'w1', team: 'mwi', severity: 'warning', firingAt: start + 3 * DAY, resolveAfter: 30 * MINUTE },
    { api: 'c1', team: 'ctt', severity: 'critical', firingAt: now - 5 * MINUTE },
    { api: 'u1', team: undefined, severity: 'page', firingAt: start + 4 * DAY, acks: [MINUTE], resolveAfter: 10 * MINUTE },
  ];
  const entries: { ms: number; entry: AlarmLogEntry }[] = [];
  for (const e of episodes) {
    const base = { alarmId: `${e.api}/Rule`, api: e.api, team: e.team, rule: 'Rule', severity: e.severity, firingAt: iso(e.firingAt) };
    const add = (ms: number, fields: Partial<AlarmLogEntry> & Pick<AlarmLogEntry, 'kind'>): void => {
      entries.push({ ms, entry: { ...base, at: iso(ms), ...fields } });
    };
    entries.push({ ms: e.firingAt - MINUTE, entry: { at: iso(e.firingAt - MINUTE), kind: 'pending', alarmId: base.alarmId, api: e.api, team: e.team, rule: 'Rule', severity: e.severity } });
    add(e.firingAt, { kind: 'firing', slaPolicy: 'standard', sla: SLA[e.severity] });
    for (const ack of e.acks ?? []) add(e.firingAt + ack, { kind: 'acknowledged', actor: 'bob' });
    if (e.unackAt !== undefined) add(e.firingAt + e.unackAt, { kind: 'unacknowledged', actor: 'bob' });
    if (e.resolveAfter !== undefined) add(e.firingAt + e.resolveAfter, { kind: 'resolved' });
  }
  return entries.sort((a, b) => a.ms - b.ms).map((e) => e.entry);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
