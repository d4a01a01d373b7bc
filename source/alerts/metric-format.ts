import type { AlarmSpec } from './alarm-spec.js';
import type { AlarmMetric } from '../core/alarm.js';
import { formatDuration } from '../core/duration.js';

const METRIC_LABELS: Record<AlarmMetric, string> = {
  latency_p50: 'p50 latency',
  latency_p95: 'p95 latency',
  latency_p99: 'p99 latency',
  error_rate_5xx: '5xx rate',
  error_rate: 'error rate',
  availability: 'availability',
  certificate_days_left: 'certificate days left',
  slo_burn_rate: 'error budget burn',
};

/** How every output names a metric: "p95 latency", "5xx rate", "error budget burn". */
export function metricLabel(metric: AlarmMetric): string {
  return METRIC_LABELS[metric];
}

const twoDecimals = (n: number): string => String(Number(n.toFixed(2)));
/** A configured number as written, without float noise from the unit change (0.029 * 100). */
const asWritten = (n: number): string => String(Number(n.toPrecision(12)));

/** A measured value in its metric's unit, rounded for reading: 80ms, 1.23s, 16.13%, 14.4x. */
export function formatMetricValue(metric: AlarmMetric, value: number): string {
  if (metric.startsWith('latency') && value < 1_000) return `${Math.round(value)}ms`;
  return inUnit(metric, value, twoDecimals);
}

/** A configured threshold in its metric's unit, unrounded: 99.995% must not read as 100%. */
export function formatThreshold(metric: AlarmMetric, threshold: number): string {
  return inUnit(metric, threshold, asWritten);
}

function inUnit(metric: AlarmMetric, value: number, digits: (n: number) => string): string {
  if (metric.startsWith('latency')) return value < 1_000 ? `${digits(value)}ms` : `${digits(value / 1_000)}s`;
  if (metric === 'slo_burn_rate') return `${digits(value)}x`;
  if (metric === 'certificate_days_left') return `${digits(value)}d`;
  return `${digits(value * 100)}%`;
}

/** "p95 latency 1.2s above 800ms": an alarm's value against its threshold, the same in the summary and every channel. */
export function describeAlarm(spec: Pick<AlarmSpec, 'metric' | 'comparison' | 'threshold'>, value: number): string {
  return `${metricLabel(spec.metric)} ${formatMetricValue(spec.metric, value)} ${spec.comparison} ${formatThreshold(spec.metric, spec.threshold)}`;
}

/**
 * "5xx rate 0%, below 10% for 2m": what a resolution means, the value back on the good side of the threshold for
 * the rule's resolveAfter. Its value against the threshold with the firing word would read as a breach.
 */
export function describeResolution(spec: Pick<AlarmSpec, 'metric' | 'comparison' | 'threshold'>, value: number, resolveAfterMs: number | undefined): string {
  const side = spec.comparison === 'above' ? 'below' : 'above';
  const held = resolveAfterMs !== undefined && resolveAfterMs > 0 ? ` for ${formatDuration(resolveAfterMs)}` : '';
  return `${metricLabel(spec.metric)} ${formatMetricValue(spec.metric, value)}, ${side} ${formatThreshold(spec.metric, spec.threshold)}${held}`;
}
