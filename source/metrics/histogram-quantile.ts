/** One cumulative bucket of a Prometheus histogram: observations at or below `le` (Infinity for `+Inf`). */
export interface CumulativeBucket {
  le: number;
  count: number;
}

/** A bucket from a series' `le` label and value as Prometheus answers them; undefined for an edge or count that is no number. */
export function cumulativeBucket(le: string | undefined, count: number): CumulativeBucket | undefined {
  const edge = le === '+Inf' ? Infinity : Number(le);
  return le === undefined || Number.isNaN(edge) || !Number.isFinite(count) ? undefined : { le: edge, count };
}

/**
 * Prometheus' histogram_quantile over cumulative buckets: the rank's bucket read by linear interpolation
 * between its edges (the first bucket from 0), the highest finite edge for a rank in `+Inf`. Buckets fetched
 * once answer every quantile and every grouping of them (summed by `sumBuckets`), which one PromQL query per
 * quantile and grouping would evaluate anew. Undefined where Prometheus answers NaN: no `+Inf` bucket, fewer
 * than two buckets, or no observations.
 */
export function histogramQuantile(q: number, buckets: readonly CumulativeBucket[]): number | undefined {
  const sorted = monotonic(buckets);
  const last = sorted.length - 1;
  if (sorted.length < 2 || sorted[last]!.le !== Infinity) return undefined;
  const observations = sorted[last]!.count;
  if (!(observations > 0)) return undefined;
  let rank = q * observations;
  const index = sorted.findIndex((bucket) => bucket.count >= rank);
  if (index === last) return sorted[last - 1]!.le;
  if (index === 0 && sorted[0]!.le <= 0) return sorted[0]!.le;
  let start = 0;
  let count = sorted[index]!.count;
  if (index > 0) {
    start = sorted[index - 1]!.le;
    count -= sorted[index - 1]!.count;
    rank -= sorted[index - 1]!.count;
  }
  return start + (sorted[index]!.le - start) * (rank / count);
}

/** Adds bucket sets with the same edges (several APIs, or one API's vantages) into one. */
export function sumBuckets(sets: readonly (readonly CumulativeBucket[])[]): CumulativeBucket[] {
  const total = new Map<number, number>();
  for (const set of sets) for (const bucket of set) total.set(bucket.le, (total.get(bucket.le) ?? 0) + bucket.count);
  return [...total].map(([le, count]) => ({ le, count }));
}

/**
 * Sorted by edge, one bucket per edge, counts never falling: increase() extrapolates each bucket's series on
 * its own, so a higher bucket can come out a hair below a lower one, and Prometheus lifts it as done here.
 */
function monotonic(buckets: readonly CumulativeBucket[]): CumulativeBucket[] {
  const sorted = sumBuckets([buckets]).sort((a, b) => a.le - b.le);
  let max = Number.NEGATIVE_INFINITY;
  return sorted.map((bucket) => {
    max = Math.max(max, bucket.count);
    return { le: bucket.le, count: max };
  });
}
