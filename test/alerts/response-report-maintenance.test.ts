import { describe, expect, it } from 'vitest';
import { buildResponseReport } from '../../source/alerts/response-report.js';
import type { AlarmLogEntry } from '../../source/core/alarm-log-entry.js';
import { formatResponseReport } from '../../source/report/format-response-report.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 3, 12);
const iso = (ms: number): string => new Date(ms).toISOString();
const sla = { triageMs: 15 * 60_000, escalateMs: HOUR, resolveMs: 4 * HOUR };

function firing(alarmId: string, at: number, maintenance?: string): AlarmLogEntry {
  return { at: iso(at), kind: 'firing', alarmId, team: 'mwi', severity: 'critical', firingAt: iso(at), sla, ...(maintenance ? { maintenance } : {}) };
}
function window(kind: 'maintenance_started' | 'maintenance_ended', at: number, start: number, end: number, id = 'config-1'): AlarmLogEntry {
  return { at: iso(at), kind, maintenance: { id, name: 'weekly train deploy', start: iso(start), end: iso(end) } };
}

describe('response report and maintenance', () => {
  it('leaves out the alarms that fired inside a window, and counts them', () => {
    const report = buildResponseReport([firing('a/R', T0), firing('b/R', T0 + HOUR, 'weekly train deploy')], T0 - HOUR, T0 + 2 * HOUR);
    expect(report.rows.map((r) => r.alarms)).toEqual([1]);
    expect(report.excluded.alarms).toBe(1);
  });

  it('says how much time windows were in force, overlaps counted once and a stopped window to its stop', () => {
    const entries = [
      window('maintenance_started', T0, T0, T0 + HOUR),
      window('maintenance_ended', T0 + HOUR, T0, T0 + HOUR),
      window('maintenance_started', T0 + HOUR / 2, T0 + HOUR / 2, T0 + 2 * HOUR, 'cli-1'),
      window('maintenance_ended', T0 + 90 * 60_000, T0 + HOUR / 2, T0 + 2 * HOUR, 'cli-1'),
    ];
    expect(buildResponseReport(entries, T0 - HOUR, T0 + 3 * HOUR).excluded.maintenanceMs).toBe(90 * 60_000);
  });

  it('counts only the part of a window inside the report period', () => {
    const entries = [window('maintenance_started', T0, T0, T0 + 2 * HOUR)];
    expect(buildResponseReport(entries, T0 + HOUR, T0 + 3 * HOUR).excluded.maintenanceMs).toBe(HOUR);
  });

  it('prints what was left out under the table', () => {
    const report = buildResponseReport([firing('a/R', T0), firing('b/R', T0 + 10 * 60_000, 'weekly train deploy'), window('maintenance_started', T0, T0, T0 + HOUR)], T0 - HOUR, T0 + 2 * HOUR);
    expect(formatResponseReport(report, 'UTC')).toContain('Left out: 1h of maintenance windows, 1 alarm that fired inside one.');
  });
});
