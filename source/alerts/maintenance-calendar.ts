import { createRequire } from 'node:module';
import type { DateTime as LuxonDateTime } from 'luxon';
import { requireRrule } from '../config/maintenance.js';
import type { MaintenanceMatch, MaintenanceWindow } from '../config/types.js';
import { teamLabel } from '../core/labels.js';

/**
 * The time-zone library, like the recurrence library, costs a monitor without recurring windows several MB it
 * never uses, and expanding occurrences is synchronous: both are required (as CommonJS) at the first recurrence expanded.
 */
const require = createRequire(import.meta.url);
const dateTime = (): typeof LuxonDateTime => (require('luxon') as typeof import('luxon')).DateTime;

const DAY_MS = 86_400_000;
/** Recurring windows are expanded this far ahead at a time, so the recurrence library runs about once a day. */
const HORIZON_MS = 8 * DAY_MS;
/** Where recurrences without a DTSTART of their own begin: far enough back for any window in force now. */
const FLOATING_EPOCH = new Date(Date.UTC(2000, 0, 3));

/** One stretch of time a window is in force. */
export interface WindowOccurrence {
  window: MaintenanceWindow;
  start: number;
  end: number;
}

/** What a window is matched against: an alarm, or an API (then only windows without a rule key cover it). */
export interface MaintenanceTarget {
  apiId: string;
  team: string | undefined;
  family: string;
  rule?: string | undefined;
}

export function matchesWindow(match: MaintenanceMatch, target: MaintenanceTarget): boolean {
  const given = (values: string[] | undefined, value: string | undefined): boolean => values === undefined || (value !== undefined && values.includes(value));
  return given(match.api, target.apiId) && given(match.team, teamLabel(target.team)) && given(match.family, target.family) && given(match.rule, target.rule);
}

/**
 * The window's occurrences that overlap [from, to). Recurrences are expanded in the zone's wall-clock time
 * (the rrule library in floating time) and each start is placed in the zone by luxon, so "19:00" stays 19:00
 * local across a change of daylight saving time; a start inside a spring-forward gap moves to after it.
 */
export function occurrencesBetween(window: MaintenanceWindow, from: number, to: number): WindowOccurrence[] {
  const { schedule, durationMs } = window;
  if (schedule.kind === 'once') return schedule.start < to && schedule.start + durationMs > from ? [{ window, start: schedule.start, end: schedule.start + durationMs }] : [];
  const zone = schedule.timezone;
  // A day either side covers any zone's offset between floating and real time.
  const floatingFrom = new Date(floating(from - durationMs, zone) - DAY_MS);
  const floatingTo = new Date(floating(to, zone) + DAY_MS);
  const rule = requireRrule().rrulestr(schedule.rrule, { dtstart: FLOATING_EPOCH });
  return rule
    .between(floatingFrom, floatingTo, true)
    .map((date) => {
      const start = placed(date, zone);
      return { window, start, end: start + durationMs };
    })
    .filter((o) => o.start < to && o.end > from);
}

/** The instant's wall-clock time in the zone, as a UTC timestamp with the same fields. */
function floating(at: number, zone: string): number {
  const local = dateTime().fromMillis(at, { zone });
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

function placed(date: Date, zone: string): number {
  return dateTime().fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds() },
    { zone },
  ).toMillis();
}

/**
 * The config's windows and those started from the command line, with their occurrences expanded a few days
 * at a time. Time is always passed in.
 */
export class MaintenanceCalendar {
  private windows: readonly MaintenanceWindow[];
  /** The longest window: an occurrence that started this long ago may still be in force. */
  private maxDuration: number;
  private expanded: { from: number; to: number; occurrences: WindowOccurrence[] } | undefined;

  constructor(windows: readonly MaintenanceWindow[]) {
    this.windows = windows;
    this.maxDuration = longest(windows);
  }

  /** No window at all: asked before every sample is filed, so a fleet without maintenance pays nothing for it. */
  get empty(): boolean {
    return this.windows.length === 0;
  }

  /** Replaces the windows (the state directory's list changed); returns whether anything did. */
  setWindows(windows: readonly MaintenanceWindow[]): boolean {
    if (JSON.stringify(windows) === JSON.stringify(this.windows)) return false;
    this.windows = windows;
    this.maxDuration = longest(windows);
    this.expanded = undefined;
    return true;
  }

  /** Occurrences in force at `now`. */
  active(now: number): WindowOccurrence[] {
    return this.occurrences(now).filter((o) => o.start <= now && now < o.end);
  }

  /** Occurrences in force now or starting within `withinMs`, the soonest first. */
  currentAndUpcoming(now: number, withinMs: number): WindowOccurrence[] {
    return this.occurrences(now)
      .filter((o) => o.end > now && o.start < now + withinMs)
      .sort((a, b) => a.start - b.start || a.window.name.localeCompare(b.window.name));
  }

  /** The occurrence in force that covers the target and ends last, so "MAINTENANCE until" names the real end. */
  covering(target: MaintenanceTarget, now: number): WindowOccurrence | undefined {
    let best: WindowOccurrence | undefined;
    for (const o of this.occurrences(now)) if (o.start <= now && now < o.end && matchesWindow(o.window.match, target) && (!best || o.end > best.end)) best = o;
    return best;
  }

  /** When overlapping windows follow one another, the end of the last of them: clocks held by maintenance start then. */
  coveredUntil(target: MaintenanceTarget, now: number): number | undefined {
    let until = this.covering(target, now)?.end;
    if (until === undefined) return undefined;
    for (;;) {
      const next = this.occurrences(now).filter((o) => o.start <= until! && o.end > until! && matchesWindow(o.window.match, target));
      if (next.length === 0) return until;
      until = Math.max(...next.map((o) => o.end));
    }
  }

  private occurrences(now: number): WindowOccurrence[] {
    const maxDuration = this.maxDuration;
    if (!this.expanded || now < this.expanded.from + maxDuration || now + HORIZON_MS / 2 > this.expanded.to) {
      const from = now - maxDuration;
      const to = now + HORIZON_MS;
      this.expanded = { from, to, occurrences: this.windows.flatMap((w) => occurrencesBetween(w, from, to)) };
    }
    return this.expanded.occurrences;
  }
}

function longest(windows: readonly MaintenanceWindow[]): number {
  let max = 0;
  for (const window of windows) max = Math.max(max, window.durationMs);
  return max;
}
