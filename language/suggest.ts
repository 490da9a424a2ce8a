/**
 * Did-you-mean: the closest known name to one the author wrote, when it is close enough to be a typo.
 * Close means an edit distance of at most max(2, length/3), or an abbreviation word by word
 * (`rehab_plan` for `rehabilitation_plan`); farther names are not suggested.
 */
import { distance } from 'fastest-levenshtein';

export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : abbreviates(name, candidate) ? limit : distance(name, candidate);
    if (d > limit) continue;
    // Ties go to the alphabetically first name, so the suggestion never depends on declaration order.
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** True when each word of `name` starts the same word of `candidate`: `rehab_plan` → `rehabilitation_plan`. */
function abbreviates(name: string, candidate: string): boolean {
  const short = name.toLowerCase().split('_');
  const long = candidate.toLowerCase().split('_');
  return short.length === long.length && short.every((word, i) => word.length >= 2 && (long[i] ?? '').startsWith(word));
}
