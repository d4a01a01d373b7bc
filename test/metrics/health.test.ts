import { describe, expect, it } from 'vitest';
import { healthOf } from '../../source/metrics/health.js';
import { ApiWindow } from '../../source/metrics/api-window.js';
import { sparkline } from '../../source/ui/sparkline.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import type { Rule } from '../../source/config/types.js';
import { failing, slow, summary } from '../helpers/summaries.js';

const PROBE_EVERY_MS = 5_000;
const probe = (i: number, outcome: ProbeSample['outcome'] = 'ok'): ProbeSample =>
  outcome === 'ok'
    ? { apiId: 'a', at: i * PROBE_EVERY_MS, outcome, status: 200, ttfbMs: 20, totalMs: 40 }
    : { apiId: 'a', at: i * PROBE_EVERY_MS, outcome, status: 503, totalMs: 10 };
const rule = (minSamples: number): Rule => ({
  name: 'errors',
  metric: 'error_rate_5xx',
  comparison: 'above',
  threshold: 0.1,
  forMs: 60_000,
  resolveAfterMs: 60_000,
  severity: 'critical',
  minSamples,
});
const api = { expect: {}, rules: [rule(5)] };

describe('healthOf', () => {
  it.each([
    { name: 'no summary', s: undefined, maxLatencyMs: undefined, health: 'unknown' },
    { name: 'no samples', s: summary({ samples: 0 }), maxLatencyMs: undefined, health: 'unknown' },
    { name: 'all fine', s: summary(), maxLatencyMs: undefined, health: 'healthy' },
    { name: 'p95 over the default 1 s', s: slow(), maxLatencyMs: undefined, health: 'degraded' },
    { name: 'p95 under its own maxLatency', s: slow(), maxLatencyMs: 2_000, health: 'healthy' },
    { name: 'some errors', s: summary({ errorRate: 0.02, availability: 0.98 }), maxLatencyMs: undefined, health: 'degraded' },
    { name: 'availability under 90%', s: failing(), maxLatencyMs: undefined, health: 'failing' },
    {
      name: 'last probe failed and availability at 95%',
      s: summary({ errorRate: 0.05, availability: 0.95, lastOutcome: 'timeout' }),
      maxLatencyMs: undefined,
      health: 'degraded',
    },
    {
      name: 'a source giving only a 73% 5xx rate',
      s: summary({ errorRate5xx: 0.73, errorRate: undefined, availability: undefined, latency: {} }),
      maxLatencyMs: undefined,
      health: 'failing',
    },
    {
      name: 'a source giving only a 5% error rate',
      s: summary({ errorRate5xx: undefined, errorRate: 0.05, availability: undefined, latency: {} }),
      maxLatencyMs: undefined,
      health: 'degraded',
    },
    {
      name: 'a source whose every figure is no data',
      s: summary({ errorRate5xx: undefined, errorRate: undefined, availability: undefined, latency: {} }),
      maxLatencyMs: undefined,
      health: 'unknown',
    },
    {
      name: 'a source giving only a fine latency',
      s: summary({ errorRate5xx: undefined, errorRate: undefined, availability: undefined, latency: { p95: 120 } }),
      maxLatencyMs: undefined,
      health: 'healthy',
    },
  ])('$name is $health', ({ s, maxLatencyMs, health }) => {
    expect(healthOf(s, { expect: { maxLatencyMs } })).toBe(health);
  });
});

describe('row health over a window of probes', () => {
  it('degrades but does not fail on one failed probe among 20 successes, while it is the latest', () => {
    const window = new ApiWindow(600_000, 100);
    for (let i = 0; i < 20; i++) window.add(probe(i));
    window.add(probe(20, 'http_5xx'));
    expect(healthOf(window.summarize(20 * PROBE_EVERY_MS), api)).toBe('degraded');
  });

  it('stays degraded, not failing, on every probe after the failure while it is in the window', () => {
    const window = new ApiWindow(600_000, 100);
    for (let i = 0; i < 20; i++) window.add(probe(i));
    window.add(probe(20, 'http_5xx'));
    const seen = new Set<string>();
    for (let i = 21; i < 40; i++) {
      window.add(probe(i));
      seen.add(healthOf(window.summarize(i * PROBE_EVERY_MS), api));
    }
    expect([...seen]).toEqual(['degraded']);
  });

  it('draws the failed probe as a cross in the sparkline', () => {
    const window = new ApiWindow(600_000, 100);
    for (let i = 0; i < 20; i++) window.add(probe(i));
    window.add(probe(20, 'http_5xx'));
    window.add(probe(21));
    expect(sparkline(window.summarize(21 * PROBE_EVERY_MS).history, 4)).toMatch(/×.$/);
  });

  it('does not fail before there are as many samples as the rules need', () => {
    const window = new ApiWindow(600_000, 100);
    for (let i = 0; i < 4; i++) window.add(probe(i, 'http_5xx'));
    expect(healthOf(window.summarize(3 * PROBE_EVERY_MS), api)).toBe('degraded');
  });

  it('fails once the rules have their minimum samples and availability is poor', () => {
    const window = new ApiWindow(600_000, 100);
    for (let i = 0; i < 5; i++) window.add(probe(i, 'http_5xx'));
    expect(healthOf(window.summarize(4 * PROBE_EVERY_MS), api)).toBe('failing');
  });

  it('waits for the fewest samples any of its rules needs', () => {
    expect(healthOf(failing({ samples: 3 }), { expect: {}, rules: [rule(10), rule(3)] })).toBe('failing');
  });
});

describe('healthOf before the rules can judge', () => {
  it('reads no data yet, not healthy, while good samples are fewer than the rules need', () => {
    expect(healthOf(summary({ samples: 3 }), { expect: {}, rules: [rule(20)] })).toBe('unknown');
  });

  it('reads healthy once the rules have their samples', () => {
    expect(healthOf(summary({ samples: 20 }), { expect: {}, rules: [rule(20)] })).toBe('healthy');
  });

  it('still shows a slow or failing probe among the first samples as degraded', () => {
    expect(healthOf(summary({ samples: 3, errorRate: 0.34, availability: 0.66, lastOutcome: 'timeout' }), { expect: {}, rules: [rule(20)] })).toBe('degraded');
  });
});
