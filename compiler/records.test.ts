/**
 * Lists of records from .rubric text to results: totals and sums over them ("prior + requested visits within the
 * cap", the way reviewers apply visit caps, CRITERIA.md P8) with honest not-documented answers when a count is not
 * stated, and two records facts selecting from one list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { CompiledGuideline, CriterionResult } from '../runtime/contract.js';
import { compileAndLoad } from './testdata/load.js';

const text = `guideline pt
  title "Physical therapy"
  version "1"
  recommendation recommended cite cpmtg
sources
  source cpmtg "MTUS CPMTG 2016, Physical medicine"
facts
  fact requested_visits "visits requested" number visits from request.visits
  fact prior_pt "prior physical therapy" records from prior_treatments
    where type is "physical_therapy"
    field type "type of treatment" text from type
    field visits "visits" number visits from sessions
  fact prior_visits "physical therapy visits so far" total of prior_pt.visits
criteria
  criterion cap "Up to 10 visits."
    require prior_visits + requested_visits <= 10 visits
    cite cpmtg
    reason "{prior_visits} visits so far and {requested_visits} requested exceed the 10 allowed."
    missing "The number of visits so far is not documented."
  criterion so_far
    require prior_visits < 10 visits
    cite cpmtg
    reason "r"
`;

let guideline: CompiledGuideline;

beforeAll(async () => {
  const checked = checkDocuments([new SourceFile('pt.rubric', text)]);
  expect(checked.diagnostics.filter((d) => d.code !== 'RUB1340' && d.code !== 'RUB1341')).toEqual([]); // the requested-number warnings only
  const { bundle } = await compileAndLoad(checked.model, [{ path: 'pt.rubric', text }]);
  guideline = bundle.guidelines['pt']!;
});

const pt = (sessions: unknown) => ({ type: 'physical_therapy', sessions });
const evaluate = (data: unknown): CriterionResult => guideline.evaluate(data)[0]!;

describe('prior + requested visits against a cap', () => {
  it('is met at the cap and not met above it, with the counts in the reason', () => {
    expect(evaluate({ request: { visits: 4 }, prior_treatments: [pt(6)] }).status).toBe('met');
    const over = evaluate({ request: { visits: 6 }, prior_treatments: [pt(4), pt(2), { type: 'chiropractic', sessions: 12 }] });
    expect(over).toMatchObject({ status: 'not_met', text: '6 visits so far and 6 requested exceed the 10 allowed.' });
    expect(over.evidence).toEqual([
      { path: 'prior_treatments[0].type', value: 'physical_therapy' },
      { path: 'prior_treatments[0].sessions', value: 4 },
      { path: 'prior_treatments[1].type', value: 'physical_therapy' },
      { path: 'prior_treatments[1].sessions', value: 2 },
      { path: 'prior_treatments[2].type', value: 'chiropractic' },
      { path: 'request.visits', value: 6 },
    ]);
  });

  it('counts no prior therapy as none, but a list not stated as not documented', () => {
    expect(evaluate({ request: { visits: 10 }, prior_treatments: [] }).status).toBe('met');
    expect(evaluate({ request: { visits: 10 } })).toMatchObject({
      status: 'not_documented',
      text: 'The number of visits so far is not documented.',
      missing: ['prior_treatments'],
    });
  });

  it('is not documented when a selected record has no count, or when it cannot be told whether a record is therapy', () => {
    expect(evaluate({ request: { visits: 1 }, prior_treatments: [pt(3), pt(null)] })).toMatchObject({
      status: 'not_documented',
      missing: ['prior_treatments[].sessions'],
    });
    expect(evaluate({ request: { visits: 1 }, prior_treatments: [pt(3), { sessions: 2 }] }).status).toBe('not_documented');
  });

  it('is not documented when the request does not say how many visits', () => {
    expect(evaluate({ request: {}, prior_treatments: [pt(3)] })).toMatchObject({ status: 'not_documented', missing: ['request.visits'] });
  });

  it('compares a total on its own', () => {
    expect(guideline.evaluate({ request: {}, prior_treatments: [pt(9)] })[1]!.status).toBe('met');
    expect(guideline.evaluate({ request: {}, prior_treatments: [pt(9), pt(1)] })[1]!.status).toBe('not_met');
  });

  it('lists the field a total reads among the data requirements once, under its records', () => {
    expect(guideline.requirements.map((r) => r.path)).toEqual(['request.visits', 'prior_treatments', 'prior_treatments[].type', 'prior_treatments[].sessions']);
  });
});

describe('two records facts on one list', () => {
  it('compile to one list in the case schema holding the fields of both', async () => {
    const twoLists = `guideline imaging
  title "Imaging"
  version "1"
  recommendation recommended cite src
sources
  source src "S"
facts
  fact xrays "plain radiographs" records from findings.imaging
    where modality is "X-ray"
    field modality "modality" text from modality
  fact mris "prior MRIs" records from findings.imaging
    where modality is "MRI"
    field modality "modality" text from modality
    field date "date of the MRI" date from date
criteria
  criterion xray_first
    require any xrays
    cite src
    reason "r"
  criterion no_recent_mri
    require no mris
    cite src
    reason "r"
`;
    const checked = checkDocuments([new SourceFile('imaging.rubric', twoLists)]);
    expect(checked.diagnostics.filter((d) => d.code !== 'RUB1340' && d.code !== 'RUB1341')).toEqual([]); // the requested-number warnings only
    const { bundle } = await compileAndLoad(checked.model, [{ path: 'imaging.rubric', text: twoLists }]);
    const imaging = bundle.guidelines['imaging']!;
    const schema = imaging.caseSchema as { properties: { findings: { properties: { imaging: { items: { properties: object } } } } } };
    // schemas/<id>.schema.json is canonical JSON (sorted keys), and the loaded case schema is that file.
    expect(Object.keys(schema.properties.findings.properties.imaging.items.properties)).toEqual(['date', 'modality']);
    const statuses = imaging.evaluate({ request: {}, findings: { imaging: [{ modality: 'X-ray' }] } }).map((r) => r.status);
    expect(statuses).toEqual(['met', 'met']);
    // `is` compares words, not spellings.
    const spelled = imaging.evaluate({ request: {}, findings: { imaging: [{ modality: ' x-RAY' }, { modality: 'mri' }] } }).map((r) => r.status);
    expect(spelled).toEqual(['met', 'not_met']);
  });
});
