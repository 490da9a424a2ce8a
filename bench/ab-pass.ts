/**
 * bench/ab.ts's timed pass: the seed guideline's `LoadedBundle.evaluate` over a list of cases. bench/ab.ts imports
 * this module once per tree, each under its own URL (`?tree=A`, `?tree=B`), so each tree's calls go through a call
 * site of their own and V8's feedback for one tree's pass never mixes with the other's.
 */
import type { LoadedBundle } from '../runtime/evaluate.js';

export const evaluateAll =
  (bundle: LoadedBundle, guideline: string, cases: readonly unknown[]) =>
  (): void => {
    for (const c of cases) bundle.evaluate(guideline, c);
  };
