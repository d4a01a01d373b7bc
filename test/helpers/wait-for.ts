/** Polls `check` until it returns a truthy value (returned) or the time is up (throws with the last value seen). */
export async function waitFor<T>(check: () => T | undefined | false, { timeoutMs = 3_000, everyMs = 10, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
