/** A mistake in how the program was called: reported in one line with exit code 2, never with a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** noVerdict: check could not judge every API (too few samples); alarms win over it when both apply. */
export const EXIT = { ok: 0, alarms: 1, usage: 2, noVerdict: 3, internal: 70 } as const;
