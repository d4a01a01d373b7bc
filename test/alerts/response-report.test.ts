import { describe, expect, it } from 'vitest';
import { buildResponseReport } from '../../source/alerts/response-report.js';
import { HOUR, MINUTE, T0 } from './fixtures.js';
import { handMadeLog } from './response-log.js';

const NOW = T0 + 30 * 24 * HOUR;
const WEEK = 7 * 24 * HOUR;

describe('buildResponseReport', () => {
  const report = buildResponseReport(handMadeLog(NOW), NOW - WEEK, NOW);

  it('groups by team then severity (most severe first), unassigned last', () => {
    expect(report.rows.map((r) => [r.team, r.severity])).toEqual([
      ['ctt', 'critical'],
      ['mwi', 'page'],
      ['mwi', 'warning'],
      [null, 'page'],
    ]);
  });

  it('gives counts, median and p90 times and the share that met the SLA', () => {
    expect(report.rows[1]).toEqual({
      team: 'mwi',
      severity: 'page',
      alarms: 4,
      acknowledged: 3,
      resolved: 3,
      ackMedianMs: 4 * MINUTE,
      ackP90Ms: 10 * MINUTE,
      resolveMedianMs: 2 * HOUR,
      resolveP90Ms: 5 * HOUR,
      slaJudged: 4,
      slaMet: 1,
      slaMetShare: 0.25,
    });
  });

  it('counts the first acknowledgement, not a later re-ack', () => {
    const single = buildResponseReport(handMadeLog(NOW).filter((e) => e.api === 'a1'), NOW - WEEK, NOW);
    expect(single.rows[0]!.ackMedianMs).toBe(2 * MINUTE);
  });

  it('judges an alarm resolved without an ack as missed: nobody acknowledged it within triage', () => {
    expect(report.rows[2]).toMatchObject({ alarms: 1, acknowledged: 0, ackMedianMs: null, resolveMedianMs: 30 * MINUTE, slaJudged: 1, slaMet: 0, slaMetShare: 0 });
  });

  it('gives no verdict on an open alarm still inside its deadlines', () => {
    expect(report.rows[0]).toMatchObject({ alarms: 1, acknowledged: 0, resolved: 0, slaJudged: 0, slaMetShare: null });
  });

  it('leaves out alarms that fired before --since', () => {
    expect(report.rows.reduce((n, r) => n + r.alarms, 0)).toBe(7);
  });

  it('states the period', () => {
    expect([report.since, report.until]).toEqual([new Date(NOW - WEEK).toISOString(), new Date(NOW).toISOString()]);
  });
});
