import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';

const base = `teams:
  mwi: { name: MediaWiki Interfaces }
  dpe: { name: Data Platform }
apis:
  restbase-health: { url: "https://example.org/health", owner: mwi, family: MediaWiki REST }
  summary: { url: "https://example.org/summary", owner: mwi, family: MediaWiki REST, dependsOn: [restbase-health] }
  aqs: { url: "https://example.org/aqs", owner: dpe, family: AQS }
`;

const parse = (extra: string) => parseConfigText(`${base}${extra}`, 'api-health.yaml', {});
const errorOf = (text: string): string => {
  try {
    parseConfigText(text, 'api-health.yaml', {});
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('maintenance windows in the config', () => {
  it('reads the recurring and the one-off window of the contract', () => {
    const config = parse(`maintenance:
  - name: weekly train deploy
    match: { family: MediaWiki REST }
    every: "TH 19:00-20:00"
    timezone: UTC
  - name: AQS migration
    match: { team: dpe }
    start: 2026-12-03T14:00:00Z
    duration: 2h
`);
    expect(config.maintenance).toEqual([
      { id: 'config-1', name: 'weekly train deploy', match: { family: ['MediaWiki REST'] }, schedule: { kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=TH;BYHOUR=19;BYMINUTE=0;BYSECOND=0', timezone: 'UTC' }, durationMs: 3_600_000, reason: undefined },
      { id: 'config-2', name: 'AQS migration', match: { team: ['dpe'] }, schedule: { kind: 'once', start: Date.parse('2026-12-03T14:00:00Z') }, durationMs: 7_200_000, reason: undefined },
    ]);
  });

  it('takes an RRULE with a duration', () => {
    const config = parse(`maintenance:
  - { name: patching, match: { api: aqs }, every: "RRULE:FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=2", duration: 1h, timezone: Europe/Berlin }
`);
    expect(config.maintenance[0]!.schedule).toEqual({ kind: 'recurring', rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=2', timezone: 'Europe/Berlin' });
  });

  it.each([
    ['an unknown time zone', '{ name: x, match: { team: mwi }, every: "TH 19:00-20:00", timezone: Mars/Olympus }', 'api-health.yaml:9:63: maintenance[0].timezone: unknown time zone "Mars/Olympus" (use an IANA name such as UTC or Europe/Berlin)'],
    ['a bad weekday range', '{ name: x, match: { team: mwi }, every: "XY 19:00-20:00" }', 'api-health.yaml:9:38: maintenance[0].every: invalid weekday range "XY 19:00-20:00" (expected e.g. "TH 19:00-20:00" or "MO-FR 06:00-06:30")'],
    ['an RRULE the library refuses', '{ name: x, match: { team: mwi }, every: "FREQ=SOMETIMES", duration: 1h }', 'api-health.yaml:9:38: maintenance[0].every: invalid recurrence "FREQ=SOMETIMES": unknown FREQ "SOMETIMES" (known: YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY) (expected weekdays and times such as "TH 19:00-20:00" or an RRULE)'],
    ['an RRULE without a duration', '{ name: x, match: { team: mwi }, every: "FREQ=DAILY;BYHOUR=3" }', 'api-health.yaml:9:5: maintenance[0]: maintenance "x" needs a "duration" with an RRULE'],
    ['both every and start', '{ name: x, match: { team: mwi }, every: "TH 19:00-20:00", start: "2026-12-03T14:00:00Z", duration: 1h }', 'api-health.yaml:9:5: maintenance[0]: maintenance "x" needs exactly one of "every" (recurring) or "start" (one-off)'],
    ['a start without a zone', '{ name: x, match: { team: mwi }, start: "2026-12-03T14:00:00", duration: 1h }', 'api-health.yaml:9:38: maintenance[0].start: invalid start "2026-12-03T14:00:00" (expected an ISO 8601 time with a zone, such as 2026-12-03T14:00:00Z)'],
    ['an unknown team', '{ name: x, match: { team: ghost }, every: "TH 19:00-20:00" }', 'api-health.yaml:9:25: maintenance[0].match.team[0]: unknown team "ghost" (known: mwi, dpe, unassigned)'],
    ['an empty match', '{ name: x, match: {}, every: "TH 19:00-20:00" }', 'api-health.yaml:9:16: maintenance[0].match: a maintenance window must match something: give family, team, api or rule'],
  ])('refuses %s with its line', (_what, window, expected) => {
    expect(errorOf(`${base}maintenance:\n  - ${window}\n`)).toBe(expected);
  });
});

describe('dependsOn in the config', () => {
  it('keeps the API ids each API depends on', () => {
    expect(parse('').apis.map((api) => [api.id, api.dependsOn])).toEqual([['restbase-health', []], ['summary', ['restbase-health']], ['aqs', []]]);
  });

  it('refuses an unknown API id with its line', () => {
    expect(errorOf(`apis:\n  a: { url: "https://example.org/a", dependsOn: [ghost] }\n`)).toBe('api-health.yaml:2:50: apis.a.dependsOn[0]: unknown API "ghost" in dependsOn');
  });

  it('refuses a cycle, naming its path and the line that closes it', () => {
    const text = `apis:
  a: { url: "https://example.org/a", dependsOn: [b] }
  b: { url: "https://example.org/b", dependsOn: [c] }
  c: { url: "https://example.org/c", dependsOn: [a] }
`;
    expect(errorOf(text)).toBe('api-health.yaml:4:50: apis.c.dependsOn[0]: dependency cycle: a -> b -> c -> a');
  });

  it('refuses an API that depends on itself', () => {
    expect(errorOf(`apis:\n  a: { url: "https://example.org/a", dependsOn: [a] }\n`)).toBe('api-health.yaml:2:50: apis.a.dependsOn[0]: API "a" cannot depend on itself');
  });
});
