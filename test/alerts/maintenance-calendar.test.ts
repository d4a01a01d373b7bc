import { describe, expect, it } from 'vitest';
import { MaintenanceCalendar, matchesWindow, occurrencesBetween } from '../../source/alerts/maintenance-calendar.js';
import { weekdayRecurrence } from '../../source/config/maintenance.js';
import type { MaintenanceWindow } from '../../source/config/types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string): number => Date.parse(iso);

function weekly(every: string, timezone = 'UTC', patch: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  const recurrence = weekdayRecurrence(every)!;
  return { id: 'w', name: 'weekly train deploy', match: { family: ['MediaWiki REST'] }, schedule: { kind: 'recurring', rrule: recurrence.rrule, timezone }, durationMs: recurrence.durationMs, ...patch };
}

const starts = (window: MaintenanceWindow, from: string, to: string): string[] =>
  occurrencesBetween(window, at(from), at(to)).map((o) => `${new Date(o.start).toISOString()}/${(o.end - o.start) / 60_000}m`);

describe('maintenance recurrence', () => {
  it('reads "TH 19:00-20:00" as every Thursday from 19:00 for an hour', () => {
    // 2026-12-03 is a Thursday.
    expect(starts(weekly('TH 19:00-20:00'), '2026-11-30T00:00:00Z', '2026-12-14T00:00:00Z')).toEqual(['2026-12-03T19:00:00.000Z/60m', '2026-12-10T19:00:00.000Z/60m']);
  });

  it('reads a weekday range and a time range that passes midnight', () => {
    expect(starts(weekly('MO-WE 23:30-00:15'), '2026-11-30T00:00:00Z', '2026-12-03T00:00:00Z')).toEqual([
      '2026-11-30T23:30:00.000Z/45m',
      '2026-12-01T23:30:00.000Z/45m',
      '2026-12-02T23:30:00.000Z/45m',
    ]);
  });

  it('wraps a weekday range over the weekend', () => {
    expect(starts(weekly('SA-MO 06:00-07:00'), '2026-12-04T00:00:00Z', '2026-12-09T00:00:00Z')).toEqual([
      '2026-12-05T06:00:00.000Z/60m',
      '2026-12-06T06:00:00.000Z/60m',
      '2026-12-07T06:00:00.000Z/60m',
    ]);
  });

  it('refuses what is not a weekday range', () => {
    expect(weekdayRecurrence('XX 19:00-20:00')).toBeUndefined();
    expect(weekdayRecurrence('TH 25:00-26:00')).toBeUndefined();
    expect(weekdayRecurrence('TH 19:00')).toBeUndefined();
  });

  it('reads the times in the window\'s time zone', () => {
    expect(starts(weekly('TH 19:00-20:00', 'America/New_York'), '2026-11-30T00:00:00Z', '2026-12-07T00:00:00Z')).toEqual(['2026-12-04T00:00:00.000Z/60m']);
    expect(starts(weekly('TH 19:00-20:00', 'Asia/Kolkata'), '2026-11-30T00:00:00Z', '2026-12-07T00:00:00Z')).toEqual(['2026-12-03T13:30:00.000Z/60m']);
  });

  it('keeps the local time across a change of daylight saving time', () => {
    // Europe/Berlin leaves summer time on 2026-10-25: 19:00 local is 17:00 UTC before, 18:00 UTC after.
    expect(starts(weekly('TH 19:00-20:00', 'Europe/Berlin'), '2026-10-19T00:00:00Z', '2026-11-02T00:00:00Z')).toEqual(['2026-10-22T17:00:00.000Z/60m', '2026-10-29T18:00:00.000Z/60m']);
  });

  it('moves a start inside the spring-forward gap to just after it', () => {
    // 2026-03-29 02:30 does not exist in Europe/Berlin: the clocks go from 02:00 to 03:00.
    expect(starts(weekly('SU 02:30-03:30', 'Europe/Berlin'), '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z')).toEqual(['2026-03-29T01:30:00.000Z/60m']);
  });

  it('expands an RRULE string with its own duration', () => {
    const window: MaintenanceWindow = { id: 'r', name: 'monthly patching', match: { team: ['dpe'] }, schedule: { kind: 'recurring', rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=2;BYMINUTE=0;BYSECOND=0', timezone: 'UTC' }, durationMs: 2 * HOUR };
    expect(starts(window, '2026-11-15T00:00:00Z', '2027-01-15T00:00:00Z')).toEqual(['2026-12-01T02:00:00.000Z/120m', '2027-01-01T02:00:00.000Z/120m']);
  });

  it('places a one-off window at its start for its duration', () => {
    const window: MaintenanceWindow = { id: 'o', name: 'AQS migration', match: { team: ['dpe'] }, schedule: { kind: 'once', start: at('2026-12-03T14:00:00Z') }, durationMs: 2 * HOUR };
    expect(starts(window, '2026-12-03T15:59:00Z', '2026-12-03T17:00:00Z')).toEqual(['2026-12-03T14:00:00.000Z/120m']);
    expect(starts(window, '2026-12-03T16:00:00Z', '2026-12-03T17:00:00Z')).toEqual([]);
  });
});

describe('maintenance matching', () => {
  const target = { apiId: 'summary', team: 'mwi', family: 'MediaWiki REST', rule: 'High5xx' };

  it('needs every key given to match', () => {
    expect(matchesWindow({ family: ['MediaWiki REST'], team: ['mwi'] }, target)).toBe(true);
    expect(matchesWindow({ family: ['MediaWiki REST'], team: ['dpe'] }, target)).toBe(false);
  });

  it('covers an API (no rule) only with windows that name no rule', () => {
    const api = { apiId: 'summary', team: 'mwi', family: 'MediaWiki REST' };
    expect(matchesWindow({ api: ['summary'] }, api)).toBe(true);
    expect(matchesWindow({ api: ['summary'], rule: ['High5xx'] }, api)).toBe(false);
  });
});

describe('MaintenanceCalendar', () => {
  const target = { apiId: 'summary', team: 'mwi', family: 'MediaWiki REST', rule: 'High5xx' };
  const thursday = weekly('TH 19:00-20:00');
  const longer: MaintenanceWindow = { id: 'o', name: 'extended deploy', match: { api: ['summary'] }, schedule: { kind: 'once', start: at('2026-12-03T19:30:00Z') }, durationMs: HOUR };

  it('is in force from the start up to, not including, the end', () => {
    const calendar = new MaintenanceCalendar([thursday]);
    expect(calendar.covering(target, at('2026-12-03T18:59:59Z'))).toBeUndefined();
    expect(calendar.covering(target, at('2026-12-03T19:00:00Z'))?.window.name).toBe('weekly train deploy');
    expect(calendar.covering(target, at('2026-12-03T20:00:00Z'))).toBeUndefined();
  });

  it('of overlapping windows names the one that ends last', () => {
    const calendar = new MaintenanceCalendar([thursday, longer]);
    expect(calendar.covering(target, at('2026-12-03T19:15:00Z'))?.window.name).toBe('weekly train deploy');
    expect(calendar.covering(target, at('2026-12-03T19:45:00Z'))).toMatchObject({ window: { name: 'extended deploy' }, end: at('2026-12-03T20:30:00Z') });
  });

  it('sees through overlapping windows to when maintenance really ends', () => {
    const calendar = new MaintenanceCalendar([thursday, longer]);
    expect(calendar.coveredUntil(target, at('2026-12-03T19:15:00Z'))).toBe(at('2026-12-03T20:30:00Z'));
  });

  it('lists the windows in force and those to come, soonest first', () => {
    const calendar = new MaintenanceCalendar([thursday, longer]);
    const listed = calendar.currentAndUpcoming(at('2026-12-03T19:10:00Z'), 7 * DAY).map((o) => `${o.window.name} ${new Date(o.start).toISOString()}`);
    expect(listed).toEqual(['weekly train deploy 2026-12-03T19:00:00.000Z', 'extended deploy 2026-12-03T19:30:00.000Z', 'weekly train deploy 2026-12-10T19:00:00.000Z']);
  });

  it('follows time forward across weeks', () => {
    const calendar = new MaintenanceCalendar([thursday]);
    for (let week = 0; week < 6; week++) expect(calendar.covering(target, at('2026-12-03T19:30:00Z') + week * 7 * DAY)).toBeDefined();
  });

  it('takes new windows and says whether they changed anything', () => {
    const calendar = new MaintenanceCalendar([thursday]);
    expect(calendar.setWindows([thursday])).toBe(false);
    expect(calendar.setWindows([thursday, longer])).toBe(true);
    expect(calendar.covering(target, at('2026-12-03T20:15:00Z'))?.window.name).toBe('extended deploy');
  });
});
