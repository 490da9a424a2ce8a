/**
 * The selection index: every guideline that covers an item shares a procedure code or a service word with it, so
 * the index finds it; any other guideline's answer is the same whether or not its codes and words are compared.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { candidates, coverage, coverageOf, indexServices, requestFacts, serviceEntry, type RequestSummary } from './select-guideline.js';
import { fakeGuideline, type FakeService } from './testdata/fake-bundle.js';

const services: Record<string, FakeService> = {
  cervical_facet: { label: 'Facet joint injection, cervical', codes: ['cpt 64490', 'cpt 64491'], region: 'cervical' },
  lumbar_mri: { label: 'MRI, lumbar spine', codes: ['cpt 72148'], region: 'lumbar' },
  lumbar_esi: { label: 'Epidural steroid injection, lumbar', codes: ['cpt 62322', 'cpt 64483'], region: 'Lumbar' },
  knee_mri: { label: 'MRI, knee (lower extremity joint)', codes: ['cpt 73721'], region: 'knee' },
  manual_therapy: { label: 'Chiropractic manipulation and manual therapy', codes: ['cpt 98940', 'cpt 97140'] },
  physical_medicine: { label: 'Physical therapy (physical medicine)', codes: ['cpt 97110', 'cpt 97140'] },
  opioids: { label: 'Opioid analgesics for chronic pain' },
  low_back: { region: 'low back' },
  tens: { label: 'TENS unit', codes: ['hcpcs E0720', 'hcpcs e0720'] },
  nothing: {},
};
const metas = Object.entries(services).map(([id, s]) => fakeGuideline(id, s).meta);
const entries = metas.map(serviceEntry);
const index = indexServices(entries);

const code = fc.constantFrom('64490', '64491', '72148', '62322', '64483', '73721', '97140', '97110', '98940', 'E0720', ' e0720 ', '99999');
const word = fc.constantFrom('MRI', 'mri', 'injection', 'injections', 'lumbar', 'knee', 'therapy', 'Physical', 'opioid', 'pain', 'chronic', 'TENS', 'the', 'and', 'x', 'back', 'low');
const region = fc.constantFrom('cervical', 'lumbar', 'Lumbar', 'knee', 'low_back', 'low back', 'shoulder');
const request: fc.Arbitrary<RequestSummary> = fc.record({
  service: fc.option(fc.array(word, { maxLength: 5 }).map((ws) => ws.join(' ')), { nil: null }),
  codes: fc.array(fc.record({ system: fc.constantFrom('CPT' as const, 'HCPCS' as const), code }), { maxLength: 3 }),
  body_regions: fc.uniqueArray(region, { maxLength: 2 }),
});

describe('the selection index', () => {
  test('finds every guideline that covers an item, and the others answer as coverage() does', () => {
    fc.assert(
      fc.property(request, (r) => {
        const facts = requestFacts(r);
        const found = candidates(index, facts);
        metas.forEach((meta, i) => {
          const expected = coverage(meta, r);
          if (expected.kind !== null) expect(found.has(i), `${meta.id} covers ${JSON.stringify(r)}`).toBe(true);
          if (!found.has(i)) expect(coverageOf(entries[i]!, facts, true)).toEqual(expected);
        });
      }),
      { numRuns: 500 },
    );
  });

  test('lists a guideline once under each of its codes and words, in position order', () => {
    expect(index.byCode.get('HCPCS E0720')).toEqual([metas.findIndex((m) => m.id === 'tens')]);
    expect(index.byCode.get('CPT 97140')).toEqual([metas.findIndex((m) => m.id === 'manual_therapy'), metas.findIndex((m) => m.id === 'physical_medicine')]);
    // The region's own words say where, not what: "lumbar" does not index the lumbar MRI.
    expect(index.byWord.get('lumbar')).toBeUndefined();
    expect(index.byWord.get('mri')).toEqual([metas.findIndex((m) => m.id === 'lumbar_mri'), metas.findIndex((m) => m.id === 'knee_mri')]);
  });
});
