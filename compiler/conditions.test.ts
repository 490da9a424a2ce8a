import { describe, expect, test } from 'vitest';
import type { CheckedGuideline, Cond } from '../language/model.js';
import type { CriterionResult } from '../runtime/contract.js';
import { compileAndLoad } from './testdata/load.js';
import { fact, seedGuideline, text, valueSet } from './testdata/seed-model.js';

/** A guideline with one `require` criterion per condition, over a small set of facts. */
function guidelineWith(conditions: Record<string, Cond>): CheckedGuideline {
  return {
    ...seedGuideline,
    id: 'conditions',
    facts: [
      fact('blocks', 'prior blocks', 'records', 'treatments', {
        where: { kind: 'is', fact: { scope: 'record', id: 'type' }, values: ['block'], negated: false },
        fields: [
          fact('type', 'type', 'text', 'type'),
          fact('side', 'side', 'text', 'side'),
          fact('relief', 'relief', 'number', 'relief.percent', { unit: 'percent', lasting: 'weeks' }),
          fact('weeks', 'weeks', 'number', 'relief.weeks', { unit: 'weeks' }),
        ],
      }),
      fact('plan', 'plan', 'documented', 'docs.plan'),
      fact('exam', 'exam', 'documented', 'docs.exam'),
      fact('age', 'age', 'number', 'patient.age'),
      fact('dx', 'diagnoses', 'codes', 'diagnoses'),
    ],
    valueSets: [valueSet('radiculopathy', 'radiculopathy', ['M54.1*'])],
    criteria: Object.entries(conditions).map(([id, condition]) => ({
      ...seedGuideline.criteria[0]!,
      id,
      description: null,
      test: { kind: 'require', condition },
      reason: text(id),
    })),
  };
}

const rec = (id: string) => ({ scope: 'record', id }) as const;
const cas = (id: string) => ({ scope: 'case', id }) as const;
const isLeft: Cond = { kind: 'is', fact: rec('side'), values: ['left'], negated: false };
const count = (operator: '>=' | '<=', n: number, where: Cond | null = isLeft, countingThisRequest = false): Cond => ({
  kind: 'count',
  records: 'blocks',
  where,
  operator,
  count: n,
  countingThisRequest,
});

