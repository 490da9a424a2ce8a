/**
 * Numbers a request states, from .rubric text to determinations: limits on a number the request may leave out
 * (`if not stated`), requested ranges ("4-8 visits") tested at both ends or at one (`max` / `min`), time in hours,
 * and the latest / earliest date among records as an end of an elapsed time.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { CompiledGuideline, CriterionResult } from '../runtime/contract.js';
import { evaluateGuideline } from '../runtime/evaluate.js';
import { compileAndLoad } from './testdata/load.js';

/** compiler/testdata/numbers.rubric: every construct of this file, also type-checked by emit-typecheck.test.ts. */
const text = readFileSync(new URL('./testdata/numbers.rubric', import.meta.url), 'utf8');

let guideline: CompiledGuideline;

beforeAll(async () => {
  const checked = checkDocuments([new SourceFile('pm.rubric', text)]);
  // `both_ends` is written without `max` on purpose (RUB1341); it and `in_all` say nothing for an unstated number (RUB1340).
  expect(checked.diagnostics.map((d) => d.code)).toEqual(['RUB1340', 'RUB1341', 'RUB1340']);
  expect(checked.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  guideline = (await compileAndLoad(checked.model, [{ path: 'pm.rubric', text }])).bundle.guidelines['pm']!;
});

const criterion = (data: unknown, id: string): CriterionResult => {
  const r = guideline.evaluate(data).find((c) => c.criterion === id);
  if (r === undefined) throw new Error(`no criterion ${id}`);
  return r;
};

describe('if not stated', () => {
  it('`not applicable`: an unstated frequency does not apply, and the rest decides the outcome', () => {
    expect(criterion({ request: {} }, 'frequency')).toMatchObject({ status: 'not_applicable', text: 'Frequency: 1 to 3 times per week.', missing: [] });
    expect(criterion({ request: { frequency_per_week: 2 } }, 'frequency').status).toBe('met');
    expect(criterion({ request: { frequency_per_week: 5 } }, 'frequency')).toMatchObject({
      status: 'not_met',
      text: '5 visits per week were requested; up to 3 visits are allowed.',
    });
  });

  it('`met "…"`: an unstated number of visits is met, with the note as its text', () => {
    expect(criterion({ request: {} }, 'visits')).toMatchObject({
      status: 'met',
      text: 'The number of visits is not stated; the guideline allows up to 10 visits.',
      missing: [],
      evidence: [{ path: 'request.visits', value: null }],
    });
    expect(criterion({ request: { visits: 6 } }, 'visits')).toMatchObject({ status: 'met', text: 'Up to 10 visits.' });
    expect(criterion({ request: { visits: 12 } }, 'visits').status).toBe('not_met');
  });

  it('leaves the outcome medically necessary when everything else is met', async () => {
    const small = `guideline freq
  title "F"
  version "1"
  recommendation recommended cite s
sources
  source s "S"
facts
  fact requested_frequency "visits per week requested" number visits from request.frequency_per_week
  fact plan "treatment plan" documented from documentation.treatment_plan
criteria
  criterion plan_documented "A treatment plan."
    require plan
    cite s
    reason "No treatment plan."
  criterion frequency "Frequency: 1 to 3 times per week."
    require max requested_frequency <= 3 visits
    if not stated not applicable
    cite s
    reason "Too often."
`;
    const checked = checkDocuments([new SourceFile('freq.rubric', small)]);
    expect(checked.diagnostics).toEqual([]);
    const freq = (await compileAndLoad(checked.model, [{ path: 'freq.rubric', text: small }])).bundle.guidelines['freq']!;
    const d = evaluateGuideline(freq, { request: {}, documentation: { treatment_plan: 'present' } });
    expect(d.ok && d.value.outcome).toBe('medically_necessary');
    expect(d.ok && d.value.reasons.map((r) => r.status)).toEqual(['met', 'not_applicable']);
  });
});

describe('requested ranges', () => {
  const visits = (v: unknown, id: string) => criterion({ request: { visits: v }, history: { prior_visits: 2 } }, id);

  it('`max`: 4-8 is within 10, 8-12 is not, and the reason prints the range as given', () => {
    expect(visits({ min: 4, max: 8 }, 'visits').status).toBe('met');
    expect(visits({ min: 8, max: 12 }, 'visits')).toMatchObject({
      status: 'not_met',
      text: '8-12 visits were requested; up to 10 visits are allowed.',
      evidence: [{ path: 'request.visits', value: { min: 8, max: 12 } }],
    });
  });

  it('without an end, the whole range must pass: 4-8 within 10 is met, 8-12 straddling it is not, 11-14 is not', () => {
    expect(visits({ min: 4, max: 8 }, 'both_ends').status).toBe('met');
    expect(visits({ min: 8, max: 12 }, 'both_ends').status).toBe('not_met');
    expect(visits({ min: 11, max: 14 }, 'both_ends').status).toBe('not_met');
    expect(visits(6, 'both_ends').status).toBe('met');
  });

  it('`min`: the low end is tested', () => {
    expect(criterion({ request: { frequency_per_week: { min: 1, max: 3 } } }, 'at_least_one').status).toBe('met');
    expect(criterion({ request: { frequency_per_week: { min: 0, max: 3 } } }, 'at_least_one')).toMatchObject({
      status: 'not_met',
      text: '0-3 visits per week were requested.',
    });
  });

  it('`max` inside a sum adds the high end', () => {
    expect(visits({ min: 4, max: 8 }, 'in_all')).toMatchObject({ status: 'met' });
    expect(visits({ min: 4, max: 9 }, 'in_all')).toMatchObject({ status: 'not_met', text: '2 so far and 4-9 requested.' });
  });

  it('a range with min above max is a field error of the case, never a decided value', () => {
    const d = evaluateGuideline(guideline, { request: { visits: { min: 8, max: 4 } } });
    expect(d.ok && d.value.outcome).toBe('invalid_case');
    expect(d.ok && d.value.errors).toEqual([{ path: '/request/visits/max', message: 'must not be less than min (8)' }]);
    const fine = evaluateGuideline(guideline, { request: { visits: { min: 4, max: 8 } } });
    expect(fine.ok && fine.value.outcome).not.toBe('invalid_case');
    const half = evaluateGuideline(guideline, { request: { visits: { min: 4 } } });
    expect(half.ok && half.value.outcome).toBe('invalid_case');
  });

  it('the case schema accepts a number or a range exactly for the listed request numbers', () => {
    const props = (guideline.caseSchema['properties'] as Record<string, { properties: Record<string, { type: unknown }> }>);
    expect(props['request']!.properties['visits']!.type).toEqual(['integer', 'object', 'null']);
    expect(props['history']!.properties['prior_visits']!.type).toEqual(['number', 'null']);
  });
});

describe('hours', () => {
  it('counts the time between two dates in hours', () => {
    const c = (date_of_injury: string) => criterion({ patient: { date_of_injury }, request: { date_requested: '2024-03-03' } }, 'early');
    expect(c('2024-03-01').status).toBe('met');
    expect(c('2024-02-29')).toMatchObject({ status: 'not_met', text: '72 hours since the injury.' });
  });
});

describe('latest / earliest record dates', () => {
  const surgery = (date: unknown) => ({ type: 'surgery', date });
  const at = (prior_treatments: unknown, id = 'recent_surgery') => criterion({ request: { date_requested: '2024-07-01' }, prior_treatments }, id);

  it('measures from the most recent stated date among the selected records', () => {
    const list = [surgery('2023-01-02'), { type: 'injection', date: '2024-06-24' }, surgery('2024-05-27'), surgery(null)];
    expect(at(list)).toMatchObject({ status: 'met', text: 'Within 12 weeks of the last surgery.' });
    expect(at(list).evidence).toContainEqual({ path: 'prior_treatments[2].date', value: '2024-05-27' });
  });

  it('`earliest` picks the first stated date', () => {
    expect(at([surgery('2023-01-02'), surgery('2024-05-27')], 'first_surgery')).toMatchObject({
      status: 'not_met',
      text: '78 weeks since the first surgery.',
    });
  });

  it('ignores records with no stated date; with none, the date is not documented', () => {
    expect(at([surgery('2024-06-03'), surgery(null)]).status).toBe('met');
    expect(at([surgery(null)])).toMatchObject({ status: 'not_documented', missing: ['prior_treatments[].date'] });
    expect(at([]).status).toBe('not_documented');
    expect(at(undefined)).toMatchObject({ status: 'not_documented', missing: ['prior_treatments'] });
  });
});
