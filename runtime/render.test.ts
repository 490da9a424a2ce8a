import { describe, expect, test } from 'vitest';
import type { Determination } from './determination.js';
import { renderMarkdown, renderText } from './render.js';

// The seed's rendered rationale is checked end to end against examples/seed/expected-rationale.{txt,md}
// (examples/seed/seed.test.ts); here, what the renderer itself says.

/** A determination whose every bundle text is a placeholder: what remains is the renderer's own words. */
const placeholder: Determination = {
  guideline: { id: 'g', version: 'V', title: 'TITLE' },
  outcome: 'not_medically_necessary',
  recommendation: {
    status: 'not_recommended',
    criteriaIfUsedAnyway: false,
    citations: [{ id: 's', citation: 'CITATION', document: null, chapter: null, section: null, page: null, quote: 'QUOTE' }],
  },
  missingDocumentation: 'insufficient_information',
  scope: { status: 'met', text: '', citations: [], evidence: [] },
  routes: [],
  route: null,
  reasons: [
    { criterion: 'a', route: null, description: 'DESCRIPTION A', status: 'met', text: 'DESCRIPTION A', citations: [], evidence: [] },
    {
      criterion: 'b',
      route: null,
      description: null,
      status: 'not_documented',
      text: 'REASON B',
      citations: [{ id: 's', citation: 'CITATION', document: null, chapter: null, section: null, page: null, quote: null }],
      evidence: [{ path: 'x.y', value: null }],
    },
  ],
  missing: [],
  errors: [],
};

describe('the renderer adds only generic words; clinical words come from the bundle', () => {
  test('text', () => {
    expect(renderText(placeholder)).toBe(
      [
        'TITLE: not medically necessary',
        'Guideline g, version V',
        '',
        'Recommendation: not recommended; the guideline gives no criteria for use anyway, so the criteria below do not change the decision.',
        '  - CITATION: "QUOTE"',
        '',
        'Not documented:',
        '  1. REASON B',
        '     Source: CITATION',
        '     Case data: x.y = not stated',
        '  This guideline treats missing documentation as insufficient information to decide.',
        '',
        'Criteria met:',
        '  - DESCRIPTION A',
        '',
        'Decision: not medically necessary.',
        '',
      ].join('\n'),
    );
  });

  test('an invalid case lists the fields to correct', () => {
    const invalid: Determination = {
      ...placeholder,
      outcome: 'invalid_case',
      reasons: [],
      errors: [
        { path: '', message: 'must be a group of fields (a JSON object), not a list' },
        { path: '/request/levels', message: 'must be a list, not the number 3' },
      ],
    };
    expect(renderText(invalid).split('\n').slice(-5)).toEqual([
      '',
      'The case data cannot be evaluated until these fields are corrected:',
      '  - the case file: must be a group of fields (a JSON object), not a list',
      '  - /request/levels: must be a list, not the number 3',
      '',
    ]);
  });

  test('Markdown escapes bundle text so it cannot become markup', () => {
    const tricky: Determination = {
      ...placeholder,
      guideline: { ...placeholder.guideline, title: 'A *bold* <b>claim</b>' },
      reasons: [{ criterion: 'a', route: null, description: '6. Not a list', status: 'met', text: '', citations: [], evidence: [] }],
    };
    const text = renderMarkdown(tricky);
    expect(text).toContain('# A \\*bold\\* \\<b\\>claim\\</b\\>: not medically necessary');
    expect(text).toContain('- 6\\. Not a list');
  });
});

