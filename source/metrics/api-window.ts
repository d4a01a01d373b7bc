import { OUTCOMES, type Certificate, type Outcome, type ProbeSample, type Throttle } from '../core/probe-sample.js';
import { PointHistory } from './point-history.js';
import { RingBuffer } from './ring-buffer.js';
import { SortedValues } from './sorted-values.js';
import type { MetricSummary, RecentError, StoredFigures } from './summary.js';

/** Points kept for the sparkline at least (and at most): enough for its span at the API's interval. */
const MIN_HISTORY = 120;
const MAX_HISTORY = 2_000;
const RECENT_ERRORS = 10;
const NONE = Number.NaN;
/** The points of a window that keeps none; frozen, as every summary of such a window shares it. */
const NO_POINTS = Object.freeze([]) as unknown as number[];
const OK = OUTCOMES.indexOf('ok');
const HTTP_5XX = OUTCOMES.indexOf('http_5xx');
const BLOCKED = OUTCOMES.indexOf('blocked');
/** Transport failures are counted under 1000 + outcome index, statuses under their number: one map for both. */
const OUTCOME_KEY = 1_000;
const DAY_MS = 86_400_000;
/** A sample's record: when (64-bit) and six 32-bit fields, exact for statuses and outcome indices. */
const RECORD_BYTES = 32;
const RECORD_WORDS = RECORD_BYTES / 8;
const RECORD_FLOATS = RECORD_BYTES / 4;
const TOTAL = 2;
const TTFB = 3;
const CONNECT = 4;
const TLS = 5;
/** 0 when there was no response. */
const STATUS = 6;
/**
 * Two indices into OUTCOMES, as judged + OUTCOMES.length * counted. Judged is for the rates; counted, for
 * statusCounts, is the sample's own outcome. A turn held back by a rate-policy 429 is judged as blocked (left
 * out of the rates) but is counted as throttled: no answer came for it.
 */
const KIND = 7;
const KINDS = OUTCOMES.length;

/**
 * One API's rolling window of probe samples. Samples live in one buffer allocated once at full size, a
 * 32-byte record each (about 40 bytes a sample with the sorted copies), so a fleet's memory is set at start
 * and does not grow as windows fill; failure messages live only in the small ring of recent errors. One
 * record per sample rather than an array per field: adding a sample touches one or two cache lines instead
 * of eight arrays, and a window holds two typed arrays instead of eight.
 *
 * The figures are kept up to date as samples enter and leave (sorted latencies, counts by status and
 * outcome), and a summary is rebuilt only when the window changed: the engine asks every API for one
 * every second, and re-sorting full windows each time cost more than the probes themselves.
 */
export class ApiWindow {
  private readonly capacity: number;
  /** The records, as 64-bit words: word 0 of record i (index i * 4) is when the sample was taken. */
  private readonly words: Float64Array;
  /** The same records as 32-bit floats: the fields at RECORD_FLOATS * i + TOTAL and on. */
  private readonly fields: Float32Array;
  private start = 0;
  private count = 0;
  private readonly latencies: SortedValues;
  private readonly ttfbs: SortedValues;
  private readonly connects: SortedValues;
  private readonly tlss: SortedValues;
  private readonly byStatus = new Map<number, number>();
  private failures = 0;
  private fiveXx = 0;
  /** Probes the API refused for a User-Agent or rate policy: ours to fix, so left out of the rates. */
  private blocked = 0;
  /** The sparkline's points: latency (NaN for a failed probe) and when it was measured; none where nothing draws them. */
  private readonly history: PointHistory | undefined;
  private readonly errors = new RingBuffer<RecentError>(RECENT_ERRORS);
  /** Newest first, until the next error: summaries between two errors share it. */
  private recentErrors: RecentError[] | undefined;
  /** The last statusCounts built, shared by the summaries while the counts stay the same. */
  private statusCounts: Record<string, number> = {};
  /** The latest sample's: a back-off is the API's state now, not a figure over the window. */
  private throttle: Throttle | undefined;
  /** The last one read: a probe that failed before TLS, or an http one, does not forget it. */
  private certificate: Certificate | undefined;
  /** Figures from the stored history, until this run has samples of its own. */
  private stored: StoredFigures | undefined;
  /** The last summary, until a sample enters or leaves. */
  private summary: MetricSummary | undefined;

