import { describe, expect, it } from 'vitest';
import { buildResponseReport } from '../../source/alerts/response-report.js';
import { formatResponseReport } from '../../source/report/format-response-report.js';
import { localDateTime } from '../../source/text/local-time.js';
import { HOUR, T0 } from '../alerts/fixtures.js';
import { handMadeLog } from '../alerts/response-log.js';

const NOW = T0 + 30 * 24 * HOUR;
const WEEK = 7 * 24 * HOUR;

describe('formatResponseReport', () => {
  const report = buildResponseReport(handMadeLog(NOW), NOW - WEEK, NOW);

  it('formats a table for people', () => {
    const text = formatResponseReport(report);
    expect(text).toContain('mwi         page           4      3          4m      10m         3              2h           5h   25% (1/4)');
    expect(text).toContain('Unassigned  page');
  });

  it('states the period in local time, to the minute', () => {
    expect(formatResponseReport(report, 'Asia/Kolkata')).toMatch(/^Alarms that fired from 2026-01-24 05:30 to 2026-01-31 05:30\n/);
  });

  it('says so when nothing fired', () => {
    expect(formatResponseReport(buildResponseReport([], NOW - WEEK, NOW))).toMatch(/: none\.\n$/);
  });
});

describe('localDateTime', () => {
  it('reads an instant in the given zone, 24-hour clock', () => {
    expect(localDateTime(Date.UTC(2026, 10, 24, 13, 5), 'Europe/Berlin')).toBe('2026-11-24 14:05');
    expect(localDateTime(Date.UTC(2026, 10, 24, 0, 5), 'America/New_York')).toBe('2026-11-23 19:05');
  });
});
