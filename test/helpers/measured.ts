/** Runs `work` and reports how long it took and how far the process's RSS rose above where it started, sampled as it ran. */
export async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; rssGrowth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, ms: performance.now() - started, rssGrowth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

export const MB = 1024 * 1024;
