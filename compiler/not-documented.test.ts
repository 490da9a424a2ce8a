/**
 * Issue 7: a criterion without a `missing` line never prints its not-met reason under "Not documented" (that
 * would tell the provider something was found lacking when it was only not stated). It says, in generic words
 * around the guideline's own labels, which facts are not stated and which criterion needs them.
 */
import { beforeAll, expect, it } from 'vitest';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { CompiledGuideline } from '../runtime/contract.js';
import { evaluateGuideline } from '../runtime/evaluate.js';
import { renderText } from '../runtime/render.js';
import { compileAndLoad } from './testdata/load.js';

const text = `guideline tens
  title "TENS"
  version "1"
  recommendation recommended cite src
sources
  source src "S"
facts
  fact trial_days "days of the home trial" number days from request.duration_days
  fact goals "treatment goals" documented from documentation.treatment_goals
  fact prior_tens "prior TENS trials" records from prior_treatments where type is "tens"
    field type "type of treatment" text from type
    field relief "pain relief from the trial" number percent from response.initial_relief_percent
criteria
  criterion trial "A one-month home-based trial with treatment goals."
    require min trial_days >= 30 days and goals
    cite src
    reason "The request is for a {trial_days}-day trial, shorter than the one-month trial recommended."
  criterion relief "Evidence of pain relief during the trial."
    require any prior_tens where relief >= 50%
    cite src
    reason "No trial gave pain relief."
    missing "The pain relief from the prior trial is not documented."
`;

let guideline: CompiledGuideline;

beforeAll(async () => {
  const checked = checkDocuments([new SourceFile('tens.rubric', text)]);
  expect(checked.diagnostics).toEqual([]);
  guideline = (await compileAndLoad(checked.model, [{ path: 'tens.rubric', text }])).bundle.guidelines['tens']!;
});

const results = (data: unknown) => Object.fromEntries(guideline.evaluate(data).map((r) => [r.criterion, r]));

it('not met prints the reason', () => {
  expect(results({ request: { duration_days: 14 }, documentation: { treatment_goals: 'present' } })['trial']).toMatchObject({
    status: 'not_met',
    text: 'The request is for a 14-day trial, shorter than the one-month trial recommended.',
  });
});

it('not documented, without a missing line, names the facts not stated and the criterion in neutral words', () => {
  expect(results({ request: { duration_days: 30 } })['trial']).toMatchObject({
    status: 'not_documented',
    text: 'Not stated in the documentation submitted: treatment goals. Needed for the criterion: A one-month home-based trial with treatment goals.',
  });
  expect(results({ request: {} })['trial']!.text).toBe(
    'Not stated in the documentation submitted: days of the home trial and treatment goals. Needed for the criterion: A one-month home-based trial with treatment goals.',
  );
});

it('a missing line, when there is one, is what not documented prints', () => {
  expect(results({ request: {}, prior_treatments: [{ type: 'tens' }] })['relief']).toMatchObject({
    status: 'not_documented',
    text: 'The pain relief from the prior trial is not documented.',
  });
});

it('the letter lists it under "Not documented" without the not-met reason', () => {
  const d = evaluateGuideline(guideline, { request: { duration_days: 30 } });
  if (!d.ok) throw new Error(d.error.message);
  const letter = renderText(d.value);
  expect(letter).toContain('Not stated in the documentation submitted: treatment goals.');
  expect(letter).not.toContain('shorter than the one-month trial');
});
