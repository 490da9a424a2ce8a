/**
 * Scope, routes and clinical judgement, end to end: a small guideline is checked, compiled and loaded, and cases
 * are evaluated to determinations and letters.
 *
 * - `applies when`: not met → "this guideline does not apply" (no criteria evaluated); not documented → the
 *   guideline is applied anyway and the determination says its scope could not be confirmed.
 * - `routes`: one met route satisfies the route part; every route not met → not medically necessary with each
 *   route's reasons; otherwise the undecided route decides as missing documentation (or judgement) would.
 * - `judgement`: an open question and nothing not met → refer for physician review; anything not met still decides.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { Manifest } from '../runtime/contract.js';
import { notMetReasons, type Determination } from '../runtime/determination.js';
import { createLoadedBundle, type LoadedBundle } from '../runtime/evaluate.js';
import { renderMarkdown, renderText } from '../runtime/render.js';
import { compare, describeDifference } from './conformance.js';
import { parseCasesFile } from './conformance-files.js';
import { compileAndLoad } from './testdata/load.js';

const text = `guideline lumbar_imaging
  title "Lumbar imaging"
  version "1"
  recommendation recommended cite src
  missing documentation counts as insufficient information
  applies when weeks_since_injury >= 4 weeks
    cite src
    reason "The request is {weeks_since_injury} weeks after the injury; imaging is not considered in the first 4 weeks."
    missing "The date of the injury is not documented."
sources
  source src "Imaging guideline, page 3"
facts
  fact weeks_since_injury "weeks since the injury" elapsed weeks from patient.date_of_injury to request.date_requested
  fact exam "a neurological examination" documented from documentation.neurological_exam
  fact red_flags "a red-flag diagnosis" documented from documentation.red_flags
  fact failed_care "failed conservative care" documented from documentation.failed_conservative_care
  fact surgery_considered "surgery being considered" documented from documentation.surgery_considered
  fact repeat_imaging "a request to repeat imaging" documented from documentation.repeat_imaging
routes
  route red_flag "a red-flag diagnosis is being evaluated"
  route conservative "findings that failed conservative care, with surgery considered"
criteria
  criterion exam_documented "A neurological examination is documented."
    require exam
    cite src
    reason "No neurological examination is documented."
  criterion red_flag_diagnosis "A red-flag diagnosis is suspected."
    route red_flag
    require red_flags
    cite src
    reason "No red-flag diagnosis is documented."
  criterion conservative_care_failed "Conservative care has failed."
    route conservative
    require failed_care
    cite src
    reason "Failed conservative care is not documented."
  criterion surgery "Surgery is being considered."
    route conservative
    require surgery_considered
    cite src
    reason "Surgery is not being considered."
  criterion repeat "Repeat imaging needs a significant change in symptoms."
    when documented repeat_imaging
    judgement "Is there a significant change in symptoms that justifies repeat imaging?"
    cite src
`;

let bundle: LoadedBundle;

beforeAll(async () => {
  const checked = checkDocuments([new SourceFile('imaging.rubric', text)]);
  expect(checked.diagnostics).toEqual([]);
  const loaded = await compileAndLoad(checked.model, [{ path: 'imaging.rubric', text }]);
  bundle = createLoadedBundle(loaded.bundle, {} as Manifest);
});

/** Six months after the injury, a neurological exam, a red flag: the route red_flag is met. */
const base = {
  patient: { date_of_injury: '2024-01-01' },
  request: { date_requested: '2024-07-01' },
  documentation: { neurological_exam: 'present', red_flags: 'present', failed_conservative_care: 'absent', surgery_considered: 'absent' },
};

