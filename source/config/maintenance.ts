import { createRequire } from 'node:module';
import type rrulePackage from 'rrule';

/**
 * The recurrence library costs more to load than checking a whole config without a recurring window, and config
 * checking is synchronous: it is required (it is CommonJS) when the first RRULE is checked, not when this loads.
 */
const require = createRequire(import.meta.url);
export const requireRrule = (): typeof rrulePackage => require('rrule') as typeof rrulePackage;

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_MS = 86_400_000;
const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'];

/** A recurring window as the calendar reads it: an RRULE of start times in the zone's wall-clock time, and how long each lasts. */
export interface Recurrence {
  rrule: string;
  durationMs: number;
}

/**
 * "TH 19:00-20:00", "MO,WE 06:00-06:30", "MO-FR 23:30-00:30" (past midnight ends the next day): the
 * weekday shorthand as an RRULE, so both spellings go through the one recurrence library.
 */
export function weekdayRecurrence(text: string): Recurrence | undefined {
  const match = /^\s*([A-Za-z,-]+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!match) return undefined;
  const days = weekdays(match[1]!.toUpperCase());
  const [startHour, startMinute, endHour, endMinute] = match.slice(2).map(Number) as [number, number, number, number];
  if (!days || startHour > 23 || endHour > 24 || startMinute > 59 || endMinute > 59) return undefined;
  const start = (startHour * 60 + startMinute) * 60_000;
  const end = (endHour * 60 + endMinute) * 60_000;
  const durationMs = end > start ? end - start : end + DAY_MS - start;
  return { rrule: `FREQ=WEEKLY;BYDAY=${days.join(',')};BYHOUR=${startHour};BYMINUTE=${startMinute};BYSECOND=0`, durationMs };
}

function weekdays(text: string): string[] | undefined {
  const days = new Set<string>();
  for (const part of text.split(',')) {
    const [from, to] = part.split('-');
    const first = DAYS.indexOf(from as (typeof DAYS)[number]);
    const last = to === undefined ? first : DAYS.indexOf(to as (typeof DAYS)[number]);
    if (first < 0 || last < 0 || part.split('-').length > 2) return undefined;
    for (let i = first; ; i = (i + 1) % 7) {
      days.add(DAYS[i]!);
      if (i === last) break;
    }
  }
  return DAYS.filter((day) => days.has(day));
}

/** An RRULE as written ("FREQ=WEEKLY;BYDAY=TH;BYHOUR=19" or with an "RRULE:" prefix), without its prefix, or why the library refuses it. */
export function normalisedRrule(text: string): { rrule: string } | { error: string } {
  const rule = text.trim().replace(/^RRULE:/i, '');
  const freq = /(?:^|;)FREQ=([^;]*)/i.exec(rule)?.[1];
  if (freq === undefined) return { error: 'an RRULE needs FREQ=' };
  if (!FREQUENCIES.includes(freq.toUpperCase())) return { error: `unknown FREQ "${freq}" (known: ${FREQUENCIES.join(', ')})` };
  try {
    requireRrule().rrulestr(rule, { dtstart: new Date(0) });
    return { rrule: rule };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** An IANA zone name the runtime knows, checked as the time library checks it, without loading it. */
export function isTimeZone(name: string): boolean {
  if (!name) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name }).format();
    return true;
  } catch {
    return false;
  }
}
