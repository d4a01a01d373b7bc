import { nearestRank } from './percentile.js';

/**
 * Each bucket is this much wider than the one below it: bucket i holds latencies in (G^(i-1), G^i] ms, and
 * bucket 0 everything up to 1 ms. Fixed buckets make histograms of different minutes, processes and
 * machines mergeable by adding counts.
 */
export const GROWTH = 2 ** (1 / 8);

/**
 * A bucket is read as the value with the same relative distance to both of its edges, so any percentile read
 * from merged buckets is within this of the nearest-rank percentile of the raw latencies (above 1 ms): 4.3 %.
 */
export const RELATIVE_ERROR = (GROWTH - 1) / (GROWTH + 1);

const LOG_GROWTH = Math.log(GROWTH);

/** Bucket index to count; sparse, because one API's latencies fill a few dozen buckets at most. */
export type LatencyHistogram = Map<number, number>;

export function bucketOf(ms: number): number {
  if (!(ms > 1)) return 0;
  const index = Math.ceil(Math.log(ms) / LOG_GROWTH);
  // Float rounding may put an exact edge one bucket high.
  return GROWTH ** (index - 1) >= ms ? index - 1 : index;
}

/** The value a bucket stands for: G^i * 2 / (1 + G), equally far (relatively) from both edges. */
export function bucketValue(index: number): number {
  return (GROWTH ** index * 2) / (1 + GROWTH);
}

export function addLatency(histogram: LatencyHistogram, ms: number, count = 1): void {
  const index = bucketOf(ms);
  histogram.set(index, (histogram.get(index) ?? 0) + count);
}

export function mergeHistogram(into: LatencyHistogram, from: LatencyHistogram): LatencyHistogram {
  for (const [index, count] of from) into.set(index, (into.get(index) ?? 0) + count);
  return into;
}

export function histogramCount(histogram: LatencyHistogram): number {
  let total = 0;
  for (const count of histogram.values()) total += count;
  return total;
}

/** The nearest-rank p-th percentile (0..100) as its bucket's value; undefined for an empty histogram. */
export function histogramPercentile(histogram: LatencyHistogram, p: number): number | undefined {
  const total = histogramCount(histogram);
  if (total === 0) return undefined;
  const rank = nearestRank(total, p);
  let seen = 0;
  for (const index of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(index)!;
    if (seen > rank) return bucketValue(index);
  }
  return undefined;
}

/**
 * Pairs of index step and count, comma separated, in base 36: each index is written as its distance from the
 * one before (the first from 0), so a typical hour of one API takes about 60 bytes on disk.
 */
export function encodeHistogram(histogram: LatencyHistogram): string {
  let previous = 0;
  return [...histogram.entries()]
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([index, count]) => {
      const pair = `${(index - previous).toString(36)}:${count.toString(36)}`;
      previous = index;
      return pair;
    })
    .join(',');
}

/** Reads encodeHistogram's text; pairs that do not parse are left out rather than guessed at. */
export function decodeHistogram(text: string): LatencyHistogram {
  return addEncoded(new Map(), text);
}

/**
 * Adds the counts of encodeHistogram's text to a histogram, reading the text by hand: reports merge hundreds
 * of thousands of rows, and a split and a regular expression per pair cost several times more.
 */
export function addEncoded(into: LatencyHistogram, text: string): LatencyHistogram {
  let index = 0;
  let step = 0;
  let count = 0;
  let digits = 0;
  let inCount = false;
  let valid = true;
  const end = (): void => {
    if (valid && inCount && digits > 0) {
      index += step;
      into.set(index, (into.get(index) ?? 0) + count);
    }
    step = 0;
    count = 0;
    digits = 0;
    inCount = false;
    valid = true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
    if (digit >= 0) {
      if (inCount) count = count * 36 + digit;
      else step = step * 36 + digit;
      digits++;
    } else if (c === 58 && !inCount && digits > 0) {
      inCount = true;
      digits = 0;
    } else if (c === 44) {
      end();
    } else {
      valid = false;
    }
  }
  end();
  return into;
}