  constructor(
    private readonly windowMs: number,
    intervalMs: number,
    /** The span the sparkline shows; `false` keeps no points (a headless run draws none). */
    sparklineMs: number | false = 0,
  ) {
    if (sparklineMs !== false) {
      this.history = new PointHistory(Math.min(MAX_HISTORY, Math.max(MIN_HISTORY, Math.ceil(sparklineMs / Math.max(1, intervalMs)) + 8)));
    }
    // Probes start on the API's interval grid, so a window holds at most window / interval + 1 samples; the spare
    // slots cover a clock step back. Twice that, as it was, cost 24 MB of never-used slots at 2,000 APIs on 5 minutes.
    this.capacity = Math.min(20_000, Math.max(32, Math.ceil(windowMs / Math.max(1, intervalMs)) + 16));
    const records = new ArrayBuffer(this.capacity * RECORD_BYTES);
    this.words = new Float64Array(records);
    this.fields = new Float32Array(records);
    this.latencies = new SortedValues(this.capacity);
    this.ttfbs = new SortedValues(this.capacity);
    // Only probes that opened a connection have these: few, so they start small.
    this.connects = new SortedValues(8);
    this.tlss = new SortedValues(8);
  }

  add(sample: ProbeSample): void {
    if (this.count === this.capacity) this.dropOldest();
    const i = (this.start + this.count) % this.capacity;
    const f = i * RECORD_FLOATS;
    this.words[i * RECORD_WORDS] = sample.at;
    this.fields[f + TOTAL] = sample.totalMs ?? NONE;
    this.fields[f + TTFB] = sample.ttfbMs ?? NONE;
    this.fields[f + CONNECT] = sample.connectMs ?? NONE;
    this.fields[f + TLS] = sample.tlsMs ?? NONE;
    this.fields[f + STATUS] = sample.status ?? 0;
    const judged = OUTCOMES.indexOf(sample.outcome === 'throttled' && sample.throttle?.blocked ? 'blocked' : sample.outcome);
    this.fields[f + KIND] = judged + KINDS * OUTCOMES.indexOf(sample.outcome);
    this.count++;
    this.tally(i, 1);
    this.throttle = sample.throttle;
    if (sample.certificate) this.certificate = sample.certificate;
    this.history?.push(sample.outcome === 'ok' && sample.totalMs !== undefined ? sample.totalMs : Number.NaN, sample.at);
    if (sample.outcome !== 'ok') {
      this.errors.push({ at: sample.at, outcome: sample.outcome, status: sample.status, message: sample.message });
      this.recentErrors = undefined;
    }
    this.summary = undefined;
  }

  /**
   * Warm start: points from the stored history (oldest first, before any live sample) so the sparkline is
   * drawn at once, and the stored figures over the rules' window shown until probes of this run judge.
   */
  seed(points: readonly { at: number; ms: number }[], stored: StoredFigures | undefined): void {
    if (this.history) for (const point of points) this.history.push(point.ms, point.at);
    this.stored = stored;
    this.summary = undefined;
  }

  summarize(now: number): MetricSummary {
    const since = now - this.windowMs;
    while (this.count > 0 && this.words[this.start * RECORD_WORDS]! < since) this.dropOldest();
    this.summary ??= this.build(since);
    return this.summary;
  }

  private dropOldest(): void {
    this.tally(this.start, -1);
    this.start = (this.start + 1) % this.capacity;
    this.count--;
    this.summary = undefined;
  }

  /** Adds (+1) or removes (-1) the sample in slot `i` from the running figures. */
  private tally(i: number, sign: 1 | -1): void {
    const f = i * RECORD_FLOATS;
    const status = this.fields[f + STATUS]!;
    const kind = this.fields[f + KIND]!;
    const outcome = kind % KINDS;
    if (status !== 0) change(this.latencies, this.fields[f + TOTAL]!, sign);
    change(this.ttfbs, this.fields[f + TTFB]!, sign);
    change(this.connects, this.fields[f + CONNECT]!, sign);
    change(this.tlss, this.fields[f + TLS]!, sign);
    const key = status !== 0 ? status : OUTCOME_KEY + Math.floor(kind / KINDS);
    const count = (this.byStatus.get(key) ?? 0) + sign;
    if (count > 0) this.byStatus.set(key, count);
    else this.byStatus.delete(key);
    if (outcome === BLOCKED) this.blocked += sign;
    else if (outcome !== OK) this.failures += sign;
    if (outcome === HTTP_5XX) this.fiveXx += sign;
  }

