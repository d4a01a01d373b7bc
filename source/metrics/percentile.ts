/** Nearest-rank percentile over an ascending array; undefined for no values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[nearestRank(sorted.length, p)];
}

/** The index of the nearest-rank p-th percentile among `length` ascending values (length > 0). */
export function nearestRank(length: number, p: number): number {
  return Math.min(length - 1, Math.max(0, Math.ceil((p / 100) * length) - 1));
}
