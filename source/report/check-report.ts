import type { ReportedAlert } from '../alerts/report-alerts.js';
import type { Config } from '../config/types.js';

import { healthOf, type Health } from '../metrics/health.js';
import { answeredRate5xx, EMPTY_SUMMARY, type MetricSummary, type SourcedFigure } from '../metrics/summary.js';
import { configRedactor, redactValue } from '../text/redact.js';
import type { MetricName, RuleStatusEntry } from '../core/rules.js';
import { apisWithoutVerdict, type NoVerdict } from './verdict.js';

export interface ApiReport {
  id: string;
  name: string;
  family: string;
  owner: string | null;
  url: string | null;
  samples: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  /** Null without data (no samples, or a source that answered nothing): no data is not 100% available. */
  errorRate5xx: number | null;
  errorRate: number | null;
  availability: number | null;
  lastStatus: number | null;
  lastError: string | null;
  lastErrorMessage: string | null;
  health: Health;
  /** Each rule's standing at the end of the run; "insufficient_data" means too few samples to judge. */
  rules: RuleStatusEntry[];
  statusCounts: Record<string, number>;
  /** Set when the run ended with the API backing us off (HTTP 429): its figures are then not a clean bill of health. */
  throttled: { since: string; retryAfterMs: number; backoffMs: number } | null;
  /** Only for an API read from a source: per metric, the source, when it last answered (null: never) and, once that is too old to count, the stale value. */
  sourced?: Partial<Record<MetricName, { source: string; at: string | null; staleValue?: number }>>;
  /** https only: the leaf certificate last read; daysLeft is whole days (negative once expired). Null for http or before any connection. */
  certificate: { notAfter: string; daysLeft: number; issuer: string; subject: string; sans: string[]; verified: boolean } | null;
}

export interface CheckReport {
  generatedAt: string;
  durationMs: number;
  apis: ApiReport[];
  teams: { id: string; name: string; apis: string[] }[];
  unassigned: string[];
  alerts: ReportedAlert[];
  /** The APIs the run could not judge (check exits 3 for them unless an alarm fires): empty when every API was judged. */
  noVerdict: NoVerdict[];
}

const round = (value: number | undefined, digits = 1): number | null =>
  value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits;

function sourcedReport(sourced: Partial<Record<MetricName, SourcedFigure>>): NonNullable<ApiReport['sourced']> {
  const out: NonNullable<ApiReport['sourced']> = {};
  for (const [metric, figure] of Object.entries(sourced) as [MetricName, SourcedFigure][]) {
    out[metric] = {
      source: figure.source,
      at: figure.at === undefined ? null : new Date(figure.at).toISOString(),
      ...(figure.staleValue === undefined ? {} : { staleValue: figure.staleValue }),
    };
  }
  return out;
}

/** The `check --json` document: the contract scripts depend on, so keys are only ever added. No ${VAR} value shows. */
export function buildCheckReport(
  config: Config,
  metrics: Record<string, MetricSummary>,
  ruleStatus: Record<string, RuleStatusEntry[]>,
  alerts: ReportedAlert[],
  durationMs: number,
  now: number,
): CheckReport {
  const apis = config.apis.map((api): ApiReport => {
    const m = metrics[api.id] ?? EMPTY_SUMMARY;
    return {
      id: api.id,
      name: api.name,
      family: api.family,
      owner: api.owner ?? null,
      url: api.url ?? null,
      samples: m.samples,
      latencyMs: { p50: round(m.latency.p50), p95: round(m.latency.p95), p99: round(m.latency.p99) },
      errorRate5xx: round(answeredRate5xx(m), 4),
      errorRate: m.samples > 0 ? round(m.errorRate, 4) : null,
      availability: m.samples > 0 ? round(m.availability, 4) : null,
      ...(m.sourced ? { sourced: sourcedReport(m.sourced) } : {}),
      lastStatus: m.lastStatus ?? null,
      lastError: m.lastError ?? null,
      lastErrorMessage: m.lastErrorMessage ?? null,
      health: healthOf(m, api),
      rules: ruleStatus[api.id] ?? [],
      statusCounts: m.statusCounts,
      throttled: m.throttled
        ? { since: new Date(m.throttled.since).toISOString(), retryAfterMs: m.throttled.retryAfterMs, backoffMs: m.throttled.backoffMs }
        : null,
      certificate: m.certificate
        ? {
            notAfter: new Date(m.certificate.notAfter).toISOString(),
            daysLeft: Math.floor(m.certificate.daysLeft),
            issuer: m.certificate.issuer,
            subject: m.certificate.subject,
            sans: m.certificate.sans,
            verified: !m.certificate.unverified,
          }
        : null,
    };
  });
  const report: CheckReport = {
    generatedAt: new Date(now).toISOString(),
    durationMs: Math.round(durationMs),
    apis,
    teams: config.teams.map((t) => ({ id: t.id, name: t.name, apis: config.apis.filter((a) => a.owner === t.id).map((a) => a.id) })),
    unassigned: config.apis.filter((a) => a.owner === undefined).map((a) => a.id),
    alerts,
    noVerdict: apisWithoutVerdict(config, apis),
  };
  return redactValue(report, configRedactor(config));
}
