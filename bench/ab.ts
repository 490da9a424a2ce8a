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
 * always runs after the other's garbage), medians. `lists`: the case with every list at 10,000 entries instead.
 * A root compared with itself gives B/A within about ±5% on a quiet machine, ±10% under load.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadedBundle } from '../runtime/evaluate.js';

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

/** A seed-like case whose every list holds `n` entries (as bench/child.ts's growth part builds it). */
function listCase(root: string, n: number): unknown {
  const rep = <T>(f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  const seed = JSON.parse(readFileSync(join(root, 'examples/seed/case.json'), 'utf8')) as Record<string, unknown>;
  return {
    ...seed,
    diagnoses: rep((i) => ({ code: i % 2 === 0 ? 'M54.2' : 'M79.1', system: 'ICD-10-CM', text: 'neck pain' })),
    request: { ...(seed['request'] as object), levels: rep(() => 'C4-C5'), nerve_roots: rep(() => 'L4'), codes: rep(() => ({ system: 'CPT', code: '64490' })), body_regions: rep(() => 'cervical'), ingredients: rep(() => ({ name: 'lidocaine', strength: '5%' })) },
    prior_treatments: rep((i) => ({ type: i % 3 === 0 ? 'facet_intra_articular_block' : 'physical_therapy', date: '2016-05-01', sessions: 3, duration_weeks: 2, response: { initial_relief_percent: 80, sustained_relief_percent: 60, sustained_relief_weeks: 8, functional_improvement: 'present' } })),
    findings: { exam: rep(() => ({ finding: 'decreased_reflex', location: 'C6', laterality: 'left' })), imaging: rep(() => ({ modality: 'MRI', body_region: 'cervical', date: '2016-06-01' })) },
  };
}

const evaluateAll = (bundle: LoadedBundle, cases: readonly unknown[]) => (): void => {
  for (const c of cases) bundle.evaluate(SEED, c);
};

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
      const data = listCase(rootA, 10_000);
      const same = JSON.stringify(A.evaluate(SEED, data)) === JSON.stringify(B.evaluate(SEED, data));
      const t = rounds({ A: evaluateAll(A, [data]), B: evaluateAll(B, [data]) }, 16);
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
    const t = rounds({ A: evaluateAll(A, cases), B: evaluateAll(B, cases), hand }, 12);
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
