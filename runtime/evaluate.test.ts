import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BUNDLE_FORMAT, type CompiledGuideline, type Manifest } from './contract.js';
import { createLoadedBundle } from './evaluate.js';
import { seedBundle } from './testdata/write-bundle.js';

const seedModule = { default: (await seedBundle()).module };
const seedGuideline = seedModule.default.guidelines['cervical_facet_therapeutic_injection'] as CompiledGuideline;
const ID = 'cervical_facet_therapeutic_injection';
const manifest = {} as Manifest; // not read by evaluate
const seedCase: unknown = JSON.parse(readFileSync(new URL('../examples/seed/case.json', import.meta.url), 'utf8'));

function bundleWith(evaluate: CompiledGuideline['evaluate']) {
  return createLoadedBundle({ format: BUNDLE_FORMAT, guidelines: { [ID]: { ...seedGuideline, evaluate } } }, manifest);
}
const seed = createLoadedBundle(seedModule.default, manifest);

describe('the seed case', () => {
  const determination = seed.evaluate(ID, seedCase);
  const d = determination.ok ? determination.value : null;

  test('is not medically necessary', () => {
    expect(d?.outcome).toBe('not_medically_necessary');
  });

  test("has exactly the letter's three reasons as not met", () => {
    expect(d?.reasons.filter((r) => r.status === 'not_met').map((r) => r.criterion)).toEqual(['no_radicular_pain', 'two_levels', 'rehabilitation']);
  });

  test('comes out criterion by criterion as examples/seed/README.md says', () => {
    expect(Object.fromEntries(d?.reasons.map((r) => [r.criterion, r.status]) ?? [])).toEqual({
      facet_pain: 'not_documented',
      no_radicular_pain: 'not_met',
      prior_block_success: 'not_applicable',
      two_levels: 'not_met',
      rehabilitation: 'not_met',
      one_block: 'met',
    });
    expect(d?.missing).toEqual([{ path: 'documentation.facet_joint_pain_signs', label: 'clinical presentation consistent with facet joint pain' }]);
  });
});

