import type { AlarmLogEntry } from '../core/alarm-log-entry.js';
import type { WindowOccurrence } from './maintenance-calendar.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A window's start or end in events.jsonl, with the occurrence it belongs to, so the report can leave the time out. */
export function maintenanceLogEntry(kind: 'maintenance_started' | 'maintenance_ended', at: number, occurrence: WindowOccurrence): AlarmLogEntry {
  const { window, start, end } = occurrence;
  return { at: iso(at), kind, maintenance: { id: window.id, name: window.name, start: iso(start), end: iso(end), reason: window.reason } };
}
