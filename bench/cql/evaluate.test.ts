/**
 * cql-execution over the hand-written ELM of the seed criteria gives Rubric's determination (outcome and each
 * criterion's status) on cases picked to reach each three-valued branch, and on cases the runtime rejects. The
 * generated cases are compared in bench/hand-written.test.ts and by `npm run bench`; nothing here is timed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runtimeAnswer } from '../agree.js';
import { CRITERIA } from '../hand-written.js';
import { compileShipped, ROOT } from '../setup.js';
import { CaseSource, CASE_TYPE } from './case-source.js';
import { createCqlEvaluator, decode, ELM_FILE } from './evaluate.js';

const shipped = await compileShipped();
afterAll(() => shipped.dispose());
const cql = createCqlEvaluator();

const seed = JSON.parse(readFileSync(join(ROOT, 'examples', 'seed', 'case.json'), 'utf8')) as Record<string, unknown>;
const withCase = (change: (c: Record<string, unknown>) => void): Record<string, unknown> => {
  const c = structuredClone(seed);
  change(c);
  return c;
};
const block = (type: string, initial: number | null, sustained: number | null, weeks: number | null) => ({
  type,
  response: { initial_relief_percent: initial, sustained_relief_percent: sustained, sustained_relief_weeks: weeks },
});

describe('the ELM library', () => {
  test('defines one status per criterion, in the guideline order, and the outcome', () => {
    const elm = JSON.parse(readFileSync(ELM_FILE, 'utf8')) as { library: { statements: { def: { name: string; type?: string }[] } } };
    const expressions = elm.library.statements.def.filter((d) => d.type !== 'FunctionDef').map((d) => d.name);
    expect(expressions.filter((n) => (CRITERIA as readonly string[]).includes(n))).toEqual([...CRITERIA]);
    expect(expressions).toContain('Outcome');
    expect(shipped.guideline.meta.criteria.map((c) => c.id)).toEqual([...CRITERIA]);
  });
});

describe('cql-execution agrees with the runtime', () => {
  const cases: Record<string, unknown>[] = [
    seed,
    // facet_pain / rehabilitation: present, absent, not_stated, null, left out
    withCase((c) => (c['documentation'] = { formal_rehabilitation_plan: 'present', facet_joint_pain_signs: 'present' })),
    withCase((c) => (c['documentation'] = { formal_rehabilitation_plan: 'not_stated', facet_joint_pain_signs: 'absent' })),
    withCase((c) => (c['documentation'] = { formal_rehabilitation_plan: null })),
    withCase((c) => delete c['documentation']),
    // no_radicular_pain: an exclusion, none, an empty list, no list
    withCase((c) => (c['diagnoses'] = [{ code: 'M54.2' }, { code: 'M47.812', system: 'ICD-10-CM' }])),
    withCase((c) => (c['diagnoses'] = [{ code: 'Z98.1' }])),
    withCase((c) => (c['diagnoses'] = [{ code: 'M4802' }])),
    withCase((c) => (c['diagnoses'] = [])),
    withCase((c) => (c['diagnoses'] = null)),
    // prior_block_success / one_block: no block, a successful one, a failed one, one not documented, no history
    withCase((c) => (c['prior_treatments'] = [])),
    withCase((c) => (c['prior_treatments'] = [block('facet_medial_branch_block', 80, 60, 8)])),
    withCase((c) => (c['prior_treatments'] = [block('facet_medial_branch_block', 80, 60, 8), block('facet_intra_articular_block', 69.5, 60, 8)])),
    withCase((c) => (c['prior_treatments'] = [block('facet_medial_branch_block', 80, null, 8)])),
    withCase((c) => (c['prior_treatments'] = [block('facet_medial_branch_block', 80, null, 5.9)])),
    withCase((c) => (c['prior_treatments'] = [{ type: 'facet_intra_articular_block' }])),
    withCase((c) => delete c['prior_treatments']),
    // two_levels: two, three, none stated
    withCase((c) => ((c['request'] as Record<string, unknown>)['levels'] = ['C4-C5', 'C5-C6'])),
    withCase((c) => ((c['request'] as Record<string, unknown>)['levels'] = null)),
    // every criterion met
    {
      request: { levels: ['C4-C5'] },
      diagnoses: [{ code: 'M54.2' }],
      prior_treatments: [block('facet_medial_branch_block', 90, 70, 12)],
      documentation: { formal_rehabilitation_plan: 'present', facet_joint_pain_signs: 'present' },
    },
    // cases the runtime rejects (invalid_case)
    withCase((c) => ((c['request'] as Record<string, unknown>)['levels'] = 'C3-C4, C4-C5')),
    withCase((c) => ((c['request'] as Record<string, unknown>)['levels'] = ['C3-C4', null])),
    withCase((c) => (c['diagnoses'] = [{ text: 'cervical radiculopathy' }])),
    withCase((c) => (c['diagnoses'] = [{ code: ' m54.12' }])),
    withCase((c) => (c['documentation'] = { facet_joint_pain_signs: true })),
    withCase((c) => (c['prior_treatments'] = [{ type: 7 }])),
    withCase((c) => (c['prior_treatments'] = [block('facet_medial_branch_block', 150, 60, 8)])),
    withCase((c) => (c['prior_treatments'] = [{ type: 'surgery', response: 'good' }])),
    withCase((c) => delete c['request']),
  ];

  test.each(cases.map((c, i) => [i, c] as const))('case %i', async (_i, c) => {
    expect(await cql(c)).toEqual(runtimeAnswer(shipped.loaded, c));
  });

  test('the hand-picked cases reach every status of every criterion and every outcome but insufficient_information', async () => {
    const answers = await Promise.all(cases.map((c) => cql(c)));
    expect([...new Set(answers.map((a) => a.outcome))].sort()).toEqual(['invalid_case', 'medically_necessary', 'not_medically_necessary']);
    const seen = CRITERIA.map((_, k) => [...new Set(answers.flatMap((a) => (a.statuses === null ? [] : [a.statuses[k]!])))].sort());
    expect(seen).toEqual([
      ['met', 'not_documented', 'not_met'],
      ['met', 'not_documented', 'not_met'],
      ['met', 'not_applicable', 'not_documented', 'not_met'],
      ['met', 'not_met'],
      ['met', 'not_documented', 'not_met'],
      ['met', 'not_met'],
    ]);
  });
});

describe('the adapter and the decoder', () => {
  test('the data source yields its one case once, as the one Case record', () => {
    const source = new CaseSource(seed);
    const patient = source.currentPatient()!;
    expect(patient.findRecords(CASE_TYPE)).toEqual([seed]);
    expect(patient.findRecords('{urn:rubric:bench}Other')).toEqual([]);
    expect(new CaseSource('not a case').currentPatient()!.findRecords(CASE_TYPE)).toEqual([]);
    expect(source.nextPatient()).toBeUndefined();
    expect(source.currentPatient()).toBeUndefined();
  });

  test('the decoder reads the ELM words and refuses any other', () => {
    const statuses = Object.fromEntries(CRITERIA.map((c) => [c, 'met']));
    expect(decode({ ...statuses, Outcome: 'medically_necessary' })).toEqual({ outcome: 'medically_necessary', statuses: CRITERIA.map(() => 'met') });
    expect(decode({ Outcome: 'invalid_case' })).toEqual({ outcome: 'invalid_case', statuses: null });
    expect(() => decode({ ...statuses, Outcome: 'yes' })).toThrow(/Outcome/);
    expect(() => decode({ ...statuses, one_block: true, Outcome: 'medically_necessary' })).toThrow(/one_block/);
    expect(() => decode(undefined)).toThrow(/Outcome/);
  });
});
