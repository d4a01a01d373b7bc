/** How loud an alarm is, quietest first: routing, SLA policies and the exports all key on these. */
export const SEVERITIES = ['info', 'warning', 'critical', 'page'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a rule can watch; each has a window figure (metrics/summary) and a PromQL form (config-export/promql). */
export const METRICS = ['latency_p50', 'latency_p95', 'latency_p99', 'error_rate_5xx', 'error_rate', 'availability', 'certificate_days_left'] as const;
export type MetricName = (typeof METRICS)[number];

/** A rule's standing on one API: too few samples to judge is its own state, never "ok". */
export type RuleStatus = 'ok' | 'insufficient_data' | 'pending' | 'firing';

export interface RuleStatusEntry {
  rule: string;
  status: RuleStatus;
  /** Set while a firing alarm is held with no data to judge it by (a source gone quiet): a gap in data is not a recovery. */
  noData?: true;
}
