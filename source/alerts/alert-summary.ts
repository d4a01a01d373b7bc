import { BURN_RATE_PAIRS } from './burn-rate.js';
import { formatThreshold, metricLabel } from './metric-format.js';
import type { AlarmMetric } from '../core/alarm.js';
import { formatDuration } from '../core/duration.js';

export interface SummarySubject {
  /** The rule's name (an SLO pair's is e.g. "SLOBurn1h5m"). */
  name: string;
  metric: AlarmMetric;
  comparison: 'above' | 'below';
  threshold: number;
  /** The rule's own `summary`, which replaces the generated text. */
  summary?: string | undefined;
}

/**
 * An alert's `summary` annotation: "Search API: 5xx rate above 2%". The same text on every path (the
 * alertmanager channel, the exported rules of either metric flavour), because Alertmanager keeps one alert per
 * label set and shows whichever path spoke last; so it names the condition, never the value of the moment.
 */
export function alertSummary(apiName: string, subject: SummarySubject): string {
  if (subject.summary !== undefined) return subject.summary;
  const pair = subject.metric === 'slo_burn_rate' ? BURN_RATE_PAIRS.find((p) => p.rule === subject.name) : undefined;
  if (pair) return `${apiName}: error budget burning ${pair.burnRate}x (${formatDuration(pair.longMs)} and ${formatDuration(pair.shortMs)})`;
  return `${apiName}: ${metricLabel(subject.metric)} ${subject.comparison} ${formatThreshold(subject.metric, subject.threshold)}`;
}