describe('evaluate never throws', () => {
  test('an unknown guideline is an error value naming the guidelines there are', () => {
    expect(seed.evaluate('lumbar_fusion', {})).toEqual({
      ok: false,
      error: {
        code: 'unknown_guideline',
        guideline: 'lumbar_fusion',
        message: 'The bundle has no guideline "lumbar_fusion". It has: "cervical_facet_therapeutic_injection".',
      },
    });
  });

  test.each(['__proto__', 'constructor', 'toString'])('the id %s is just an unknown guideline', (id) => {
    expect(seed.evaluate(id, {})).toMatchObject({ ok: false, error: { code: 'unknown_guideline' } });
  });

  test('an id that is not text is an unknown guideline, and converting it runs none of its code', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const hostile: unknown[] = [
      Object.create(null),
      { toString: () => { throw new Error('boom'); } },
      { [Symbol.toPrimitive]: () => { throw new Error('boom'); } },
      revoked.proxy,
      Symbol('id'),
      42,
      undefined,
    ];
    for (const id of hostile) {
      const result = seed.evaluate(id as string, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_guideline' } });
      expect(!result.ok && typeof result.error.message).toBe('string');
    }
  });

  test('invalid case data is an invalid_case determination with field errors', () => {
    const result = seed.evaluate(ID, { request: { levels: 'C3-C4' }, prior_treatments: [{ type: 'surgery', response: { initial_relief_percent: NaN } }] });
    expect(result.ok && result.value.outcome).toBe('invalid_case');
    expect(result.ok && result.value.errors).toEqual([
      { path: '/prior_treatments/0/response/initial_relief_percent', message: 'must be a finite number, not NaN' },
    ]);
  });

  test('the JSON copy is checked before the schema: a string for a list comes next', () => {
    const result = seed.evaluate(ID, { request: { levels: 'C3-C4' } });
    expect(result.ok && result.value.errors).toEqual([{ path: '/request/levels', message: 'must be a list, not text ("C3-C4")' }]);
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['a list', []],
    ['text', 'case'],
    ['strings for numbers', { prior_treatments: [{ type: 'facet_intra_articular_block', response: { initial_relief_percent: '80' } }] }],
    ['a huge list', { request: { levels: new Array(1_000_000).fill('C3-C4') } }],
    ['a __proto__ key', JSON.parse('{"__proto__":{"polluted":1},"documentation":{"__proto__":"present"}}')],
  ])('%s is an invalid or undecided case, never an exception', (_name, data) => {
    const result = seed.evaluate(ID, data);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('an empty case is invalid: a case must say what is requested', () => {
    const result = seed.evaluate(ID, {});
    expect(result.ok && result.value.outcome).toBe('invalid_case');
    expect(result.ok && result.value.errors.map((e) => e.path)).toEqual(['/request']);
  });

  test('a request with nothing else is decided on what is stated: nothing, so the documents needed are listed', () => {
    const result = seed.evaluate(ID, { request: {} });
    expect(result.ok && result.value.outcome).toBe('not_medically_necessary'); // this guideline counts missing documentation as not met
    // The two limits count an unstated number as within them (`if not stated met`): levels not listed are not more
    // than 2, and a treatment history not stated shows no prior intra-articular block.
    expect(result.ok && Object.fromEntries(result.value.reasons.map((r) => [r.criterion, r.status]))).toEqual({
      facet_pain: 'not_documented',
      no_radicular_pain: 'not_documented',
      prior_block_success: 'not_documented',
      two_levels: 'met',
      rehabilitation: 'not_documented',
      one_block: 'met',
    });
    expect(result.ok && result.value.missing.map((m) => m.path)).toEqual([
      'diagnoses',
      'documentation.facet_joint_pain_signs',
      'documentation.formal_rehabilitation_plan',
      'prior_treatments',
    ]);
  });

  test('unknown fields and a "constructor" key are ignored', () => {
    const result = seed.evaluate(ID, { ...(seedCase as object), extra: { any: 'thing' }, documentation: { constructor: 'present', formal_rehabilitation_plan: 'present' } });
    expect(result.ok && result.value.reasons.find((r) => r.criterion === 'rehabilitation')?.status).toBe('met');
  });

  test('compiled code that throws is an evaluation_failed error', () => {
    const result = bundleWith(() => {
      throw new TypeError('x is undefined');
    }).evaluate(ID, { request: {} });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'evaluation_failed',
        guideline: ID,
        message: `Guideline "${ID}" failed while evaluating the case: x is undefined`,
      },
    });
  });

  test('compiled code returning results out of order is an evaluation_failed error', () => {
    const result = bundleWith((data) => [...seedGuideline.evaluate(data)].reverse()).evaluate(ID, { request: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'evaluation_failed', message: expect.stringMatching(/should be for criterion "facet_pain"/) } });
  });

  test('compiled code returning a non-list is an evaluation_failed error', () => {
    const result = bundleWith(() => 'oops' as never).evaluate(ID, { request: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'evaluation_failed' } });
  });

  test('a caller changing one determination cannot change the next', () => {
    const first = seed.evaluate(ID, seedCase);
    if (!first.ok) throw new Error(first.error.message);
    expect(() => {
      (first.value.recommendation.citations as unknown as unknown[]).push('x');
    }).toThrow(TypeError);
    expect(() => {
      (first.value.reasons[0]!.citations[0] as { citation: string }).citation = 'changed';
    }).toThrow(TypeError);
    const second = seed.evaluate(ID, seedCase);
    expect(second.ok && second.value.reasons[0]!.citations[0]!.citation).toBe('ODG Neck and Upper Back, Facet Joint Therapeutic Steroid Injections');
  });

  test('compiled code gets frozen data and cannot change it', () => {
    let frozen = false;
    bundleWith((data) => {
      frozen = Object.isFrozen(data);
      return seedGuideline.evaluate(data);
    }).evaluate(ID, seedCase);
    expect(frozen).toBe(true);
  });
});

