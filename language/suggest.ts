/**
 * Did-you-mean: the closest known name to one the author wrote, when it is close enough to be a typo.
 * Close means an edit distance of at most max(2, length/3), or an abbreviation word by word
 * (`rehab_plan` for `rehabilitation_plan`); farther names are not suggested. A name differing only in case
 * is closest of all; ties go to the alphabetically first name.
 *
 * Cost: a guideline with thousands of unknown names and thousands of declared ones must not cost their product in
 * edit distances (issue 12, finding 7: 10,000 misspellings took 74.5 s). The candidates of one table (a Map or an
 * array the checks keep) are indexed once: case-insensitive names in a map, and every name with each one-character
 * deletion of it (a symmetric-deletion index), which finds every candidate one edit away — most typos — without a
 * scan. Only when no candidate is one edit away does a scan run, skipping names whose length or letters alone put
 * them too far, and the scans of one table share a budget: past it, a name gets the candidates the index found
 * (up to two edits away: a transposition, a doubled letter), never a scan of everything again.
 */
import { distance } from 'fastest-levenshtein';

/** Candidates visited by scans of one table before scans stop (each visit is a few comparisons; well under a second in all). */
export const scanBudget = 4_000_000;

/** Below this many candidates, a plain scan is cheaper than an index. */
const indexFrom = 64;

export function closest(name: string, candidates: Iterable<string> | ReadonlyMap<string, unknown>): string | undefined {
  return suggesterFor(candidates).closest(name);
}

const suggesters = new WeakMap<object, Suggester>();

function suggesterFor(candidates: Iterable<string> | ReadonlyMap<string, unknown>): Suggester {
  const isMap = candidates instanceof Map;
  const reusable = isMap || Array.isArray(candidates);
  if (reusable) {
    const kept = suggesters.get(candidates);
    // A table the checks keep is never changed; an array changed since (a different length) is indexed again.
    if (kept !== undefined && kept.size === (isMap ? (candidates as ReadonlyMap<string, unknown>).size : (candidates as readonly string[]).length)) return kept;
  }
  const made = new Suggester(isMap ? (candidates as ReadonlyMap<string, unknown>).keys() : (candidates as Iterable<string>));
  if (reusable) suggesters.set(candidates, made);
  return made;
}

const words = (name: string): string[] => name.toLowerCase().split('_');

/** True when each word of `name` starts the same word of `candidate`: `rehab_plan` → `rehabilitation_plan`. */
function abbreviates(short: readonly string[], long: readonly string[]): boolean {
  return short.length === long.length && short.every((word, i) => word.length >= 2 && (long[i] ?? '').startsWith(word));
}

/** The candidates of one table, indexed. */
class Suggester {
  readonly #names: readonly string[];
  /** How many candidates it was made from (duplicates included). */
  readonly size: number;
  readonly #words: readonly (readonly string[])[];
  readonly #wordCounts: Int32Array;
  readonly #byLower = new Map<string, string[]>();
  readonly #deletions: Map<string, number[]> | undefined;
  readonly #memo = new Map<string, string | undefined>();
  #budget = scanBudget;

  constructor(candidates: Iterable<string>) {
    const all = [...candidates];
    this.size = all.length;
    this.#names = [...new Set(all)];
    this.#words = this.#names.map(words);
    this.#wordCounts = Int32Array.from(this.#words, (w) => w.length);
    for (const n of this.#names) {
      const lower = n.toLowerCase();
      const list = this.#byLower.get(lower);
      if (list === undefined) this.#byLower.set(lower, [n]);
      else list.push(n);
    }
    if (this.#names.length >= indexFrom) {
      const deletions = new Map<string, number[]>();
      this.#names.forEach((n, i) => {
        for (const key of deletionsOf(n)) {
          const list = deletions.get(key);
          if (list === undefined) deletions.set(key, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      });
      this.#deletions = deletions;
    }
  }

