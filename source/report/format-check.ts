import type { Config } from '../config/types.js';
import type { Outcome } from '../core/probe-sample.js';
import { OUTCOME_LABEL } from '../text/outcome-label.js';
import { configRedactor } from '../text/redact.js';
import { sanitize } from '../text/sanitize.js';
import type { ApiReport, CheckReport } from './check-report.js';
import { textTable } from '../text/text-table.js';
import { teamLabel } from '../core/labels.js';
import { formatDuration } from '../core/duration.js';
import { localDateTime } from '../text/local-time.js';

const ms = (value: number | null): string => (value === null ? '-' : `${Math.round(value)}`);
const pct = (value: number | null): string => (value === null ? '-' : `${(value * 100).toFixed(value === 0 || value === 1 ? 0 : 1)}%`);

/** The human `check` report: one table per owning team, Unassigned first because a gap is a finding. */
export function formatCheckReport(report: CheckReport, config: Config): string {
  const header = ['', 'API', 'family', 'n', 'p50 ms', 'p95 ms', 'p99 ms', '5xx', 'avail', 'last error'];
  const row = (api: ApiReport): string[] => [
    { healthy: 'ok', degraded: '~', failing: '!!', unknown: '?' }[api.health],
    api.name,
    api.family,
    String(api.samples),
    ms(api.latencyMs.p50),
    ms(api.latencyMs.p95),
    ms(api.latencyMs.p99),
    pct(api.errorRate5xx),
    pct(api.availability),
    api.throttled ? throttledText(api.throttled) : api.lastError ? `${OUTCOME_LABEL[api.lastError as Outcome] ?? api.lastError}${api.lastErrorMessage ? `: ${sanitize(api.lastErrorMessage)}` : ''}` : '',
  ];
  const byId = new Map(report.apis.map((a) => [a.id, a]));
  const sections: string[] = [];
  const section = (title: string, ids: string[]): void => {
    if (ids.length === 0) return;
    sections.push(`${title}\n${textTable(header, ids.map((id) => row(byId.get(id)!)), new Set([3, 4, 5, 6, 7, 8]))}`);
  };
  section('Unassigned (no owning team)', report.unassigned);
  for (const team of report.teams) {
    const contact = config.teams.find((t) => t.id === team.id)?.contacts;
    const reach = contact?.slack ?? contact?.email ?? contact?.phabricator;
    section(`${team.name} (${team.id})${reach ? ` - ${reach}` : ''}`, team.apis);
  }
  // The counts agree with the verdict: an API it could not judge (too little data) is counted without data.
  const undecided = new Set(report.noVerdict.map((u) => u.api));
  const counts = { healthy: 0, degraded: 0, failing: 0, unknown: 0 };
  for (const api of report.apis) counts[undecided.has(api.id) ? 'unknown' : api.health]++;
  const throttled = report.apis.filter((a) => a.throttled).length;
  const summary =
    `${report.apis.length} API${report.apis.length === 1 ? '' : 's'} over ${(report.durationMs / 1000).toFixed(0)}s: ${counts.healthy} healthy, ${counts.degraded} degraded, ${counts.failing} failing, ${counts.unknown} without data` +
    (throttled ? `, ${throttled} throttled (HTTP 429)` : '');
  return configRedactor(config)(`${sections.join('\n\n')}\n\n${formatAlerts(report)}${summary}\n`);
}

/** "throttled since 12:00:01Z: 429, Retry-After 11574074d1h, backing off 5s": what the API asked and what we do. */
function throttledText(throttled: NonNullable<ApiReport['throttled']>): string {
  const since = throttled.since.slice(11, 19);
  return `throttled since ${since}Z: 429, Retry-After ${formatDuration(throttled.retryAfterMs)}, backing off ${formatDuration(throttled.backoffMs)}`;
}

function formatAlerts(report: CheckReport): string {
  const active = report.alerts.filter((a) => a.state !== 'resolved');
  if (active.length === 0) return '';
  const rows = active.map((a) => [
    a.maintenance !== null && a.maintenanceUntil !== null ? `MAINTENANCE until ${localDateTime(Date.parse(a.maintenanceUntil))} (${a.maintenance})` : a.suppressedBy !== null ? `suppressed: ${a.suppressedBy} is failing` : a.muted ? `MUTED until ${a.mutedUntil === null ? '-' : localDateTime(Date.parse(a.mutedUntil))}` : a.acknowledged ? `ACKED by ${a.ackedBy}` : a.state.toUpperCase(),
    a.severity,
    a.api,
    teamLabel(a.team ?? undefined),
    a.rule,
    a.summary,
    a.sla,
  ]);
  return `Alarms\n${textTable(['state', 'severity', 'API', 'team', 'rule', 'what', 'SLA'], rows)}\n\n`;
}