function evaluate(documentation: Record<string, string | null>, patch: Record<string, unknown> = {}): Determination {
  const result = bundle.evaluate('lumbar_imaging', { ...base, ...patch, documentation: { ...base.documentation, ...documentation } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('routes', () => {
  it('route A met and route B not met: medically necessary, supported under route A', () => {
    const d = evaluate({});
    expect(d.outcome).toBe('medically_necessary');
    expect(d.route).toBe('red_flag');
    expect(d.routes).toEqual([
      { id: 'red_flag', label: 'a red-flag diagnosis is being evaluated', status: 'met' },
      { id: 'conservative', label: 'findings that failed conservative care, with surgery considered', status: 'not_met' },
    ]);
    expect(d.reasons.find((r) => r.criterion === 'surgery')).toMatchObject({ route: 'conservative', status: 'not_met' });
    // The route not taken is not a reason of the determination.
    expect(notMetReasons(d)).toEqual([]);
    const letter = renderText(d);
    expect(letter).toContain('\nSupported under the route: a red-flag diagnosis is being evaluated.\n');
    expect(letter).toContain(
      [
        'Other routes, not needed:',
        '  findings that failed conservative care, with surgery considered (not met):',
        '    - Failed conservative care is not documented. (not met)',
        '    - Surgery is not being considered. (not met)',
      ].join('\n'),
    );
    expect(letter).not.toContain('Criteria not met');
    expect(renderMarkdown(d)).toContain('Supported under the route: a red-flag diagnosis is being evaluated.');
  });

  it('both routes not met: not medically necessary, with each route’s reasons under its label', () => {
    const d = evaluate({ red_flags: 'absent' });
    expect(d.outcome).toBe('not_medically_necessary');
    expect(d.route).toBeNull();
    expect(notMetReasons(d).map((r) => r.text)).toEqual([
      'No red-flag diagnosis is documented.',
      'Failed conservative care is not documented.',
      'Surgery is not being considered.',
    ]);
    expect(renderText(d)).toContain(
      [
        'No route is met; the guideline needs one of them:',
        '  Route: a red-flag diagnosis is being evaluated (not met)',
        '    1. No red-flag diagnosis is documented.',
        '       Criterion: A red-flag diagnosis is suspected.',
        '       Source: Imaging guideline, page 3',
        '       Case data: documentation.red_flags = absent',
        '  Route: findings that failed conservative care, with surgery considered (not met)',
        '    1. Failed conservative care is not documented.',
      ].join('\n'),
    );
    expect(renderMarkdown(d)).toContain('### Route: a red-flag diagnosis is being evaluated (not met)');
  });

  it('one route undecided and none met: the missing-documentation policy decides, and names what is needed', () => {
    const d = evaluate({ red_flags: 'absent', failed_conservative_care: null, surgery_considered: 'present' });
    expect(d.routes.map((r) => r.status)).toEqual(['not_met', 'not_documented']);
    expect(d.outcome).toBe('insufficient_information');
    expect(d.missing.map((m) => m.path)).toEqual(['documentation.failed_conservative_care']);
  });

  it('a met route makes the other route’s missing documents unnecessary', () => {
    const d = evaluate({ failed_conservative_care: null });
    expect(d.outcome).toBe('medically_necessary');
    expect(d.missing).toEqual([]);
  });

  it('criteria without a route still apply on every route', () => {
    const d = evaluate({ neurological_exam: 'absent' });
    expect(d.outcome).toBe('not_medically_necessary');
    expect(d.route).toBe('red_flag');
    expect(notMetReasons(d).map((r) => r.criterion)).toEqual(['exam_documented']);
  });
});

describe('clinical judgement', () => {
  it('an open question and nothing not met: refer for physician review, with the question in the letter', () => {
    const d = evaluate({ repeat_imaging: 'present' });
    expect(d.outcome).toBe('refer_for_physician_review');
    expect(d.reasons.find((r) => r.criterion === 'repeat')).toMatchObject({
      status: 'needs_judgement',
      text: 'Is there a significant change in symptoms that justifies repeat imaging?',
    });
    expect(renderText(d)).toContain(
      [
        'Questions for the physician reviewer:',
        '  1. Is there a significant change in symptoms that justifies repeat imaging?',
        '     Criterion: Repeat imaging needs a significant change in symptoms.',
        '     Source: Imaging guideline, page 3',
      ].join('\n'),
    );
    expect(renderText(d)).toContain('Decision: referred for physician review.');
    expect(renderMarkdown(d)).toContain('## Questions for the physician reviewer');
  });

  it('an open question and a criterion not met: not medically necessary', () => {
    expect(evaluate({ repeat_imaging: 'present', neurological_exam: 'absent' }).outcome).toBe('not_medically_necessary');
  });

  it('a judgement whose situation does not hold is not applicable', () => {
    expect(evaluate({}).reasons.find((r) => r.criterion === 'repeat')?.status).toBe('not_applicable');
  });
});

describe('scope', () => {
  it('not met: this guideline does not apply, no criterion is evaluated', () => {
    const d = evaluate({}, { request: { date_requested: '2024-01-15' } });
    expect(d.outcome).toBe('does_not_apply');
    expect(d.reasons).toEqual([]);
    expect(d.missing).toEqual([]);
    expect(d.scope).toMatchObject({
      status: 'not_met',
      text: 'The request is 2 weeks after the injury; imaging is not considered in the first 4 weeks.',
      citations: [expect.objectContaining({ id: 'src' })],
    });
    expect(renderText(d)).toBe(
      [
        'Lumbar imaging: this guideline does not apply',
        'Guideline lumbar_imaging, version 1',
        '',
        'Scope: The request is 2 weeks after the injury; imaging is not considered in the first 4 weeks.',
        '  Source: Imaging guideline, page 3',
        '  Case data: patient.date_of_injury = 2024-01-01; request.date_requested = 2024-01-15',
        '',
        'Decision: this guideline does not apply.',
        '',
      ].join('\n'),
    );
    expect(renderMarkdown(d)).toContain('## Scope');
  });

  it('not documented: the guideline is applied, and the determination says its scope is not confirmed', () => {
    const d = evaluate({}, { patient: {} });
    expect(d.outcome).toBe('medically_necessary');
    expect(d.scope).toMatchObject({ status: 'not_documented', text: 'The date of the injury is not documented.' });
    expect(d.missing.map((m) => m.path)).toEqual(['patient.date_of_injury']);
    expect(renderText(d)).toContain(
      'Scope: Whether this guideline applies could not be confirmed; it is applied to the case as if it does.\n  The date of the injury is not documented.\n',
    );
  });

  it('met: evaluated as usual, with scope met', () => {
    expect(evaluate({}).scope.status).toBe('met');
  });
});

describe('conformance cases', () => {
  it('accept the new outcomes, `needs_judgement` and `route`, and compare them', () => {
    const parsed = parseCasesFile(
      'imaging.cases.yaml',
      `guideline: lumbar_imaging
cases:
  - note: Route red_flag.
    want: { outcome: medically_necessary, route: red_flag, criteria: { repeat: not_applicable }, reasons: [] }
  - note: Judgement.
    want: { outcome: refer_for_physician_review, criteria: { repeat: needs_judgement } }
  - note: Out of scope.
    want: { outcome: does_not_apply }
`,
    );
    expect(parsed.problems).toEqual([]);
    const [routeCase, judgementCase, scopeCase] = parsed.file!.cases.map((c) => ({ ...c, data: {}, criterionPositions: {} }));
    expect(compare(routeCase!, evaluate({}))).toEqual([]);
    expect(compare(routeCase!, evaluate({ red_flags: 'absent', surgery_considered: 'present', failed_conservative_care: 'present' }))).toEqual([
      { what: 'route', expected: 'red_flag', got: 'conservative' },
    ]);
    expect(describeDifference({ what: 'route', expected: 'red_flag', got: null })).toBe('route: expected red_flag, got null');
    expect(compare(judgementCase!, evaluate({ repeat_imaging: 'present' }))).toEqual([]);
    expect(compare(scopeCase!, evaluate({}, { request: { date_requested: '2024-01-15' } }))).toEqual([]);
  });
});

describe('a judgement question is reason text', () => {
  const guideline = (question: string) => `guideline visits
  title "Visits"
  version "1"
  recommendation recommended cite src
sources
  source src "Physical therapy guideline"
facts
  fact requested_visits "visits requested" number visits from request.visits
  fact exceptional "exceptional factors" documented from documentation.exceptional_factors
criteria
  criterion exceptional_factors "When visits exceed the guideline, exceptional factors should be noted."
    when documented exceptional
    judgement "${question}"
    cite src
`;

  it('fills in the facts and thresholds it names, like a reason', async () => {
    const text = guideline('Do the exceptional factors noted justify {requested_visits} visits?');
    const checked = checkDocuments([new SourceFile('visits.rubric', text)]);
    expect(checked.diagnostics).toEqual([]);
    const loaded = createLoadedBundle((await compileAndLoad(checked.model, [{ path: 'visits.rubric', text }])).bundle, {} as Manifest);
    const result = loaded.evaluate('visits', { request: { visits: 12 }, documentation: { exceptional_factors: 'present' } });
    expect(result.ok && result.value.reasons[0]).toMatchObject({ status: 'needs_judgement', text: 'Do the exceptional factors noted justify 12 visits?' });
  });

  it('reports a placeholder that names nothing, with a suggestion (RUB1208)', () => {
    const checked = checkDocuments([new SourceFile('visits.rubric', guideline('Do the factors justify {requested_visit} visits?'))]);
    expect(checked.diagnostics.map((d) => [d.code, d.suggestion])).toEqual([['RUB1208', 'requested_visits']]);
  });
});
