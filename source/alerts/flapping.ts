/** A rule that changes between firing and resolved this often within FLAP_WINDOW_MS is flapping. */
export const FLAP_MIN_TRANSITIONS = 4;
export const FLAP_WINDOW_MS = 3_600_000;
/** A flapping alarm settles after this long without a firing/resolved change. */
export const FLAP_SETTLE_MS = 30 * 60_000;

/**
 * The latest firing/resolved change times still inside the window, with `now` added. Only the last
 * FLAP_MIN_TRANSITIONS can decide whether an alarm flaps (and the last whether it settled), so no more are
 * kept: an alarm flipping every minute would otherwise hold an hour of them, in memory and in every save.
 */
export function recordFlip(flips: readonly number[], now: number): number[] {
  return [...flips.filter((at) => now - at < FLAP_WINDOW_MS), now].slice(-FLAP_MIN_TRANSITIONS);
}

export function isFlappingNow(flips: readonly number[], now: number): boolean {
  return flips.filter((at) => now - at < FLAP_WINDOW_MS).length >= FLAP_MIN_TRANSITIONS;
}

export function hasSettled(flips: readonly number[], now: number): boolean {
  const last = flips.at(-1);
  return last === undefined || now - last >= FLAP_SETTLE_MS;
}
