import type { AlarmSpec } from './alarm-spec.js';

const METRIC_LABEL: Record<AlarmSpec['metric'], string> = {
  latency_p50: 'p50 latency',
  latency_p95: 'p95 latency',
  latency_p99: 'p99 latency',
  error_rate_5xx: '5xx rate',
  error_rate: 'error rate',
  availability: 'availability',
  slo_burn_rate: 'error budget burn',
};

/** Formats a value in the metric's own unit: 1.2s, 840ms, 4.1%, 16.2x. */
export function formatMetricValue(metric: AlarmSpec['metric'], value: number): string {
  if (metric.startsWith('latency')) return value < 1_000 ? `${Math.round(value)}ms` : `${trim((value / 1_000).toFixed(1))}s`;
  if (metric === 'slo_burn_rate') return `${trim(value.toFixed(1))}x`;
  return `${trim((value * 100).toFixed(2))}%`;
}

/** "p95 latency 1.2s above 800ms" */
export function describeAlarm(spec: AlarmSpec, value: number): string {
  return `${METRIC_LABEL[spec.metric]} ${formatMetricValue(spec.metric, value)} ${spec.comparison} ${formatMetricValue(spec.metric, spec.threshold)}`;
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
