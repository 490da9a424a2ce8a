/**
 * Before/after of the service path between two checkouts of this repository, in one process: how bench/README.md's
 * "What each change bought" rows are measured on a shared machine, where times across runs cannot be compared.
 *
 *   node --import tsx bench/ab.ts <rootA> <rootB> [lists]       (CASES=100000 for more cases; 20,000 by default)
 *
 * Each root's own compiler compiles the shipped guidelines and its own runtime loads them (that root's
 * bench/setup.ts), so A and B differ in exactly the code of the two trees. The JSON of every determination is
 * compared first (a change must not alter one), then the seed guideline's `LoadedBundle.evaluate` is timed over the
 * generated seed cases for A, B and the hand-written peer in interleaved rounds whose order alternates (so neither
 * always runs after the other's garbage), medians; each tree's pass is its own instance of bench/ab-pass.ts, so the two
 * share no call site. `lists`: the case with every list at 10,000 entries instead.
 * A root compared with itself gave B/A 0.99 for the service path and up to 1.12 for `lists` (one case, 16 rounds):
 * a change is seen only beyond that, and only when repeated runs agree.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadedBundle } from '../runtime/evaluate.js';
import { listCase } from './list-case.js';

type Setup = typeof import('./setup.js');
type Cases = typeof import('./generate-cases.js');
type Hand = typeof import('./hand-written.js');

const SEED = 'cervical_facet_therapeutic_injection';
const load = <T>(root: string, file: string): Promise<T> => import(pathToFileURL(join(root, file)).href) as Promise<T>;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Interleaved rounds of each named pass, the order reversed every other round; median ms of each. */
function rounds(passes: Readonly<Record<string, () => void>>, n: number): Record<string, number> {
  const names = Object.keys(passes);
  for (const name of names) passes[name]!(); // warm-up
  const times: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < n; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      const t = performance.now();
      passes[name]!();
      times[name]!.push(performance.now() - t);
    }
  }
  return Object.fromEntries(names.map((k) => [k, median(times[k]!)]));
}

type Pass = typeof import('./ab-pass.js');

/** The timed pass for one tree: bench/ab-pass.ts under a URL of the tree's own, so the two trees share no call site. */
const passOf = async (tree: string, bundle: LoadedBundle, cases: readonly unknown[]): Promise<() => void> =>
  ((await import(new URL(`./ab-pass.ts?tree=${tree}`, import.meta.url).href)) as Pass).evaluateAll(bundle, SEED, cases);

async function main(): Promise<void> {
  const [a, b, mode] = process.argv.slice(2);
  if (a === undefined || b === undefined) throw new Error('usage: node --import tsx bench/ab.ts <rootA> <rootB> [lists]');
  const [rootA, rootB] = [resolve(a), resolve(b)];
  const shippedA = await (await load<Setup>(rootA, 'bench/setup.ts')).compileShipped();
  const shippedB = await (await load<Setup>(rootB, 'bench/setup.ts')).compileShipped();
  try {
    const A = shippedA.loaded;
    const B = shippedB.loaded;
    if (mode === 'lists') {
      const seed = JSON.parse(readFileSync(join(rootA, 'examples/seed/case.json'), 'utf8')) as Record<string, unknown>;
      const data = listCase(seed, 10_000);
      const same = JSON.stringify(A.evaluate(SEED, data)) === JSON.stringify(B.evaluate(SEED, data));
      const t = rounds({ A: await passOf('A', A, [data]), B: await passOf('B', B, [data]) }, 16);
      console.log(`every list at 10,000 (${same ? 'the same determination' : 'DETERMINATIONS DIFFER'}): A ${t['A']!.toFixed(2)} ms  B ${t['B']!.toFixed(2)} ms  B/A ${(t['B']! / t['A']!).toFixed(2)}`);
      return;
    }
    const { generateCases } = await load<Cases>(rootA, 'bench/generate-cases.ts');
    const { evaluateHandWritten } = await load<Hand>(rootA, 'bench/hand-written.ts');
    const cases = generateCases(Number(process.env['CASES'] ?? 20_000)).cases.map((c) => c.data);
    const differing = cases.filter((c) => JSON.stringify(A.evaluate(SEED, c)) !== JSON.stringify(B.evaluate(SEED, c))).length;
    console.log(`determinations differing (JSON): ${differing} of ${cases.length}`);
    const hand = (): void => {
      for (const c of cases) evaluateHandWritten(c);
    };
    const t = rounds({ A: await passOf('A', A, cases), B: await passOf('B', B, cases), hand }, 12);
    const us = (k: string): number => (t[k]! / cases.length) * 1000;
    console.log(
      `service path A ${us('A').toFixed(2)} µs  B ${us('B').toFixed(2)} µs  hand-written ${us('hand').toFixed(2)} µs a case;  B/A ${(us('B') / us('A')).toFixed(3)};  vs hand-written A ${(us('hand') / us('A')).toFixed(3)}×  B ${(us('hand') / us('B')).toFixed(3)}×`,
    );
  } finally {
    await shippedA.dispose();
    await shippedB.dispose();
  }
}

await main();