  closest(name: string): string | undefined {
    if (this.#memo.has(name)) return this.#memo.get(name);
    const found = this.#find(name);
    this.#memo.set(name, found);
    return found;
  }

  #find(name: string): string | undefined {
    const limit = Math.max(2, Math.floor(name.length / 3));
    const nameWords = words(name);
    const best = new Best();
    // The same name in other case: closest of all.
    for (const n of this.#byLower.get(name.toLowerCase()) ?? []) if (n !== name) best.offer(n, 0.5);
    if (best.name !== undefined) return best.name;
    const score = (i: number): number => {
      const candidate = this.#names[i] ?? '';
      return abbreviates(nameWords, this.#words[i] ?? []) ? limit : distance(name, candidate);
    };
    if (this.#deletions !== undefined) {
      // Every candidate one edit away shares a key with the name (some two edits away do too).
      const seen = new Set<number>();
      for (const key of deletionsOf(name)) for (const i of this.#deletions.get(key) ?? []) seen.add(i);
      for (const i of seen) {
        const candidate = this.#names[i] ?? '';
        if (candidate === name) continue;
        const d = score(i);
        if (d <= limit) best.offer(candidate, d);
      }
      // One edit is the best a name not differing in case can be (an abbreviation counts as `limit` ≥ 2).
      if (best.distance <= 1) return best.name;
      if (this.#budget < this.#names.length) return best.name;
    }
    this.#scan(name, nameWords, limit, best);
    return best.name;
  }

  /** Every candidate, skipping those whose length or letters alone are farther than the best so far. */
  #scan(name: string, nameWords: readonly string[], limit: number, best: Best): void {
    this.#budget -= this.#names.length;
    const letters = new Letters(name);
    const wordCount = nameWords.length;
    for (let i = 0; i < this.#names.length; i++) {
      const candidate = this.#names[i] ?? '';
      if (candidate === name) continue;
      if (this.#wordCounts[i] === wordCount && abbreviates(nameWords, this.#words[i] ?? [])) {
        best.offer(candidate, limit);
        continue;
      }
      const bound = Math.min(limit, best.distance);
      if (Math.abs(candidate.length - name.length) > bound) continue;
      if (letters.lowerBound(candidate) > bound) continue;
      const d = distance(name, candidate);
      if (d <= limit) best.offer(candidate, d);
    }
  }
}

/** The name itself and each of its one-character deletions. */
function deletionsOf(name: string): string[] {
  const keys = [name];
  for (let i = 0; i < name.length; i++) keys.push(name.slice(0, i) + name.slice(i + 1));
  return keys;
}

/** The closest so far; ties go to the alphabetically first name, so the suggestion never depends on declaration order. */
class Best {
  name: string | undefined;
  distance = Infinity;

  offer(candidate: string, d: number): void {
    if (d < this.distance || (d === this.distance && this.name !== undefined && candidate < this.name)) {
      this.name = candidate;
      this.distance = d;
    }
  }
}

/** Letter counts, shared by every bound (each call leaves it zeroed). */
const scratch = new Int32Array(65536);

/** A lower bound of the edit distance from the letters alone: the letters one name has more of than the other. */
class Letters {
  readonly #codes: readonly number[];

  constructor(name: string) {
    this.#codes = Array.from({ length: name.length }, (_, i) => name.charCodeAt(i));
  }

  lowerBound(candidate: string): number {
    for (const c of this.#codes) scratch[c] = (scratch[c] ?? 0) + 1;
    let shared = 0;
    for (let i = 0; i < candidate.length; i++) {
      const c = candidate.charCodeAt(i);
      if ((scratch[c] ?? 0) > 0) {
        scratch[c] = (scratch[c] ?? 0) - 1;
        shared++;
      }
    }
    for (const c of this.#codes) scratch[c] = 0;
    return Math.max(this.#codes.length - shared, candidate.length - shared);
  }
}
