import type { Rule } from '../config/types.js';
import type { MetricSummary } from '../metrics/summary.js';
import { crosses, type Observation } from './alarm-spec.js';
import type { MetricName } from '../core/rules.js';

/** No rule may fire on a single sample, whatever `minSamples` a config asks for. */
export const MIN_SAMPLES_FLOOR = 2;

export function readMetric(metric: MetricName, summary: MetricSummary): number | undefined {
  switch (metric) {
    case 'latency_p50':
      return summary.latency.p50;
    case 'latency_p95':
      return summary.latency.p95;
    case 'latency_p99':
      return summary.latency.p99;
    case 'error_rate_5xx':
      return summary.errorRate5xx;
    case 'error_rate':
      return summary.errorRate;
    case 'availability':
      return summary.availability;
    case 'certificate_days_left':
      return summary.certificate?.daysLeft;
  }
}

/** Reads a rule's metric from an API's window; too few samples is "insufficient data", never a breach. */
export function observeRule(rule: Rule, summary: MetricSummary | undefined): Observation {
  if (!summary || summary.samples < Math.max(rule.minSamples, MIN_SAMPLES_FLOOR)) return { status: 'insufficient_data' };
  const value = readMetric(rule.metric, summary);
  if (value === undefined || Number.isNaN(value)) return { status: 'insufficient_data' };
  return { status: crosses(rule.comparison, value, rule.threshold) ? 'breach' : 'clear', value };
}
