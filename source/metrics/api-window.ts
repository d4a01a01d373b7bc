import type { ProbeSample } from '../probe/outcome.js';
import { median, percentile } from './percentile.js';
import { RingBuffer } from './ring-buffer.js';
import type { MetricSummary, RecentError } from './summary.js';

const HISTORY = 120;
const RECENT_ERRORS = 10;

/** One API's rolling window of probe samples; memory is bounded by ring buffers whatever the run time. */
export class ApiWindow {
  private readonly samples: RingBuffer<ProbeSample>;
  private readonly history = new RingBuffer<number>(HISTORY);
  private readonly errors = new RingBuffer<RecentError>(RECENT_ERRORS);

  constructor(
    private readonly windowMs: number,
    intervalMs: number,
  ) {
    this.samples = new RingBuffer(Math.min(20_000, Math.max(32, Math.ceil(windowMs / Math.max(1, intervalMs)) * 2 + 16)));
  }

  add(sample: ProbeSample): void {
    this.samples.push(sample);
    this.history.push(sample.outcome === 'ok' && sample.totalMs !== undefined ? sample.totalMs : Number.NaN);
    if (sample.outcome !== 'ok') {
      this.errors.push({ at: sample.at, outcome: sample.outcome, status: sample.status, message: sample.message });
    }
  }

  summarize(now: number): MetricSummary {
    const since = now - this.windowMs;
    this.samples.dropWhile((s) => s.at < since);
    const all = this.samples.toArray();
    const latencies: number[] = [];
    const ttfb: number[] = [];
    const connect: number[] = [];
    const tls: number[] = [];
    const statusCounts: Record<string, number> = {};
    let failures = 0;
    let fiveXx = 0;
    let lastFailure: ProbeSample | undefined;
    for (const s of all) {
      if (s.totalMs !== undefined && s.status !== undefined) latencies.push(s.totalMs);
      if (s.ttfbMs !== undefined) ttfb.push(s.ttfbMs);
      if (s.connectMs !== undefined) connect.push(s.connectMs);
      if (s.tlsMs !== undefined) tls.push(s.tlsMs);
      const key = s.status !== undefined ? String(s.status) : s.outcome;
      statusCounts[key] = (statusCounts[key] ?? 0) + 1;
      if (s.outcome !== 'ok') {
        failures++;
        lastFailure = s;
      }
      if (s.outcome === 'http_5xx') fiveXx++;
    }
    latencies.sort((a, b) => a - b);
    const n = all.length;
    const last = all.at(-1);
    return {
      samples: n,
      latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
      errorRate5xx: n === 0 ? 0 : fiveXx / n,
      errorRate: n === 0 ? 0 : failures / n,
      availability: n === 0 ? 1 : 1 - failures / n,
      lastStatus: last?.status,
      lastOutcome: last?.outcome,
      lastError: lastFailure?.outcome,
      lastErrorMessage: lastFailure?.message,
      lastSampleAt: last?.at,
      phases: { connectMs: median(connect), tlsMs: median(tls), ttfbMs: median(ttfb), totalMs: percentile(latencies, 50) },
      statusCounts,
      recentErrors: this.errors.toArray().reverse(),
      history: this.history.toArray(),
    };
  }
}
