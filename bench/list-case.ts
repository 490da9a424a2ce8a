/**
 * The growth part's case (bench/child.ts) and bench/ab.ts's `lists` mode: the seed case with every list holding `n`
 * entries — diagnoses, the request's levels, nerve roots, codes, body regions and ingredients, prior treatments and
 * the findings — so that what a guideline reads and what it only walks both grow.
 */
export function listCase(seed: Readonly<Record<string, unknown>>, n: number): unknown {
  const rep = <T>(f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  return {
    ...seed,
    diagnoses: rep((i) => ({ code: i % 2 === 0 ? 'M54.2' : 'M79.1', system: 'ICD-10-CM', text: 'neck pain' })),
    request: { ...(seed['request'] as object), levels: rep(() => 'C4-C5'), nerve_roots: rep(() => 'L4'), codes: rep(() => ({ system: 'CPT', code: '64490' })), body_regions: rep(() => 'cervical'), ingredients: rep(() => ({ name: 'lidocaine', strength: '5%' })) },
    prior_treatments: rep((i) => ({ type: i % 3 === 0 ? 'facet_intra_articular_block' : 'physical_therapy', date: '2016-05-01', sessions: 3, duration_weeks: 2, response: { initial_relief_percent: 80, sustained_relief_percent: 60, sustained_relief_weeks: 8, functional_improvement: 'present' } })),
    findings: { exam: rep(() => ({ finding: 'decreased_reflex', location: 'C6', laterality: 'left' })), imaging: rep(() => ({ modality: 'MRI', body_region: 'cervical', date: '2016-06-01' })) },
  };
}
