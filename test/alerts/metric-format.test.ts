import { describe, expect, it } from 'vitest';
import { describeAlarm, formatMetricValue, formatThreshold, metricLabel } from '../../source/alerts/metric-format.js';

describe('metric values', () => {
  it.each([
    ['latency_p95', 1234, '1.23s'],
    ['latency_p50', 80.4, '80ms'],
    ['error_rate_5xx', 0.041, '4.1%'],
    ['error_rate', 0.161290, '16.13%'],
    ['availability', 0.99995, '100%'],
    ['slo_burn_rate', 14.4, '14.4x'],
  ] as const)('a measured %s of %d reads %s', (metric, value, text) => {
    expect(formatMetricValue(metric, value)).toBe(text);
  });

  it.each([
    ['availability', 0.99995, '99.995%'],
    ['error_rate_5xx', 0.029, '2.9%'],
    ['error_rate', 0.1, '10%'],
    ['latency_p95', 800, '800ms'],
    ['latency_p99', 1500, '1.5s'],
    ['latency_p50', 1234.5, '1.2345s'],
    ['slo_burn_rate', 14.4, '14.4x'],
  ] as const)('a %s threshold of %d reads %s, unrounded', (metric, threshold, text) => {
    expect(formatThreshold(metric, threshold)).toBe(text);
  });

  it('words an alarm as label, value, comparison and threshold', () => {
    expect(describeAlarm({ metric: 'error_rate', comparison: 'above', threshold: 0.1 }, 0.16129)).toBe('error rate 16.13% above 10%');
    expect(describeAlarm({ metric: 'availability', comparison: 'below', threshold: 0.99995 }, 0.9981)).toBe('availability 99.81% below 99.995%');
    expect(metricLabel('slo_burn_rate')).toBe('error budget burn');
  });
});
