import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { EMPTY_SUMMARY, type MetricSummary } from '../../source/metrics/summary.js';
import { buildCheckReport } from '../../source/report/check-report.js';
import type { ReportedAlert } from '../../source/alerts/report-alerts.js';
import type { RuleStatusEntry } from '../../source/core/rules.js';
import { formatCheckReport } from '../../source/report/format-check.js';
import { localDateTime } from '../../source/text/local-time.js';
import { SECRET, SECRET_ENV, secretFleet } from '../helpers/secret-fleet.js';

const config = secretFleet();
const timedOut: MetricSummary = {
  ...EMPTY_SUMMARY,
  samples: 1,
  lastError: 'timeout',
  lastErrorMessage: `GET https://api.example.org/v1/search?key=${SECRET} took longer than 1s`,
};
const report = buildCheckReport(config, { keyed: timedOut }, {}, [], 1_000, 0);

describe('check report secrets', () => {
  it('redacts a ${VAR} value from the URLs and error messages of the JSON document', () => {
    const json = JSON.stringify(report);
    expect(json).not.toContain(SECRET);
    expect(report.apis[0]!.url).toBe('https://api.example.org/v1/search?key=[redacted]');
    expect(report.apis[0]!.lastErrorMessage).toContain('key=[redacted]');
  });

  it('redacts a ${VAR} value from the table, in the error column and in the team line', () => {
    const table = formatCheckReport(report, config);
    expect(table).not.toContain(SECRET);
    expect(table).toContain('key=[redacted]');
    const chat = parseConfigText('teams:\n  mwi: { name: MWI, contacts: { slack: "#${APIKEY}" } }\napis:\n  a: { owner: mwi, url: "https://api.example.org/a" }\n', 'chat.yaml', SECRET_ENV);
    const teamLine = formatCheckReport(buildCheckReport(chat, {}, {}, [], 1_000, 0), chat);
    expect(teamLine).toContain('MWI (mwi) - #[redacted]');
    expect(teamLine).not.toContain(SECRET);
  });
});

describe('check report times', () => {
  it('prints when a mute ends as local date and time, not as ISO 8601', () => {
    const until = Date.UTC(2026, 10, 24, 13, 5);
    const alert: ReportedAlert = {
      id: 'keyed/High5xx', api: 'keyed', team: 'mwi', rule: 'High5xx', severity: 'critical', state: 'firing', since: new Date(until - 3_600_000).toISOString(),
      value: 1, threshold: 0.2, acknowledged: false, ackedBy: null, muted: true, mutedUntil: new Date(until).toISOString(), flapping: false, maintenance: null, maintenanceUntil: null, suppressedBy: null, suppresses: 0,
      escalationLevel: 0, sla: '', slaBreached: false, summary: '5xx 100%',
    };
    const table = formatCheckReport(buildCheckReport(config, {}, {}, [alert], 1_000, until), config);
    expect(table).toContain(`MUTED until ${localDateTime(until)}`);
    expect(table).not.toContain('2026-11-24T');
  });
});

describe('check report figures from a source', () => {
  const at = Date.UTC(2026, 0, 1, 12, 0, 4);
  const fromSource: MetricSummary = {
    ...EMPTY_SUMMARY,
    samples: 3,
    latency: { p95: 120 },
    sourced: { latency_p95: { source: 'prom', at }, error_rate_5xx: { source: 'prom' }, availability: { source: 'prom', at, staleValue: 0.5 } },
  };
  const api = buildCheckReport(config, { keyed: fromSource }, {}, [], 1_000, 0).apis[0]!;

  it('reports a rate with no data as null, never 0 or 1', () => {
    expect([api.errorRate5xx, api.errorRate, api.availability]).toEqual([null, null, null]);
    expect(api.latencyMs.p95).toBe(120);
  });

  it('says where each figure came from, when it was read (null: never), and the stale value no longer counted', () => {
    expect(api.sourced).toEqual({
      latency_p95: { source: 'prom', at: '2026-01-01T12:00:04.000Z' },
      error_rate_5xx: { source: 'prom', at: null },
      availability: { source: 'prom', at: '2026-01-01T12:00:04.000Z', staleValue: 0.5 },
    });
  });

  it('has no sourced key for an API measured by probes alone', () => {
    expect(report.apis[0]).not.toHaveProperty('sourced');
  });
});

describe('check report certificates', () => {
  it('gives an https API its certificate: expiry, whole days left and issuer', () => {
    const certificate = { notBefore: 0, notAfter: Date.UTC(2027, 0, 12), issuer: "Let's Encrypt R11", subject: 'en.wikipedia.org', sans: ['DNS:en.wikipedia.org'], unverified: false, daysLeft: 41.7 };
    const [api] = buildCheckReport(config, { keyed: { ...EMPTY_SUMMARY, samples: 1, certificate } }, {}, [], 1_000, 0).apis;
    expect(api!.certificate).toEqual({ notAfter: '2027-01-12T00:00:00.000Z', daysLeft: 41, issuer: "Let's Encrypt R11", subject: 'en.wikipedia.org', sans: ['DNS:en.wikipedia.org'], verified: true });
  });

  it('gives null where no certificate was read', () => {
    expect(report.apis[0]!.certificate).toBeNull();
  });
});

describe('check report counts and rates', () => {
  const dns: MetricSummary = { ...EMPTY_SUMMARY, samples: 6, errorRate5xx: 0, errorRate: 1, availability: 0, statusCounts: { dns: 6 }, lastError: 'dns' };
  const served: MetricSummary = { ...EMPTY_SUMMARY, samples: 6, errorRate5xx: 0.5, errorRate: 0.5, availability: 0.5, statusCounts: { '200': 3, '503': 3 } };

  it('has no 5xx rate for an API that never answered (DNS failure), and prints -', () => {
    const built = buildCheckReport(config, { keyed: dns }, {}, [], 3_000, 0);
    expect(built.apis[0]!.errorRate5xx).toBeNull();
    const row = formatCheckReport(built, config).split('\n').find((l) => l.includes('dns'))!;
    expect(row).toMatch(/ - +0% +dns/);
  });

  it('keeps the 5xx rate of an API that answered', () => {
    expect(buildCheckReport(config, { keyed: served }, {}, [], 3_000, 0).apis[0]!.errorRate5xx).toBe(0.5);
  });

  it('counts an API with too little data to judge as without data, as the verdict says, and writes "1 API"', () => {
    const one = parseConfigText('apis:\n  keyed: { url: "https://api.example.org/a" }\n', 'one.yaml', {});
    const rules: Record<string, RuleStatusEntry[]> = { keyed: [{ rule: 'High5xx', status: 'insufficient_data' }] };
    const text = formatCheckReport(buildCheckReport(one, { keyed: served }, rules, [], 3_000, 0), one);
    expect(text).toMatch(/^1 API over 3s: 0 healthy, 0 degraded, 0 failing, 1 without data$/m);
  });
});
