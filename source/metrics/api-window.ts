import { OUTCOMES, type Outcome, type ProbeSample } from '../probe/outcome.js';
import { median, percentile } from './percentile.js';
import { RingBuffer } from './ring-buffer.js';
import type { MetricSummary, RecentError } from './summary.js';

const HISTORY = 120;
const RECENT_ERRORS = 10;
const NONE = Number.NaN;

/**
 * One API's rolling window of probe samples. Samples live in typed arrays allocated once at full size
 * (about 30 bytes a sample), so a fleet's memory is set at start and does not grow as windows fill;
 * failure messages live only in the small ring of recent errors.
 */
export class ApiWindow {
  private readonly capacity: number;
  private readonly at: Float64Array;
  private readonly total: Float32Array;
  private readonly ttfb: Float32Array;
  private readonly connect: Float32Array;
  private readonly tls: Float32Array;
  /** 0 when there was no response. */
  private readonly status: Uint16Array;
  /** Index into OUTCOMES. */
  private readonly outcome: Uint8Array;
  private start = 0;
  private count = 0;
  private readonly history = new RingBuffer<number>(HISTORY);
  private readonly errors = new RingBuffer<RecentError>(RECENT_ERRORS);

  constructor(
    private readonly windowMs: number,
    intervalMs: number,
  ) {
    this.capacity = Math.min(20_000, Math.max(32, Math.ceil(windowMs / Math.max(1, intervalMs)) * 2 + 16));
    this.at = new Float64Array(this.capacity);
    this.total = new Float32Array(this.capacity);
    this.ttfb = new Float32Array(this.capacity);
    this.connect = new Float32Array(this.capacity);
    this.tls = new Float32Array(this.capacity);
    this.status = new Uint16Array(this.capacity);
    this.outcome = new Uint8Array(this.capacity);
  }

  add(sample: ProbeSample): void {
    const i = (this.start + this.count) % this.capacity;
    this.at[i] = sample.at;
    this.total[i] = sample.totalMs ?? NONE;
    this.ttfb[i] = sample.ttfbMs ?? NONE;
    this.connect[i] = sample.connectMs ?? NONE;
    this.tls[i] = sample.tlsMs ?? NONE;
    this.status[i] = sample.status ?? 0;
    this.outcome[i] = OUTCOMES.indexOf(sample.outcome);
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    this.history.push(sample.outcome === 'ok' && sample.totalMs !== undefined ? sample.totalMs : Number.NaN);
    if (sample.outcome !== 'ok') {
      this.errors.push({ at: sample.at, outcome: sample.outcome, status: sample.status, message: sample.message });
    }
  }

  summarize(now: number): MetricSummary {
    const since = now - this.windowMs;
    while (this.count > 0 && this.at[this.start]! < since) {
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
    // Scratch arrays sized for the window; typed so the sorts below are numeric without comparators.
    const latencies = new Float64Array(this.count);
    const ttfb = new Float64Array(this.count);
    const connect: number[] = [];
    const tls: number[] = [];
    const byStatus = new Map<number, number>();
    let nLatency = 0;
    let nTtfb = 0;
    let failures = 0;
    let fiveXx = 0;
    const ok = OUTCOMES.indexOf('ok');
    const http5xx = OUTCOMES.indexOf('http_5xx');
    for (let k = 0; k < this.count; k++) {
      const i = (this.start + k) % this.capacity;
      const status = this.status[i]!;
      const outcome = this.outcome[i]!;
      const total = this.total[i]!;
      if (status !== 0 && !Number.isNaN(total)) latencies[nLatency++] = total;
      if (!Number.isNaN(this.ttfb[i]!)) ttfb[nTtfb++] = this.ttfb[i]!;
      if (!Number.isNaN(this.connect[i]!)) connect.push(this.connect[i]!);
      if (!Number.isNaN(this.tls[i]!)) tls.push(this.tls[i]!);
      // Statuses as numbers, transport failures as 1000 + outcome index: one map, named once at the end.
      const key = status !== 0 ? status : 1000 + outcome;
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
      if (outcome !== ok) failures++;
      if (outcome === http5xx) fiveXx++;
    }
    const sorted = latencies.subarray(0, nLatency).sort();
    const statusCounts: Record<string, number> = {};
    for (const [key, count] of byStatus) statusCounts[key >= 1000 ? OUTCOMES[key - 1000]! : String(key)] = count;
    const n = this.count;
    const last = n > 0 ? (this.start + n - 1) % this.capacity : undefined;
    const recentErrors = this.errors.toArray().reverse();
    const lastFailure = recentErrors[0] && recentErrors[0].at >= since ? recentErrors[0] : undefined;
    return {
      samples: n,
      latency: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) },
      errorRate5xx: n === 0 ? 0 : fiveXx / n,
      errorRate: n === 0 ? 0 : failures / n,
      availability: n === 0 ? 1 : 1 - failures / n,
      lastStatus: last === undefined || this.status[last] === 0 ? undefined : this.status[last],
      lastOutcome: last === undefined ? undefined : (OUTCOMES[this.outcome[last]!] as Outcome),
      lastError: lastFailure?.outcome,
      lastErrorMessage: lastFailure?.message,
      lastSampleAt: last === undefined ? undefined : this.at[last],
      phases: { connectMs: median(connect), tlsMs: median(tls), ttfbMs: median(ttfb.subarray(0, nTtfb)), totalMs: percentile(sorted, 50) },
      statusCounts,
      recentErrors,
      history: this.history.toArray(),
    };
  }
}
