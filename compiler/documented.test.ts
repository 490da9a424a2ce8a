/**
 * `documented x` for situations a case file usually does not mention (a flare-up, a course after an injection):
 * present is met; absent and not stated are both simply not met, so an ordinary case is not held up as not
 * documented, and the item is never listed among the documents needed.
 */
import { beforeAll, expect, it } from 'vitest';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { CompiledGuideline } from '../runtime/contract.js';
import { compileAndLoad } from './testdata/load.js';

const text = `guideline manipulation
  title "Manipulation"
  version "1"
  recommendation recommended cite src
sources
  source src "S"
facts
  fact flare_up "a flare-up or recurrence" documented from documentation.flare_up
  fact requested_visits "visits requested" number visits from request.visits
criteria
  criterion flare_up_visits "Flare-ups: 1-2 visits."
    when documented flare_up
    require requested_visits <= 2 visits
    cite src
    reason "For a flare-up, 1 to 2 visits are recommended; {requested_visits} were requested."
`;

let guideline: CompiledGuideline;

beforeAll(async () => {
  const checked = checkDocuments([new SourceFile('manipulation.rubric', text)]);
  expect(checked.diagnostics.filter((d) => d.code !== 'RUB1340' && d.code !== 'RUB1341')).toEqual([]); // the requested-number warnings only
  guideline = (await compileAndLoad(checked.model, [{ path: 'manipulation.rubric', text }])).bundle.guidelines['manipulation']!;
});

const result = (data: unknown) => guideline.evaluate(data)[0]!;

it('applies when the situation is documented', () => {
  expect(result({ request: { visits: 2 }, documentation: { flare_up: 'present' } }).status).toBe('met');
  expect(result({ request: { visits: 6 }, documentation: { flare_up: 'present' } })).toMatchObject({
    status: 'not_met',
    text: 'For a flare-up, 1 to 2 visits are recommended; 6 were requested.',
  });
});

it('does not apply when the situation is documented absent or not mentioned at all', () => {
  expect(result({ request: { visits: 6 }, documentation: { flare_up: 'absent' } }).status).toBe('not_applicable');
  expect(result({ request: { visits: 6 } })).toMatchObject({ status: 'not_applicable', missing: [] });
});

it('names documentation items, or a date, text or records fact (then: stated), never a number', () => {
  const wrong = text.replace('when documented flare_up', 'when documented requested_visits');
  const errors = (t: string, uri: string) => checkDocuments([new SourceFile(uri, t)]).diagnostics.filter((d) => d.severity === 'error');
  expect(errors(wrong, 'w.rubric').map((d) => d.code)).toEqual(['RUB1402']);
  const typo = text.replace('when documented flare_up', 'when documented flare_ups');
  expect(errors(typo, 't.rubric')).toEqual([expect.objectContaining({ code: 'RUB1203', suggestion: 'flare_up' })]);
});

it('a date, a text or a list of records is documented when the case states it, in a scope as in a criterion', async () => {
  const scoped = `guideline after_surgery
  title "After surgery"
  version "1"
  recommendation recommended cite src
  applies when documented surgery_date
    cite src
    reason "The request does not follow a surgery."
sources
  source src "S"
facts
  fact surgery_date "date of the surgery" date from postoperative.date
  fact extent "how extensive" text from postoperative.extent
  fact treatments "treatments to date" records from prior_treatments
    field type "type" text from type
criteria
  criterion stated_things "The extent and the treatments are stated."
    require documented extent and documented treatments
    cite src
    reason "Not stated."
`;
  const checked = checkDocuments([new SourceFile('after.rubric', scoped)]);
  expect(checked.diagnostics).toEqual([]);
  const g = (await compileAndLoad(checked.model, [{ path: 'after.rubric', text: scoped }])).bundle.guidelines['after_surgery']!;
  expect(g.applies({ postoperative: { date: '2016-11-21' } }).status).toBe('met');
  expect(g.applies({ postoperative: { date: null } })).toMatchObject({ status: 'not_met', missing: [] });
  expect(g.applies({})).toMatchObject({ status: 'not_met', missing: [] });
  expect(g.evaluate({ postoperative: { extent: 'less_extensive' }, prior_treatments: [] })[0]!.status).toBe('met');
  expect(g.evaluate({ postoperative: { extent: 'less_extensive' } })[0]).toMatchObject({ status: 'not_met', missing: [] });
});

it('a scope line that is met names none of the paths it left unread among the documents needed', async () => {
  const scoped = `guideline after_injury
  title "After injury"
  version "1"
  recommendation recommended cite src
  applies when weeks_since_injury < 13 weeks
    cite src
    reason "Chronic."
  applies when not documented surgery_date or weeks_since_surgery > 13 weeks
    cite src
    reason "Post-operative."
sources
  source src "S"
facts
  fact weeks_since_injury "weeks since the injury" elapsed weeks from patient.date_of_injury to request.date_requested
  fact surgery_date "date of the surgery" date from postoperative.date
  fact weeks_since_surgery "weeks since the surgery" elapsed weeks from postoperative.date to request.date_requested
criteria
  criterion anything "Anything."
    require weeks_since_injury >= 0 weeks
    cite src
    reason "No."
`;
  const checked = checkDocuments([new SourceFile('injury.rubric', scoped)]);
  expect(checked.diagnostics).toEqual([]);
  const g = (await compileAndLoad(checked.model, [{ path: 'injury.rubric', text: scoped }])).bundle.guidelines['after_injury']!;
  // No surgery: the second line is met, so only the date of injury is needed, not the surgery's.
  expect(g.applies({ request: { date_requested: '2016-12-05' } })).toMatchObject({ status: 'not_documented', missing: ['patient.date_of_injury'] });
  expect(g.applies({ patient: { date_of_injury: '2016-11-01' }, request: { date_requested: '2016-12-05' } }).status).toBe('met');
  expect(g.applies({ patient: { date_of_injury: '2016-11-01' }, postoperative: { date: '2016-11-21' }, request: { date_requested: '2016-12-05' } }).status).toBe('not_met');
});
