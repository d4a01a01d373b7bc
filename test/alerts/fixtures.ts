import { parseConfigText } from '../../source/config/load.js';
import type { Config } from '../../source/config/types.js';
import type { Alarm } from '../../source/core/alarm.js';
import { EMPTY_SUMMARY, type MetricSummary } from '../../source/metrics/summary.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
/** A fixed epoch so ISO times in expectations are readable: 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);

export const BASE_YAML = `
teams:
  mwi:
    name: MediaWiki Interfaces
    escalation: [ "mwi on-call", "MWI manager" ]
  ctt: { name: Core Platform, sla: strict }
sla:
  strict:
    page:     { triage: 2m, escalate: 10m, resolve: 1h }
    critical: { triage: 5m, escalate: 30m, resolve: 4h }
rules:
  - name: HighLatency
    metric: latency_p95
    above: 800ms
    for: 2m
    severity: warning
  - name: High5xx
    metric: error_rate_5xx
    above: 2%
    for: 1m
    resolveAfter: 3m
    severity: critical
    minSamples: 5
  - name: LowAvailability
    metric: availability
    below: 99%
    severity: page
apis:
  page-api: { owner: mwi, url: "http://127.0.0.1:1/page" }
  search-api:
    owner: ctt
    url: "http://127.0.0.1:1/search"
    rules:
      HighLatency: { above: 1500ms }
      High5xx: off
  orphan-api: { url: "http://127.0.0.1:1/orphan" }
`;

export function configFrom(yaml: string = BASE_YAML): Config {
  return parseConfigText(yaml, 'test.yaml', {});
}

export function summary(samples: number, fields: Partial<MetricSummary> = {}): MetricSummary {
  return { ...EMPTY_SUMMARY, samples, latency: { p50: 100, p95: 200, p99: 300 }, errorRate5xx: 0, errorRate: 0, availability: 1, ...fields };
}

export const healthy = (samples = 30): MetricSummary => summary(samples);
export const slow = (p95: number, samples = 30): MetricSummary => summary(samples, { latency: { p50: 100, p95, p99: p95 + 100 } });
/** 5xx only, availability left at 1 so the availability rule stays quiet. */
export const failing5xx = (rate: number, samples = 30): MetricSummary => summary(samples, { errorRate5xx: rate, errorRate: rate });
export const unavailable = (availability: number, samples = 30): MetricSummary => summary(samples, { availability, errorRate: 1 - availability });

/** page-api's LowAvailability, firing since T0 (a page for team mwi): the alarm the policy, SLA and snapshot specs share. */
export const pageAlarm = (fields: Partial<Alarm> = {}): Alarm => ({
  id: 'page-api/LowAvailability',
  apiId: 'page-api',
  team: 'mwi',
  rule: 'LowAvailability',
  metric: 'availability',
  severity: 'page',
  state: 'firing',
  comparison: 'below',
  value: 0.5,
  threshold: 0.99,
  since: T0,
  startedAt: T0,
  firingAt: T0,
  transitions: [],
  flapping: false,
  escalationLevel: 0,
  summary: 'availability 50% below 99%',
  ...fields,
});

/** A critical High5xx alarm of `apiId`, firing since `since`: the alarm the on-call key specs act on. */
export const high5xxAlarm = (apiId: string, team: string | undefined, since: number, fields: Partial<Alarm> = {}): Alarm => ({
  id: `${apiId}/${fields.rule ?? 'High5xx'}`,
  apiId,
  team,
  rule: 'High5xx',
  metric: 'error_rate_5xx',
  severity: 'critical',
  state: 'firing',
  comparison: 'above',
  value: 0.25,
  threshold: 0.1,
  since,
  startedAt: since,
  firingAt: since,
  transitions: [],
  flapping: false,
  escalationLevel: 0,
  summary: '',
  ...fields,
});

