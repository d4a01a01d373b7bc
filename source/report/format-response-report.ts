import { formatDuration } from '../core/duration.js';
import { textTable } from '../text/text-table.js';
import type { ResponseReport } from '../alerts/response-report.js';
import { localDateTime } from '../text/local-time.js';
import { UNASSIGNED } from '../core/labels.js';

const HEADER = ['Team', 'Severity', 'Alarms', 'Acked', 'Ack median', 'Ack p90', 'Resolved', 'Resolve median', 'Resolve p90', 'Met SLA'];
const NUMERIC = new Set([2, 3, 4, 5, 6, 7, 8, 9]);

const time = (ms: number | null): string => (ms === null ? '-' : formatDuration(ms));

/** The report as a table for people, times in their zone (`timeZone` for tests); `--json` prints the ResponseReport itself. */
export function formatResponseReport(report: ResponseReport, timeZone?: string): string {
  const period = `Alarms that fired from ${localDateTime(Date.parse(report.since), timeZone)} to ${localDateTime(Date.parse(report.until), timeZone)}`;
  const { maintenanceMs, alarms } = report.excluded;
  const excluded =
    maintenanceMs > 0 || alarms > 0
      ? `Left out: ${formatDuration(maintenanceMs)} of maintenance windows, ${alarms} ${alarms === 1 ? 'alarm' : 'alarms'} that fired inside one.\n`
      : '';
  if (report.rows.length === 0) return `${period}: none.\n${excluded}`;
  const rows = report.rows.map((r) => [
    r.team ?? UNASSIGNED.name,
    r.severity,
    String(r.alarms),
    String(r.acknowledged),
    time(r.ackMedianMs),
    time(r.ackP90Ms),
    String(r.resolved),
    time(r.resolveMedianMs),
    time(r.resolveP90Ms),
    r.slaMetShare === null ? '-' : `${Math.round(r.slaMetShare * 100)}% (${r.slaMet}/${r.slaJudged})`,
  ]);
  return `${period}\n\n${textTable(HEADER, rows, NUMERIC)}\n\nMet SLA: acknowledged within triage and resolved within resolve (resolved with no ack is a miss); open alarms count once a deadline has passed.\n${excluded}`;
}
