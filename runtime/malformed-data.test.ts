/**
 * Issue 7, "No wrong answer from malformed data", at the runtime: whatever schema a bundle carries, the runtime
 * checks the case-file schema along the paths the guideline reads (its `requirements`), so a guideline whose own
 * schema is loose still never sees a null list entry, an entry without its key field or an empty code.
 */
import { describe, expect, test } from 'vitest';
import { caseFileSchemaAt, readPathsSchema } from './case-file-paths.js';
import type { CompiledGuideline, CriterionResult } from './contract.js';
import { evaluateGuideline } from './evaluate.js';

/** A hand-written guideline with a schema that checks nothing: "no radiculopathy" met unless a code starts M54.1. */
const loose: CompiledGuideline = {
  meta: {
    id: 'loose',
    title: 'A guideline with a loose schema',
    version: '1',
    edition: null,
    jurisdiction: null,
    service: { label: null, codes: [], region: null },
    recommendation: { status: 'recommended', criteriaIfUsedAnyway: false, citations: [] },
    missingDocumentation: 'not_met',
    sources: [],
    routes: [],
    criteria: [{ id: 'no_radiculopathy', description: 'No radiculopathy.', citations: [], route: null }],
  },
  caseSchema: { type: 'object' },
  applies: () => ({ status: 'met', text: '', citations: [], evidence: [], missing: [] }),
  requirements: [
    { path: 'diagnoses', label: 'diagnoses', kind: 'codes', unit: null },
    { path: 'request.levels', label: 'levels requested', kind: 'count', unit: 'levels' },
    { path: 'prior_treatments', label: 'prior treatments', kind: 'records', unit: null },
    { path: 'prior_treatments[].response.initial_relief_percent', label: 'initial relief', kind: 'number', unit: 'percent' },
  ],
  evaluate: (data): CriterionResult[] => {
    const diagnoses = (data as { diagnoses?: { code?: string }[] }).diagnoses ?? [];
    const hit = diagnoses.some((d) => typeof d?.code === 'string' && d.code.startsWith('M54.1'));
    return [{ criterion: 'no_radiculopathy', status: hit ? 'not_met' : 'met', text: 'No radiculopathy.', citations: [], evidence: [], missing: [] }];
  },
};

const evaluate = (data: unknown) => {
  const r = evaluateGuideline(loose, data);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('the runtime holds every path a guideline reads to the case-file schema', () => {
  test('a well-formed case is evaluated', () => {
    expect(evaluate({ request: {}, diagnoses: [{ code: 'M54.2' }] }).outcome).toBe('medically_necessary');
  });

  test.each([
    ['a code that is null', [{ code: null, text: 'cervical radiculopathy' }], '/diagnoses/0/code'],
    ['no code', [{ text: 'cervical radiculopathy' }], '/diagnoses/0/code'],
    ['an empty code', [{ code: '', text: 'cervical radiculopathy' }], '/diagnoses/0/code'],
    ['a null entry', [null], '/diagnoses/0'],
  ])('a diagnosis with %s is invalid_case, not an exclusion met', (_what, diagnoses, path) => {
    const d = evaluate({ request: {}, diagnoses });
    expect(d.outcome).toBe('invalid_case');
    expect(d.errors.map((e) => e.path)).toEqual([path]);
  });

  test('levels [null, null, null] are field errors', () => {
    const d = evaluate({ request: { levels: [null, null, null] } });
    expect(d.outcome).toBe('invalid_case');
    expect(d.errors.map((e) => e.path)).toEqual(['/request/levels/0', '/request/levels/1', '/request/levels/2']);
  });

  test('a records list holds its entries to their key field, and the fields read to their rules', () => {
    expect(evaluate({ request: {}, prior_treatments: [{ text: 'a block' }] }).errors).toEqual([{ path: '/prior_treatments/0/type', message: 'is required' }]);
    expect(evaluate({ request: {}, prior_treatments: [{ type: 'surgery', response: { initial_relief_percent: 170 } }] }).errors).toEqual([
      { path: '/prior_treatments/0/response/initial_relief_percent', message: 'must be at most 100' },
    ]);
  });

  test('fields the guideline does not read are not checked for it', () => {
    // prior_treatments[].levels is not read: a malformed one there is the case file's business, not this guideline's.
    expect(evaluate({ request: {}, prior_treatments: [{ type: 'surgery', levels: [null] }], findings: { exam: [null] } }).outcome).toBe('medically_necessary');
  });
});

describe('the case-file schema along a path', () => {
  test('resolves definitions and steps into list entries', () => {
    expect(caseFileSchemaAt('request.levels[]')).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(caseFileSchemaAt('documentation.anything_else')).toMatchObject({ enum: ['present', 'absent', 'not_stated', null] });
    expect(caseFileSchemaAt('request.levles')).toBeUndefined();
  });

  test('keeps what a list and its entries require, and nothing of fields not read', () => {
    const schema = readPathsSchema([{ path: 'prior_treatments', kind: 'records' }]) as { properties: { prior_treatments: { items: Record<string, unknown> } } };
    expect(schema.properties.prior_treatments.items).toMatchObject({ type: 'object', required: ['type'] });
    expect(Object.keys(schema.properties.prior_treatments.items['properties'] as object)).toEqual(['type']);
  });
});
