/**
 * A criterion that applies only in a situation (`when`): not applicable outside it, decided inside it, and when the
 * situation itself is not documented, reported as not documented in the guideline's own statement of the criterion,
 * never with a reason about a test that was not run.
 */
import { beforeAll, expect, it } from 'vitest';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { CompiledGuideline } from '../runtime/contract.js';
import { compileAndLoad } from './testdata/load.js';

const text = `guideline g
  title "G"
  version "1"
  recommendation recommended cite src
sources
  source src "S"
facts
  fact cures "CURES report reviewed" documented from documentation.cures_report_reviewed
  fact prior_opioids "prior opioid treatment" records from prior_treatments
    where type is "opioid"
    field type "type" text from type
criteria
  criterion cures "A review of the CURES report."
    when no prior_opioids
    require cures
    cite src
    reason "There is no evidence that the CURES report was reviewed."
    missing "A review of the CURES report is not documented."
`;

let guideline: CompiledGuideline;

beforeAll(async () => {
  const checked = checkDocuments([new SourceFile('g.rubric', text)]);
  expect(checked.diagnostics).toEqual([]);
  guideline = (await compileAndLoad(checked.model, [{ path: 'g.rubric', text }])).bundle.guidelines['g']!;
});

const result = (data: unknown) => guideline.evaluate(data)[0]!;

it('is decided by its test in the situation it names', () => {
  expect(result({ prior_treatments: [], documentation: { cures_report_reviewed: 'absent' } })).toMatchObject({
    status: 'not_met',
    text: 'There is no evidence that the CURES report was reviewed.',
  });
  expect(result({ prior_treatments: [], documentation: {} })).toMatchObject({
    status: 'not_documented',
    text: 'A review of the CURES report is not documented.',
    missing: ['documentation.cures_report_reviewed'],
  });
});

it('does not apply outside that situation', () => {
  expect(result({ prior_treatments: [{ type: 'opioid' }], documentation: {} }).status).toBe('not_applicable');
});

it('when the situation is not documented, says so in the statement of the criterion and names what would decide it', () => {
  expect(result({ documentation: { cures_report_reviewed: 'present' } })).toMatchObject({
    status: 'not_documented',
    text: 'A review of the CURES report.',
    missing: ['prior_treatments'],
  });
});
