/**
 * Did-you-mean: the closest known name to one the author wrote, when it is close enough to be a typo.
 * Close means an edit distance of at most max(2, length/3); farther names are not suggested.
 */
import { distance } from 'fastest-levenshtein';

export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : distance(name, candidate);
    if (d > limit) continue;
    // Ties go to the alphabetically first name, so the suggestion never depends on declaration order.
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
