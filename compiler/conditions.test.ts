import { describe, expect, test } from 'vitest';
import type { CriterionResult } from '../runtime/contract.js';
import { conditionsModel } from './testdata/conditions-model.js';
import { compileAndLoad } from './testdata/load.js';

describe('conditions compiled to straight-line code', async () => {
  const { bundle } = await compileAndLoad(conditionsModel);
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

  test('reasons show a records fact as the number of records it selects, and other facts as stated', () => {
    const c = { treatments: [{ type: 'block' }, { type: 'physio' }, {}], patient: { age: 54 }, diagnoses: [{ code: 'M54.2', text: 'Cervicalgia' }] };
    expect(evaluate(c)['atMost0']!.text).toBe('atMost0: 1 to 2 blocks; age 54; plan not stated; diagnoses Cervicalgia (M54.2)');
    const known = { treatments: [{ type: 'block', side: 'left' }], docs: { plan: 'absent' }, diagnoses: [] };
    expect(evaluate(known)['atMost0']!.text).toBe('atMost0: 1 blocks; age not stated; plan absent; diagnoses none');
    expect(evaluate({})['atMost0']!.text).toBe('atMost0: not stated blocks; age not stated; plan not stated; diagnoses not stated');
  });
});