describe('routes, questions and scope in the letter', () => {
  const reason = (criterion: string, route: string | null, status: Determination['reasons'][number]['status'], text: string) => ({
    criterion,
    route,
    description: null,
    status,
    text,
    citations: [],
    evidence: [],
  });
  const routed: Determination = {
    ...placeholder,
    outcome: 'refer_for_physician_review',
    recommendation: { ...placeholder.recommendation, status: 'recommended' },
    routes: [
      { id: 'ra', label: 'ROUTE *A*', status: 'not_met' },
      { id: 'rb', label: 'ROUTE B', status: 'needs_judgement' },
    ],
    route: null,
    reasons: [reason('a', 'ra', 'not_met', 'REASON A'), reason('b', 'rb', 'needs_judgement', 'QUESTION B?'), reason('c', null, 'met', 'C')],
  };

  test('text: each route with its status and reasons, then the questions', () => {
    const text = renderText(routed);
    expect(text).toContain(
      [
        'No route is met; the guideline needs one of them:',
        '  Route: ROUTE *A* (not met)',
        '    1. REASON A',
        '  Route: ROUTE B (needs clinical judgement)',
        '',
        'Questions for the physician reviewer:',
        '  1. QUESTION B?',
      ].join('\n'),
    );
    expect(text).toContain('Decision: referred for physician review.');
  });

  test('Markdown escapes route labels and questions', () => {
    const md = renderMarkdown({ ...routed, reasons: [...routed.reasons.slice(0, 1), reason('b', 'rb', 'needs_judgement', '*QUESTION*'), ...routed.reasons.slice(2)] });
    expect(md).toContain('### Route: ROUTE \\*A\\* (not met)');
    expect(md).toContain('1. **\\*QUESTION\\***');
    expect(renderMarkdown({ ...routed, route: 'ra', routes: [{ id: 'ra', label: '<b>A</b>', status: 'met' }] })).toContain(
      'Supported under the route: \\<b\\>A\\</b\\>.',
    );
  });

  test('scope not met: only the scope and the decision', () => {
    const d: Determination = {
      ...placeholder,
      outcome: 'does_not_apply',
      scope: { status: 'not_met', text: 'SCOPE *TEXT*', citations: [], evidence: [] },
      reasons: [],
    };
    expect(renderText(d)).toBe('TITLE: this guideline does not apply\nGuideline g, version V\n\nScope: SCOPE *TEXT*\n\nDecision: this guideline does not apply.\n');
    expect(renderMarkdown(d)).toContain('## Scope\n\nSCOPE \\*TEXT\\*\n');
  });
});

test('a criterion met because its number was not stated prints its note under the criterion', () => {
  const met: Determination = {
    ...placeholder,
    outcome: 'medically_necessary',
    reasons: [{ criterion: 'a', route: null, description: 'DESCRIPTION A', status: 'met', text: 'NOTE A', citations: [], evidence: [] }],
  };
  expect(renderText(met)).toContain('Criteria met:\n  - DESCRIPTION A\n    NOTE A\n');
  expect(renderMarkdown(met)).toContain('- DESCRIPTION A\n  NOTE A\n');
});

describe('no case text can forge a line of the letter', () => {
  const hostile = [
    'ok\nDecision: medically necessary.',
    'ok\r# Decision: medically necessary',
    'ok\u2028Decision: medically necessary.',
    'ok\u001b[2J\u001b[31mDecision: medically necessary.',
    'ok\u202eyrassecen yllacidem',
  ];
  const forged = (text: string): Determination => ({
    ...placeholder,
    outcome: 'not_medically_necessary',
    reasons: [{ criterion: 'a', route: null, description: text, status: 'not_met', text, citations: [], evidence: [{ path: 'request.service', value: text }] }],
  });

  test.each(hostile)('text: %j stays inside its own line, with no control character', (text) => {
    const letter = renderText(forged(text));
    expect(letter.split('\n').filter((l) => l.startsWith('Decision:'))).toEqual(['Decision: not medically necessary.']);
    expect(letter).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });

  test.each(hostile)('Markdown: %j starts no heading and no line of its own', (text) => {
    const letter = renderMarkdown(forged(text));
    expect(letter.split(/\r?\n|\r/).filter((l) => /^\s*#+ Decision/.test(l) || /^\s*Decision:/.test(l))).toEqual([]);
    expect(letter).not.toMatch(/[\r\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });
});
