/**
 * Issue 7, "No wrong answer from malformed data": a compiled guideline's case schema is at least as strict as
 * runtime/case-file.schema.json on every path the guideline reads, so a malformed list entry is a field error
 * (outcome `invalid_case`), never "not stated" and never a value that decides a criterion.
 */
import { describe, expect, test } from 'vitest';
import { evaluateGuideline } from '../runtime/evaluate.js';
import { compileAndLoad } from './testdata/load.js';
import { SEED_URI, seedCase, seedModel } from './testdata/seed-model.js';

const ID = 'cervical_facet_therapeutic_injection';

/** A case every criterion of the seed guideline meets: it would be medically necessary. */
const approvable = {
  ...seedCase,
  diagnoses: [{ code: 'M54.2', system: 'ICD-10-CM', text: 'neck pain (cervicalgia)' }],
  request: { ...(seedCase as { request: object }).request, levels: ['C4-C5', 'C5-C6'] },
  prior_treatments: [{ type: 'physical_therapy' }],
  documentation: { facet_joint_pain_signs: 'present', formal_rehabilitation_plan: 'present' },
};

describe('malformed case data through a compiled bundle', async () => {
  const { bundle } = await compileAndLoad(seedModel, [{ path: SEED_URI, text: '# seed\n' }]);
  const guideline = bundle.guidelines[ID]!;
  const evaluate = (data: unknown) => {
    const r = evaluateGuideline(guideline, data);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const withRadiculopathy = (entry: unknown) => ({ ...approvable, diagnoses: [{ code: 'M54.2', text: 'neck pain' }, entry] });

  test('the well-formed case is medically necessary, and with radiculopathy coded it is not', () => {
    expect(evaluate(approvable).outcome).toBe('medically_necessary');
    expect(evaluate(withRadiculopathy({ code: 'M54.12', text: 'cervical radiculopathy' })).outcome).toBe('not_medically_necessary');
  });

  test('a diagnosis whose code is null is a field error, not an exclusion met', () => {
    const d = evaluate(withRadiculopathy({ code: null, text: 'cervical radiculopathy' }));
    expect(d.outcome).toBe('invalid_case');
    expect(d.errors).toEqual([{ path: '/diagnoses/1/code', message: 'is required' }]);
  });

  test('a diagnosis with no code is a field error', () => {
    const d = evaluate(withRadiculopathy({ text: 'cervical radiculopathy' }));
    expect(d.outcome).toBe('invalid_case');
    expect(d.errors).toEqual([{ path: '/diagnoses/1/code', message: 'is required' }]);
  });

  test('a diagnosis whose code is empty text is a field error naming the expected form', () => {
    const d = evaluate(withRadiculopathy({ code: '', text: 'cervical radiculopathy' }));
    expect(d.outcome).toBe('invalid_case');
    expect(d.errors).toEqual([
      { path: '/diagnoses/1/code', message: 'must not be empty' },
      { path: '/diagnoses/1/code', message: expect.stringMatching(/^is not in the expected form \(ICD-10-CM code, for example M54\.12/) },
    ]);
  });

  test('a null entry in the diagnosis list is a field error', () => {
    const d = evaluate(withRadiculopathy(null));
    expect(d.outcome).toBe('invalid_case');
    expect(d.errors).toEqual([{ path: '/diagnoses/1', message: 'must be a group of fields (a JSON object), not null' }]);
  });

  test('levels [null, null, null] are three field errors, not three levels', () => {
    const d = evaluate({ ...approvable, request: { ...approvable.request, levels: [null, null, null] } });
    expect(d.outcome).toBe('invalid_case');
    expect(d.errors.map((e) => e.path)).toEqual(['/request/levels/0', '/request/levels/1', '/request/levels/2']);
    expect(d.errors[0]!.message).toBe('must be text, not null');
  });

  test('a level that is not a spinal level is a field error', () => {
    const d = evaluate({ ...approvable, request: { ...approvable.request, levels: ['C4-C5', ''] } });
    expect(d.errors).toEqual([{ path: '/request/levels/1', message: expect.stringMatching(/^is not in the expected form \(A spinal motion segment/) }]);
  });

  test('a prior treatment that is null, or has no type, is a field error, not a treatment of unknown kind', () => {
    expect(evaluate({ ...approvable, prior_treatments: [null] }).errors).toEqual([
      { path: '/prior_treatments/0', message: 'must be a group of fields (a JSON object), not null' },
    ]);
    expect(evaluate({ ...approvable, prior_treatments: [{ text: 'facet injection' }] }).errors).toEqual([
      { path: '/prior_treatments/0/type', message: 'is required' },
    ]);
  });

  test('the schema says so: list entries are objects with their key field, levels are spinal levels', () => {
    expect(guideline.caseSchema).toMatchObject({
      properties: {
        diagnoses: { items: { type: 'object', required: ['code'] } },
        request: { properties: { levels: { items: { type: 'string', pattern: expect.any(String) } } } },
        prior_treatments: { items: { type: 'object', required: ['type'] } },
      },
    });
  });
});
