import { describe, expect, it } from 'vitest';
import { healthOf } from '../../source/metrics/health.js';
import { failing, slow, summary } from '../helpers/summaries.js';

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
      name: 'last probe failed and availability under 99%',
      s: summary({ errorRate: 0.05, availability: 0.95, lastOutcome: 'timeout' }),
      maxLatencyMs: undefined,
      health: 'failing',
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
