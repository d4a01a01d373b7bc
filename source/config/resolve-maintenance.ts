import type { RawMaintenanceWindow } from './schema.js';
import type { ApiConfig, MaintenanceMatch, MaintenanceSchedule, MaintenanceWindow, Team } from './types.js';
import { isTimeZone, normalisedRrule, weekdayRecurrence } from './maintenance.js';
import { isUnassigned, UNASSIGNED } from '../core/labels.js';

/** resolve.ts's issue shape, restated: that module imports this one. */
type ConfigPath = (string | number)[];
interface ResolveIssue {
  path: ConfigPath;
  message: string;
}

/** The config's maintenance windows, each checked: one schedule, a real zone, a duration, and names that exist. */
export function resolveMaintenance(raw: readonly RawMaintenanceWindow[], apis: readonly ApiConfig[], teams: readonly Team[], issues: ResolveIssue[]): MaintenanceWindow[] {
  return raw.flatMap((w, index) => {
    const at = (...rest: ConfigPath): ConfigPath => ['maintenance', index, ...rest];
    checkMatch(w.match, at, apis, teams, issues);
    const resolved = schedule(w, at, issues);
    if (!resolved) return [];
    const window: MaintenanceWindow = { id: `config-${index + 1}`, name: w.name, match: matchOf(w.match), ...resolved, reason: w.reason };
    return [window];
  });
}

function schedule(w: RawMaintenanceWindow, at: (...rest: ConfigPath) => ConfigPath, issues: ResolveIssue[]): { schedule: MaintenanceSchedule; durationMs: number } | undefined {
  if ((w.every === undefined) === (w.start === undefined)) {
    issues.push({ path: at(), message: `maintenance "${w.name}" needs exactly one of "every" (recurring) or "start" (one-off)` });
    return undefined;
  }
  const timezone = w.timezone ?? 'UTC';
  if (!isTimeZone(timezone)) {
    issues.push({ path: at('timezone'), message: `unknown time zone "${timezone}" (use an IANA name such as UTC or Europe/Berlin)` });
    return undefined;
  }
  if (w.start !== undefined) {
    const start = Date.parse(w.start);
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(w.start.trim()) || Number.isNaN(start)) {
      issues.push({ path: at('start'), message: `invalid start "${w.start}" (expected an ISO 8601 time with a zone, such as 2026-12-03T14:00:00Z)` });
      return undefined;
    }
    if (w.duration === undefined) {
      issues.push({ path: at(), message: `maintenance "${w.name}" needs a "duration" with its start` });
      return undefined;
    }
    return { schedule: { kind: 'once', start }, durationMs: w.duration };
  }
  const every = w.every!;
  const weekly = weekdayRecurrence(every);
  if (weekly) return { schedule: { kind: 'recurring', rrule: weekly.rrule, timezone }, durationMs: w.duration ?? weekly.durationMs };
  if (/^\s*[A-Za-z,-]+\s+\d/.test(every)) {
    issues.push({ path: at('every'), message: `invalid weekday range "${every}" (expected e.g. "TH 19:00-20:00" or "MO-FR 06:00-06:30")` });
    return undefined;
  }
  const rule = normalisedRrule(every);
  if ('error' in rule) {
    issues.push({ path: at('every'), message: `invalid recurrence "${every}": ${rule.error} (expected weekdays and times such as "TH 19:00-20:00" or an RRULE)` });
    return undefined;
  }
  if (w.duration === undefined) {
    issues.push({ path: at(), message: `maintenance "${w.name}" needs a "duration" with an RRULE` });
    return undefined;
  }
  return { schedule: { kind: 'recurring', rrule: rule.rrule, timezone }, durationMs: w.duration };
}

function checkMatch(match: RawMaintenanceWindow['match'], at: (...rest: ConfigPath) => ConfigPath, apis: readonly ApiConfig[], teams: readonly Team[], issues: ResolveIssue[]): void {
  const known = { api: apis.map((a) => a.id), team: [...teams.map((t) => t.id), UNASSIGNED.id], family: [...new Set(apis.map((a) => a.family))] };
  if (Object.values(match).every((values) => values === undefined)) {
    issues.push({ path: at('match'), message: 'a maintenance window must match something: give family, team, api or rule' });
  }
  for (const key of ['api', 'team', 'family'] as const) {
    (match[key] ?? []).forEach((value, i) => {
      if (!known[key].includes(key === 'team' && isUnassigned(value) ? UNASSIGNED.id : value)) issues.push({ path: at('match', key, ...(Array.isArray(match[key]) ? [i] : [])), message: `unknown ${key} "${value}" (known: ${known[key].join(', ') || 'none defined'})` });
    });
  }
}

/** "Unassigned" in any case is the one team id the alarms carry for APIs nobody owns. */
function matchOf(match: RawMaintenanceWindow['match']): MaintenanceMatch {
  const team = match.team?.map((t) => (isUnassigned(t) ? UNASSIGNED.id : t));
  return Object.fromEntries(Object.entries({ ...match, team }).filter(([, values]) => values !== undefined)) as MaintenanceMatch;
}