  /** Rebuilt only when some count changed: in a steady window one sample leaves for each that enters. */
  private currentStatusCounts(): Record<string, number> {
    if (!sameCounts(this.statusCounts, this.byStatus)) {
      this.statusCounts = countsByKey([...this.byStatus].map(([key, count]) => [key >= OUTCOME_KEY ? OUTCOMES[key - OUTCOME_KEY]! : String(key), count]));
    }
    return this.statusCounts;
  }

  private build(since: number): MetricSummary {
    const statusCounts = this.currentStatusCounts();
    const n = this.count;
    const judged = n - this.blocked;
    const last = n > 0 ? (this.start + n - 1) % this.capacity : undefined;
    this.recentErrors ??= this.errors.toArray().reverse();
    const recentErrors = this.recentErrors;
    const lastFailure = recentErrors[0] && recentErrors[0].at >= since ? recentErrors[0] : undefined;
    const p50 = this.latencies.percentile(50);
    const figures: Omit<MetricSummary, 'history' | 'historyAt'> & Partial<Pick<MetricSummary, 'history' | 'historyAt'>> = {
      samples: n,
      latency: { p50, p95: this.latencies.percentile(95), p99: this.latencies.percentile(99) },
      errorRate5xx: judged === 0 ? undefined : this.fiveXx / judged,
      errorRate: judged === 0 ? undefined : this.failures / judged,
      availability: judged === 0 ? undefined : 1 - this.failures / judged,
      lastStatus: last === undefined || this.fields[last * RECORD_FLOATS + STATUS] === 0 ? undefined : this.fields[last * RECORD_FLOATS + STATUS],
      lastOutcome: last === undefined ? undefined : (OUTCOMES[this.fields[last * RECORD_FLOATS + KIND]! % KINDS] as Outcome),
      lastError: lastFailure?.outcome,
      lastErrorMessage: lastFailure?.message,
      lastSampleAt: last === undefined ? undefined : this.words[last * RECORD_WORDS],
      phases: { connectMs: this.connects.percentile(50), tlsMs: this.tlss.percentile(50), ttfbMs: this.ttfbs.percentile(50), totalMs: p50 },
      statusCounts,
      recentErrors,
      stored: n === 0 ? this.stored : undefined,
      throttled: this.throttle,
      certificate: this.certificate && { ...this.certificate, daysLeft: (this.certificate.notAfter - (since + this.windowMs)) / DAY_MS },
    };
    // Without points (headless) a summary is plain data: the getters' closures tripled the cost of a summary.
    if (!this.history) {
      figures.history = NO_POINTS;
      figures.historyAt = NO_POINTS;
      return figures as MetricSummary;
    }
    const points = this.history.snapshot();
    // Read on demand: only the rows on screen ever copy their points out. Defined last, after the spread:
    // getters ahead of it make V8 build every summary as a dictionary object, slower for every reader.
    return {
      ...figures,
      get history() {
        return points.values();
      },
      get historyAt() {
        return points.times();
      },
    };
  }
}

/** Whether `counts` holds exactly the window's counts, with the keys as the summary names them. */
function sameCounts(counts: Record<string, number>, byStatus: ReadonlyMap<number, number>): boolean {
  let keys = 0;
  for (const key in counts) {
    keys++;
    const numeric = Number(key);
    const count = byStatus.get(Number.isNaN(numeric) ? OUTCOME_KEY + OUTCOMES.indexOf(key as Outcome) : numeric);
    if (count !== counts[key]) return false;
  }
  return keys === byStatus.size;
}

/**
 * The counts as a plain record. Keys such as "500" are array indices to V8: set one by one on an object they
 * make it a dense array of 760 slots (6 KB per summary, rebuilt for every API every second or two), while a
 * parsed object keeps them in a small dictionary (under 200 bytes).
 */
function countsByKey(entries: readonly [string, number][]): Record<string, number> {
  return JSON.parse(`{${entries.map(([key, count]) => `${JSON.stringify(key)}:${count}`).join(',')}}`) as Record<string, number>;
}

/** NaN marks a phase the probe did not have. */
function change(values: SortedValues, value: number, sign: 1 | -1): void {
  if (Number.isNaN(value)) return;
  if (sign === 1) values.add(value);
  else values.remove(value);
}