describe('compiled code returning malformed results is an evaluation_failed error naming what is wrong', () => {
  const criteria = seedGuideline.meta.criteria.map((c) => c.id);
  type Edit = (results: Record<string, unknown>[]) => unknown;
  /** The seed case's results, changed by `edit` (each result a copy, so the next test gets them intact). */
  const withResults = (edit: Edit) => bundleWith((data) => edit(seedGuideline.evaluate(data).map((r) => ({ ...r }))) as never).evaluate(ID, seedCase);
  const at = (i: number, change: (r: Record<string, unknown>) => unknown): Edit => (results) => {
    results[i] = change(results[i]!) as Record<string, unknown>;
    return results;
  };
  const malformed = (problem: string) => ({
    ok: false,
    error: { code: 'evaluation_failed', guideline: ID, message: `Guideline "${ID}" returned malformed results: ${problem}` },
  });

  test.each<[string, Edit, string]>([
    ['not a list', () => ({ length: 6 }), 'expected a list of criterion results'],
    ['one result too few', (results) => results.slice(1), `expected ${criteria.length} criterion results, got ${criteria.length - 1}`],
    ['a result that is null', at(2, () => null), `result 3 should be for criterion "${criteria[2]}"`],
    ['a result that is a list', at(2, () => []), `result 3 should be for criterion "${criteria[2]}"`],
    ['a result for another criterion', at(2, (r) => ({ ...r, criterion: criteria[3] })), `result 3 should be for criterion "${criteria[2]}"`],
    ['an unknown status', at(2, (r) => ({ ...r, status: 'maybe' })), `criterion "${criteria[2]}" has status "maybe"`],
    ['no status', at(2, (r) => ({ ...r, status: undefined })), `criterion "${criteria[2]}" has status undefined`],
    ['text that is not text', at(2, (r) => ({ ...r, text: 5 })), `criterion "${criteria[2]}" has no text`],
    ['citations that are not a list', at(2, (r) => ({ ...r, citations: 's1' })), `criterion "${criteria[2]}" has no list of citations`],
    ['missing documents that are not a list', at(2, (r) => ({ ...r, missing: null })), `criterion "${criteria[2]}" has no list of missing documents`],
    ['evidence that is not a list', at(2, (r) => ({ ...r, evidence: {} })), `criterion "${criteria[2]}" has no list of evidence`],
    [
      'a malformed result after one citing an unknown source: the malformed result',
      (results) => at(4, (r) => ({ ...r, status: 'maybe' }))(at(1, (r) => ({ ...r, citations: ['nowhere'] }))(results) as never),
      `criterion "${criteria[4]}" has status "maybe"`,
    ],
  ])('%s', (_name, edit, problem) => {
    expect(withResults(edit)).toEqual(malformed(problem));
  });

  test('a result citing a source the guideline does not list', () => {
    expect(withResults(at(1, (r) => ({ ...r, citations: ['nowhere'] })))).toEqual({
      ok: false,
      error: { code: 'evaluation_failed', guideline: ID, message: `Guideline "${ID}" cites source "nowhere", which it does not list.` },
    });
  });

  test('the same results, well formed, decide the case', () => {
    expect(withResults((results) => results)).toEqual(seed.evaluate(ID, seedCase));
  });
});

describe('lookups', () => {
  test('guideline ids, metadata and requirements; undefined for an unknown id', () => {
    expect(seed.guidelineIds()).toEqual([ID]);
    expect(seed.guideline(ID)?.title).toBe('Cervical facet joint therapeutic steroid injections');
    expect(seed.requirements(ID)?.length).toBe(9);
    expect([seed.guideline('nope'), seed.requirements('__proto__')]).toEqual([undefined, undefined]);
  });
});
