import type { AlarmMetric } from '../core/alarm.js';
import type { Severity } from '../core/rules.js';

/** What the life cycle needs to know about a rule; both configured rules and SLO burn-rate pairs fit it. */
export interface AlarmSpec {
  name: string;
  metric: AlarmMetric;
  comparison: 'above' | 'below';
  threshold: number;
  forMs: number;
  resolveAfterMs: number;
  severity: Severity;
}

/** One evaluation's verdict on a rule's condition. */
export type Observation = { status: 'insufficient_data' } | { status: 'breach' | 'clear'; value: number };

export function crosses(comparison: 'above' | 'below', value: number, threshold: number): boolean {
  return comparison === 'above' ? value > threshold : value < threshold;
}
