/** Nearest-rank percentile over an ascending array; undefined for no values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Typed-array sorts are numeric and run without a comparator call per pair: the windows sort every second. */
export function median(values: ArrayLike<number>): number | undefined {
  return percentile(Float64Array.from(values).sort(), 50);
}
