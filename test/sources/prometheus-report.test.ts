import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { prometheusReportFrom, reportQueries, type ReportAnswers } from '../../source/sources/prometheus-report.js';

const config = parseConfigText(
  `
shared: { prometheus: "http://127.0.0.1:1" }
teams: { mwi: { name: MediaWiki Interfaces } }
apis:
  a: { family: Core, owner: mwi, url: "http://127.0.0.1:1/a", slo: { objective: 99% } }
  b: { family: Core, owner: mwi, url: "http://127.0.0.1:1/b" }
`,
  'team.yaml',
  {},
);
const FROM = Date.UTC(2026, 8, 1);
const TO = Date.UTC(2026, 9, 1);
const input = { apis: config.apis, from: FROM, to: TO, maintenance: [], source: 'Prometheus http://127.0.0.1:1' };
const turns = (api: string, outcome: string, value: number) => ({ labels: { api, outcome }, value });
const bucket = (api: string, le: string, value: number) => ({ labels: { api, le }, value });
const none: ReportAnswers = { probes: [], buckets: [] };

describe('reportQueries', () => {
  it('asks for the whole period at its end in two fleet-wide queries, in seconds', () => {
    expect(reportQueries(FROM, TO)).toEqual({
      probes: 'sum by (api, outcome, vantage) (increase(apihealth_probes_total[2592000s]))',
      buckets: 'sum by (api, le) (increase(apihealth_probe_duration_seconds_bucket[2592000s]))',
    });
  });
});

describe('prometheusReportFrom', () => {
  it('counts throttled turns for availability and blocked ones for nothing, as the local history does', () => {
    const { report } = prometheusReportFrom({ ...none, probes: [turns('a', 'ok', 90), turns('a', 'http_5xx', 4), turns('a', 'throttled', 6), turns('a', 'blocked', 50)] }, input);
    const a = report.apis.find((api) => api.id === 'a')!;
    expect([a.probes, a.counted, a.ok, a.http5xx, a.throttled, a.blocked]).toEqual([94, 100, 90, 4, 6, 50]);
    expect([a.availability, a.errorRate5xx, a.errorRate]).toEqual([0.9, 0.04, 0.1]);
    expect(a.slo).toEqual({ objective: 0.99, attained: 0.9, met: false, budgetLeft: expect.closeTo(-9, 9) });
  });

  it('rounds increase() to whole turns: Prometheus extrapolates counters to the edges of the period', () => {
    const { report } = prometheusReportFrom({ ...none, probes: [turns('a', 'ok', 99.6), turns('a', 'timeout', 0.4)] }, input);
    expect(report.apis[0]!.counted).toBe(100);
    expect(report.apis[0]!.failures).toEqual({});
  });

  it('counts an outcome it does not know as an error', () => {
    const { report } = prometheusReportFrom({ ...none, probes: [turns('a', 'ok', 9), turns('a', 'martian', 1)] }, input);
    expect(report.apis[0]!.failures).toEqual({ error: 1 });
  });

  it('gives an API whose series did not move in the period zero turns, not "no series"', () => {
    const result = prometheusReportFrom({ ...none, probes: [turns('a', 'ok', 0), turns('b', 'ok', 5)] }, input);
    expect(result.noSeries).toEqual([]);
    expect(result.report.apis[0]!.counted).toBe(0);
  });

  it('gives an API without series no figures (null, not zero) and names it', () => {
    const result = prometheusReportFrom({ ...none, probes: [turns('a', 'ok', 10)] }, input);
    const b = result.report.apis.find((api) => api.id === 'b')!;
    expect([b.availability, b.errorRate, b.latencyMs.p95, b.slo]).toEqual([null, null, null, null]);
    expect(result.noSeries).toEqual(['b']);
    expect(result.report.origin!.notes).toContain('No series in the period (no figures, not zero): b.');
  });

  it('reads percentiles per API, and per family over its APIs merged, from the buckets', () => {
    const buckets = [bucket('a', '0.1', 100), bucket('a', '0.2', 100), bucket('a', '+Inf', 100), bucket('b', '0.1', 0), bucket('b', '0.2', 100), bucket('b', '+Inf', 100)];
    const { report } = prometheusReportFrom({ ...none, probes: [turns('a', 'ok', 100), turns('b', 'ok', 100)], buckets }, input);
    expect(report.apis.map((api) => api.latencyMs.p50)).toEqual([50, 150]);
    expect(report.families[0]!.latencyMs).toEqual({ p50: 100, p95: 190, p99: 198 });
  });

  it('leaves out APIs the config does not name, and says how many', () => {
    const result = prometheusReportFrom({ ...none, probes: [turns('a', 'ok', 1), turns('x', 'ok', 1), turns('y', 'ok', 1)] }, input);
    expect(result.report.apis.map((api) => api.id)).toEqual(['a', 'b']);
    expect(result.otherApis).toBe(2);
  });

  it("sums an API's vantages, and names them with the turns of this config's APIs each reported", () => {
    const at = (api: string, vantage: string, value: number) => ({ labels: { api, outcome: 'ok', vantage }, value });
    const probes = [at('a', 'eqiad', 6), at('b', 'eqiad', 4), at('a', 'codfw', 5), at('x', 'ulsfo', 9), at('a', '\u001b]8;;http://evil\u0007x', 1)];
    const result = prometheusReportFrom({ ...none, probes }, input);
    expect(result.report.apis[0]!.counted).toBe(12);
    expect(result.vantages).toEqual([{ name: 'codfw', probes: 5 }, { name: 'eqiad', probes: 10 }]);
    expect(result.report.origin!.notes[0]).toContain('summed over the 2 vantages that reported (codfw 5, eqiad 10 turns)');
  });

  it('says maintenance is not left out, and how long windows were in force', () => {
    const { maintenance } = parseConfigText(
      'apis: { a: { url: "http://127.0.0.1:1/a" } }\nmaintenance: [{ name: deploy, match: { api: [a] }, start: "2026-09-10T10:00:00Z", duration: 2h }]\n',
      'windows.yaml',
      {},
    );
    const result = prometheusReportFrom(none, { ...input, maintenance });
    expect(result.report.maintenanceMs).toBe(7_200_000);
    expect(result.report.apis.every((api) => api.maintenanceTurns === 0)).toBe(true);
    expect(result.report.origin!.notes).toContain('Maintenance is not left out under --remote: Prometheus keeps no record of the windows (windows covering these APIs were in force for 2h of the period).');
  });
});
