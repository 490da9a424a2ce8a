/**
 * Time between two dates of the case (`elapsed weeks from … to …`), from .rubric text to results: chronicity and
 * "at least a month of conservative care" the way reviewers count them, not stated when either date is not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { CompiledGuideline } from '../runtime/contract.js';
import { compileAndLoad } from './testdata/load.js';

const text = `guideline chronic
  title "Chronic pain"
  version "1"
  recommendation recommended cite src
sources
  source src "S"
facts
  fact weeks_since_injury "weeks since the injury" elapsed weeks from patient.date_of_injury to request.date_requested
  fact care "conservative care" records from prior_treatments
    field care_weeks "length of the course" elapsed weeks from date to end_date
thresholds
  threshold chronic_after "time after which pain is chronic" 12 weeks
criteria
  criterion chronic "The chronic pain guidelines apply after 3 months."
    require weeks_since_injury >= chronic_after
    cite src
    reason "The injury was {weeks_since_injury} weeks before the request; the chronic pain guidelines apply after {chronic_after}."
    missing "The date of injury or of the request is not documented."
  criterion month_of_care
    require any care where care_weeks >= 4 weeks
    cite src
    reason "No course of conservative care lasted 4 weeks."
`;

let guideline: CompiledGuideline;

beforeAll(async () => {
  const checked = checkDocuments([new SourceFile('chronic.rubric', text)]);
  expect(checked.diagnostics).toEqual([]);
  guideline = (await compileAndLoad(checked.model, [{ path: 'chronic.rubric', text }])).bundle.guidelines['chronic']!;
});

const chronic = (patient: unknown, request: unknown) => guideline.evaluate({ patient, request })[0]!;

describe('time between two dates', () => {
  it('compares the weeks between two dates, and prints them in the reason', () => {
    expect(chronic({ date_of_injury: '2016-01-01' }, { date_requested: '2016-03-25' }).status).toBe('met'); // exactly 12 weeks
    const early = chronic({ date_of_injury: '2016-01-01' }, { date_requested: '2016-02-15' });
    expect(early).toMatchObject({
      status: 'not_met',
      text: 'The injury was 6.4 weeks before the request; the chronic pain guidelines apply after 12 weeks.',
    });
    expect(early.evidence).toEqual([
      { path: 'patient.date_of_injury', value: '2016-01-01' },
      { path: 'request.date_requested', value: '2016-02-15' },
    ]);
  });

  it('counts across leap days and years by the calendar', () => {
    expect(chronic({ date_of_injury: '2015-12-04' }, { date_requested: '2016-02-26' }).status).toBe('met'); // 84 days
    expect(chronic({ date_of_injury: '2015-12-05' }, { date_requested: '2016-02-26' }).status).toBe('not_met'); // 83 days
  });

  it('is not documented when a date is not stated or is not a real date', () => {
    expect(chronic({}, { date_requested: '2016-02-15' })).toMatchObject({
      status: 'not_documented',
      text: 'The date of injury or of the request is not documented.',
      missing: ['patient.date_of_injury'],
    });
    expect(chronic({ date_of_injury: '2016-02-30' }, { date_requested: '2016-05-15' }).status).toBe('not_documented');
  });

  it('works on the dates of each record', () => {
    const month = (data: unknown) => guideline.evaluate(data)[1]!.status;
    expect(month({ request: {}, prior_treatments: [{ date: '2016-01-01', end_date: '2016-01-20' }, { date: '2016-02-01', end_date: '2016-03-01' }] })).toBe('met');
    expect(month({ request: {}, prior_treatments: [{ date: '2016-01-01', end_date: '2016-01-20' }] })).toBe('not_met');
    expect(month({ request: {}, prior_treatments: [{ date: '2016-01-01' }] })).toBe('not_documented');
  });

  it('asks for both dates, and the case schema holds them as dates', () => {
    expect(guideline.requirements.map((r) => [r.path, r.kind])).toEqual([
      ['patient.date_of_injury', 'date'],
      ['request.date_requested', 'date'],
      ['prior_treatments', 'records'],
      ['prior_treatments[].date', 'date'],
      ['prior_treatments[].end_date', 'date'],
    ]);
    const schema = guideline.caseSchema as { properties: { patient: { properties: { date_of_injury: { type: unknown } } } } };
    expect(schema.properties.patient.properties.date_of_injury.type).toEqual(['string', 'null']);
  });
});
