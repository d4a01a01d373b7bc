import { distance } from 'fastest-levenshtein';

/**
 * The known name a mistyped one most likely meant, or undefined when none is close: at most a third of the
 * longer name may differ (at least one edit), so `chek` finds `check` and `xyz` finds nothing.
 */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const d = distance(typed.toLowerCase(), name.toLowerCase());
    if (d < bestDistance && d <= Math.max(1, Math.floor(Math.max(typed.length, name.length) / 3))) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** "; did you mean `X`?" for a message that ends with a suggestion, or nothing when no name is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const match = closestName(typed, known);
  return match === undefined ? '' : `; did you mean \`${match}\`?`;
}