describe('conditions compiled to straight-line code', async () => {
  const { bundle } = await compileAndLoad({
    guidelines: [
      guidelineWith({
        atLeast1: count('>=', 1),
        atLeast2: count('>=', 2),
        atLeast3: count('>=', 3),
        atMost0: count('<=', 0),
        atMost1: count('<=', 1),
        atMost2: count('<=', 2),
        atMost2WithThis: count('<=', 2, isLeft, true),
        every: {
          kind: 'every',
          records: 'blocks',
          where: isLeft,
          has: {
            kind: 'compare',
            fact: rec('relief'),
            operator: '>=',
            value: 50,
            duration: { fact: rec('weeks'), operator: '>=', value: 6 },
          },
        },
        or: { kind: 'or', operands: [{ kind: 'documented', fact: cas('plan') }, { kind: 'documented', fact: cas('exam') }] },
        not: { kind: 'not', operand: { kind: 'documented', fact: cas('plan') } },
        atLeastOf: {
          kind: 'at_least',
          count: 2,
          items: [
            { kind: 'documented', fact: cas('plan') },
            { kind: 'documented', fact: cas('exam') },
            { kind: 'compare', fact: cas('age'), operator: '>', value: 17, duration: null },
          ],
        },
        inSet: { kind: 'in_value_set', fact: cas('dx'), valueSet: 'radiculopathy' },
        codeIs: { kind: 'is', fact: cas('dx'), values: ['m54.2'], negated: true },
        ageIs: { kind: 'is', fact: cas('age'), values: [54, 55], negated: false },
      }),
    ],
  });
  const evaluate = (c: unknown): Record<string, CriterionResult> =>
    Object.fromEntries(bundle.guidelines['conditions']!.evaluate(c).map((r) => [r.criterion, r]));
  const statuses = (c: unknown, ids: string[]) => {
    const r = evaluate(c);
    return Object.fromEntries(ids.map((id) => [id, r[id]!.status]));
  };

  // Records: a left block, a block whose side is not stated, a right block, a record whose type is not
  // stated, and a physiotherapy record (not a block). The left-block count lies between 1 and 3.
  const uncertain = {
    treatments: [
      { type: 'block', side: 'left', relief: { percent: 60, weeks: 8 } },
      { type: 'block' },
      { type: 'block', side: 'right' },
      { side: 'left' },
      { type: 'physio', side: 'left' },
    ],
  };

  test('count with uncertain filters decides only what every possible count agrees on', () => {
    expect(
      statuses(uncertain, ['atLeast1', 'atLeast2', 'atLeast3', 'atMost0', 'atMost1', 'atMost2', 'atMost2WithThis']),
    ).toEqual({
      atLeast1: 'met', // the left block
      atLeast2: 'not_documented', // 1 to 3
      atLeast3: 'not_documented',
      atMost0: 'not_met', // at least 1
      atMost1: 'not_documented',
      atMost2: 'not_documented',
      atMost2WithThis: 'not_documented', // 2 to 4
    });
    expect(evaluate(uncertain)['atLeast2']!.missing).toEqual(['treatments[].side', 'treatments[].type']);
  });

  test('count once every filter is known; this request counts too', () => {
    const known = { treatments: [{ type: 'block', side: 'left' }, { type: 'block', side: 'left' }, { type: 'physio', side: 'left' }] };
    expect(statuses(known, ['atLeast2', 'atLeast3', 'atMost2', 'atMost2WithThis'])).toEqual({
      atLeast2: 'met',
      atLeast3: 'not_met',
      atMost2: 'met',
      atMost2WithThis: 'not_met',
    });
  });

  test('count of records not stated is not documented; an empty list counts zero', () => {
    expect(evaluate({})['atMost0']).toMatchObject({ status: 'not_documented', missing: ['treatments'], evidence: [{ path: 'treatments', value: null }] });
    expect(statuses({ treatments: [] }, ['atMost0', 'atLeast1'])).toEqual({ atMost0: 'met', atLeast1: 'not_met' });
  });

  test('every: vacuously met, unknown when an uncertain record might fail, not met when a selected one fails', () => {
    expect(statuses({ treatments: [] }, ['every'])).toEqual({ every: 'met' });
    expect(evaluate(uncertain)['every']).toMatchObject({
      status: 'not_documented',
      missing: ['treatments[].side', 'treatments[].relief.percent', 'treatments[].relief.weeks', 'treatments[].type'],
    });
    const failing = { treatments: [{ type: 'block', side: 'left', relief: { percent: 60, weeks: 2 } }, { type: 'block' }] };
    expect(evaluate(failing)['every']).toMatchObject({
      status: 'not_met',
      evidence: expect.arrayContaining([{ path: 'treatments[0].relief.weeks', value: 2 }]),
    });
    const passing = { treatments: [{ type: 'block', side: 'left', relief: { percent: 60, weeks: 6 } }, { type: 'block', side: 'right' }] };
    expect(statuses(passing, ['every'])).toEqual({ every: 'met' });
  });

  test('or, not and at least N of are three-valued', () => {
    const ids = ['or', 'not', 'atLeastOf'];
    expect(statuses({ docs: { plan: 'present' } }, ids)).toEqual({ or: 'met', not: 'not_met', atLeastOf: 'not_documented' });
    expect(statuses({ docs: { plan: 'absent', exam: 'absent' }, patient: { age: 54 } }, ids)).toEqual({
      or: 'not_met',
      not: 'met',
      atLeastOf: 'not_met',
    });
    expect(statuses({ docs: { plan: 'present', exam: 'not_stated' }, patient: { age: 54 } }, ids)).toEqual({
      or: 'met',
      not: 'not_met',
      atLeastOf: 'met',
    });
    expect(evaluate({ docs: { exam: 'absent' } })['or']).toMatchObject({ status: 'not_documented', missing: ['docs.plan'] });
  });

  test('value sets, code lists compared with "is", and plain values', () => {
    const ids = ['inSet', 'codeIs', 'ageIs'];
    expect(statuses({ diagnoses: [{ code: 'M54.2' }, { code: 'm54.16' }], patient: { age: 54 } }, ids)).toEqual({
      inSet: 'met',
      codeIs: 'not_met',
      ageIs: 'met',
    });
    expect(statuses({ diagnoses: [], patient: { age: 60 } }, ids)).toEqual({ inSet: 'not_met', codeIs: 'met', ageIs: 'not_met' });
    expect(statuses({}, ids)).toEqual({ inSet: 'not_documented', codeIs: 'not_documented', ageIs: 'not_documented' });
  });
});
