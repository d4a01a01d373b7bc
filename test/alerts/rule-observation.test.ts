import { describe, expect, it } from 'vitest';
import type { Rule } from '../../source/config/types.js';
import { observeRule, readMetric } from '../../source/alerts/rule-observation.js';
import { summary } from './fixtures.js';

const rule = (fields: Partial<Rule>): Rule => ({
  name: 'R',
  metric: 'latency_p95',
  comparison: 'above',
  threshold: 800,
  forMs: 0,
  resolveAfterMs: 0,
  severity: 'warning',
  minSamples: 5,
  ...fields,
});

describe('observeRule', () => {
  it.each([
    ['latency_p50', 111],
    ['latency_p95', 222],
    ['latency_p99', 333],
    ['error_rate_5xx', 0.05],
    ['error_rate', 0.07],
    ['availability', 0.93],
  ] as const)('reads %s from the metric summary', (metric, expected) => {
    const s = summary(10, { latency: { p50: 111, p95: 222, p99: 333 }, errorRate5xx: 0.05, errorRate: 0.07, availability: 0.93 });
    expect(readMetric(metric, s)).toBe(expected);
  });

  it('breaches when a value is above an "above" threshold', () => {
    expect(observeRule(rule({ threshold: 800 }), summary(10, { latency: { p95: 900 } }))).toEqual({ status: 'breach', value: 900 });
  });

  it('is clear when the value equals the threshold', () => {
    expect(observeRule(rule({ threshold: 800 }), summary(10, { latency: { p95: 800 } }))).toEqual({ status: 'clear', value: 800 });
  });

  it('breaches when a value is below a "below" threshold', () => {
    const r = rule({ metric: 'availability', comparison: 'below', threshold: 0.99 });
    expect(observeRule(r, summary(10, { availability: 0.95 }))).toEqual({ status: 'breach', value: 0.95 });
  });

  it('reports insufficient data with fewer samples than minSamples', () => {
    expect(observeRule(rule({ minSamples: 5 }), summary(4, { latency: { p95: 5000 } }))).toEqual({ status: 'insufficient_data' });
  });

  it('never judges a single sample, even when minSamples is 1', () => {
    expect(observeRule(rule({ minSamples: 1 }), summary(1, { latency: { p95: 5000 } }))).toEqual({ status: 'insufficient_data' });
  });

  it('reports insufficient data when the metric has no value (no successful probe for percentiles)', () => {
    expect(observeRule(rule({}), summary(10, { latency: {} }))).toEqual({ status: 'insufficient_data' });
  });

  it('reports insufficient data for an API without a summary yet', () => {
    expect(observeRule(rule({}), undefined)).toEqual({ status: 'insufficient_data' });
  });
});

describe('certificate_days_left', () => {
  const certificate = { notBefore: 0, notAfter: 0, issuer: 'R11', subject: 'x', sans: [], unverified: false };
  const expiry = rule({ metric: 'certificate_days_left', comparison: 'below', threshold: 10 });

  it('breaches below the threshold and is clear above it', () => {
    expect(observeRule(expiry, summary(10, { certificate: { ...certificate, daysLeft: 9.5 } }))).toEqual({ status: 'breach', value: 9.5 });
    expect(observeRule(expiry, summary(10, { certificate: { ...certificate, daysLeft: 41 } }))).toEqual({ status: 'clear', value: 41 });
  });

  it('has no data for an API whose certificate was never read (http, or no connection yet)', () => {
    expect(observeRule(expiry, summary(10))).toEqual({ status: 'insufficient_data' });
  });
});
