import { describe, expect, test } from 'vitest';
import type { CompiledGuideline, CriterionResult, CriterionStatus, GuidelineMeta, MissingDocumentationPolicy, RecommendationStatus, ScopeResult } from './contract.js';
import { decide, determineChecked, invalidCase } from './determination.js';

function meta(
  status: RecommendationStatus = 'recommended',
  criteriaIfUsedAnyway = false,
  missingDocumentation: MissingDocumentationPolicy = 'insufficient_information',
): GuidelineMeta {
  return {
    id: 'g',
    title: 'A service',
    version: '1',
    edition: null,
    jurisdiction: null,
    service: { label: null, codes: [], region: null },
    recommendation: { status, criteriaIfUsedAnyway, citations: ['s1'] },
    missingDocumentation,
    sources: [
      { id: 's1', citation: 'Source one, page 1', document: null, chapter: null, section: null, page: '1', quote: 'Quoted text.' },
      { id: 's2', citation: 'Source two', document: null, chapter: null, section: null, page: null, quote: null },
    ],
    criteria: [
      { id: 'a', description: 'Criterion A.', citations: ['s1'], route: null },
      { id: 'b', description: null, citations: ['s2'], route: null },
    ],
    routes: [],
  };
}
const statuses = (...s: CriterionStatus[]) => s.map((status) => ({ status }));

describe('decide: the outcome rules', () => {
  test.each<[string, GuidelineMeta, CriterionStatus[], string]>([
    ['all met', meta(), ['met', 'met'], 'medically_necessary'],
    ['met and not applicable', meta(), ['met', 'not_applicable'], 'medically_necessary'],
    ['no criteria at all', meta(), [], 'medically_necessary'],
    ['one not met', meta(), ['met', 'not_met'], 'not_medically_necessary'],
    ['not met outweighs not documented', meta(), ['not_documented', 'not_met'], 'not_medically_necessary'],
    ['not documented, policy insufficient information', meta('recommended', false, 'insufficient_information'), ['met', 'not_documented'], 'insufficient_information'],
    ['not documented, policy counts as not met', meta('recommended', false, 'not_met'), ['met', 'not_documented'], 'not_medically_necessary'],
    ['conditionally recommended, all met', meta('conditionally_recommended'), ['met'], 'medically_necessary'],
    ['not recommended, criteria if used anyway, all met', meta('not_recommended', true), ['met', 'met'], 'medically_necessary'],
    ['not recommended, criteria if used anyway, one not met', meta('not_recommended', true), ['not_met', 'met'], 'not_medically_necessary'],
    ['not recommended without criteria, all met', meta('not_recommended', false), ['met', 'met'], 'not_medically_necessary'],
    ['not recommended without criteria, not documented', meta('not_recommended', false), ['not_documented'], 'not_medically_necessary'],
  ])('%s → %s', (_name, m, s, outcome) => {
    expect(decide(m, statuses(...s))).toBe(outcome);
  });
});

function guideline(m: GuidelineMeta): CompiledGuideline {
  return {
    meta: m,
    caseSchema: { type: 'object' },
    requirements: [
      { path: 'documentation.first', label: 'first document', kind: 'documented', unit: null },
      { path: 'documentation.second', label: 'second document', kind: 'documented', unit: null },
    ],
    evaluate: () => [],
    applies: () => ({ status: 'met', text: '', citations: [], evidence: [], missing: [] }),
  };
}
const result = (criterion: string, status: CriterionStatus, missing: string[] = [], citations = ['s1']): CriterionResult => ({
  criterion,
  status,
  text: `${criterion} is ${status}`,
  citations,
  evidence: [{ path: 'documentation.first', value: null }],
  missing,
});

/** The scope of a guideline without `applies when`: met, nothing else. */
const APPLIES: ScopeResult = { status: 'met', text: '', citations: [], evidence: [], missing: [] };
/** `determineChecked` with a scope met unless one is given. */
const checked = (g: CompiledGuideline, results: unknown, scope: ScopeResult = APPLIES) => determineChecked(g, results, scope);

describe('determineChecked: building the Determination', () => {
  test('resolves citation ids to the sources, with their texts', () => {
    const d = checked(guideline(meta()), [result('a', 'met'), result('b', 'met', [], ['s2'])]);
    expect(d.ok && d.value.recommendation.citations.map((c) => c.citation)).toEqual(['Source one, page 1']);
    expect(d.ok && d.value.reasons.map((r) => [r.criterion, r.description, r.citations.map((c) => c.id)])).toEqual([
      ['a', 'Criterion A.', ['s1']],
      ['b', null, ['s2']],
    ]);
  });

  test('lists missing documents of not-documented criteria, in requirement order, once each', () => {
    const d = checked(guideline(meta()), [
      result('a', 'not_documented', ['documentation.second', 'documentation.first']),
      result('b', 'not_documented', ['documentation.second']),
    ]);
    expect(d.ok && d.value.outcome).toBe('insufficient_information');
    expect(d.ok && d.value.missing).toEqual([
      { path: 'documentation.first', label: 'first document' },
      { path: 'documentation.second', label: 'second document' },
    ]);
  });

  test('lists a missing path the requirements do not list after them, labelled by its path, once', () => {
    const d = checked(guideline(meta()), [
      result('a', 'not_documented', ['elsewhere.x', 'documentation.second']),
      result('b', 'not_documented', ['elsewhere.x', 'documentation.first']),
    ]);
    expect(d.ok && d.value.missing).toEqual([
      { path: 'documentation.first', label: 'first document' },
      { path: 'documentation.second', label: 'second document' },
      { path: 'elsewhere.x', label: 'elsewhere.x' },
    ]);
  });

  test('lists missing documents in requirement order in a guideline of many requirements (past 31 places too)', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ path: `documentation.d${i}`, label: `document ${i}`, kind: 'documented' as const, unit: null }));
    const g = { ...guideline(meta()), requirements: many };
    const named = [39, 3, 31, 30, 0, 35, 3, 39];
    const d = checked(g, [
      result('a', 'not_documented', named.slice(0, 4).map((i) => `documentation.d${i}`)),
      result('b', 'not_documented', named.slice(4).map((i) => `documentation.d${i}`)),
    ]);
    expect(d.ok && d.value.missing.map((m) => m.label)).toEqual([0, 3, 30, 31, 35, 39].map((i) => `document ${i}`));
  });

  test('results out of the criteria’s order are refused as malformed (the first one not in its place named), not found by id', () => {
    const d = checked(guideline(routed()), [result('c', 'met'), result('a', 'met', [], ['s2']), result('b', 'not_met')]);
    expect(d).toEqual({ ok: false, error: { malformed: true, message: 'result 1 should be for criterion "a"' } });
  });

  test('each call’s citations are those its results cite, when a criterion’s (frozen) ids change between calls', () => {
    const g = guideline(routed());
    const s1 = Object.freeze(['s1']);
    const s2 = Object.freeze(['s2']);
    for (const ids of [s2, s1, s2, s2]) {
      const d = checked(g, [{ ...result('a', 'met'), citations: ids }, result('b', 'not_met'), result('c', 'met')]);
      expect(d.ok && d.value.reasons.map((r) => [r.criterion, r.route, r.description, r.citations.map((c) => c.id)])).toEqual([
        ['a', 'ra', 'Criterion A.', [...ids]],
        ['b', 'rb', null, ['s1']],
        ['c', null, null, ['s1']],
      ]);
    }
  });

  test('ids and paths made at run time (not interned) compare as the same text as the metadata’s', () => {
    const made = (...parts: string[]) => parts.join('');
    const m = meta();
    const g = { ...guideline({ ...m, criteria: m.criteria.map((c) => ({ ...c, id: made(c.id, '_id') })) }), requirements: guideline(m).requirements.map((r) => ({ ...r, path: made(r.path) })) };
    const d = checked(g, [result(made('a', '_id'), 'not_documented', [made('documentation.', 'second')]), result(made('b_', 'id'), 'met')]);
    expect(d.ok && [d.value.reasons.map((r) => r.criterion), d.value.missing]).toEqual([['a_id', 'b_id'], [{ path: 'documentation.second', label: 'second document' }]]);
  });

  test('lists no missing documents when the recommendation alone decides', () => {
    const d = checked(guideline(meta('not_recommended', false)), [result('a', 'not_documented', ['documentation.first']), result('b', 'met')]);
    expect(d.ok && [d.value.outcome, d.value.missing]).toEqual(['not_medically_necessary', []]);
  });

  test('refuses a result citing a source the guideline does not list', () => {
    const d = checked(guideline(meta()), [result('a', 'met', [], ['nowhere']), result('b', 'met')]);
    expect(d).toEqual({ ok: false, error: { malformed: false, message: 'Guideline "g" cites source "nowhere", which it does not list.' } });
  });

  test('an invalid case carries the field errors and nothing else', () => {
    const d = invalidCase(meta(), [{ path: '/request/levels', message: 'must be a list, not the number 3' }]);
    expect(d).toMatchObject({ outcome: 'invalid_case', reasons: [], missing: [], errors: [{ path: '/request/levels' }] });
    expect(d.recommendation.citations.map((c) => c.id)).toEqual(['s1']);
  });
});

/** Criterion `c` applies on every route; `a` is in route `ra`, `b` in route `rb`. */
function routed(missingDocumentation: MissingDocumentationPolicy = 'insufficient_information'): GuidelineMeta {
  const m = meta('recommended', false, missingDocumentation);
  return {
    ...m,
    criteria: [
      { id: 'a', description: 'Criterion A.', citations: ['s1'], route: 'ra' },
      { id: 'b', description: null, citations: ['s2'], route: 'rb' },
      { id: 'c', description: null, citations: ['s1'], route: null },
    ],
    routes: [
      { id: 'ra', label: 'route A' },
      { id: 'rb', label: 'route B' },
    ],
  };
}

describe('decide: routes, judgement and scope', () => {
  test.each<[string, GuidelineMeta, CriterionStatus[], string]>([
    ['route A met, route B not met', routed(), ['met', 'not_met', 'met'], 'medically_necessary'],
    ['route A not applicable counts as met', routed(), ['not_applicable', 'not_met', 'met'], 'medically_necessary'],
    ['both routes not met', routed(), ['not_met', 'not_met', 'met'], 'not_medically_necessary'],
    ['a common criterion not met, a route met', routed(), ['met', 'not_met', 'not_met'], 'not_medically_necessary'],
    ['one route not met, the other not documented: the policy', routed(), ['not_met', 'not_documented', 'met'], 'insufficient_information'],
    ['… and counted as not met', routed('not_met'), ['not_met', 'not_documented', 'met'], 'not_medically_necessary'],
    ['one route needing judgement, none met', routed(), ['needs_judgement', 'not_documented', 'met'], 'refer_for_physician_review'],
    ['a route met outweighs judgement in another', routed(), ['needs_judgement', 'met', 'met'], 'medically_necessary'],
    ['judgement, nothing not met', meta(), ['needs_judgement', 'met'], 'refer_for_physician_review'],
    ['judgement outweighs not documented', meta(), ['needs_judgement', 'not_documented'], 'refer_for_physician_review'],
    ['not met outweighs judgement', meta(), ['needs_judgement', 'not_met'], 'not_medically_necessary'],
  ])('%s → %s', (_name, m, s, outcome) => {
    expect(decide(m, statuses(...s))).toBe(outcome);
  });

  test('a route listed twice counts the criteria of its id both times', () => {
    const m = routed();
    const twice = { ...m, routes: [...m.routes, { id: 'ra', label: 'route A again' }] };
    expect(decide(twice, statuses('not_met', 'not_met', 'met'))).toBe('not_medically_necessary');
    const d = checked(guideline(twice), [result('a', 'not_met'), result('b', 'not_documented', ['documentation.second']), result('c', 'met')]);
    expect(d.ok && d.value.routes.map((r) => r.status)).toEqual(['not_met', 'not_documented', 'not_met']);
  });

  test('scope not met: the guideline does not apply, whatever the criteria and the recommendation', () => {
    expect(decide(meta('not_recommended', false), statuses('met'), 'not_met')).toBe('does_not_apply');
    expect(decide(meta(), statuses('met', 'met'), 'not_documented')).toBe('medically_necessary');
  });
});

describe('determineChecked: routes and scope', () => {
  test('says the route met and each route’s status; other routes’ missing documents are not needed', () => {
    const d = checked(guideline(routed()), [result('a', 'met'), result('b', 'not_documented', ['documentation.second'], ['s2']), result('c', 'met')]);
    expect(d.ok && d.value).toMatchObject({
      outcome: 'medically_necessary',
      route: 'ra',
      routes: [
        { id: 'ra', label: 'route A', status: 'met' },
        { id: 'rb', label: 'route B', status: 'not_documented' },
      ],
      missing: [],
    });
    expect(d.ok && d.value.reasons.map((r) => r.route)).toEqual(['ra', 'rb', null]);
  });

  test('scope not met: no reasons, no missing documents, the scope’s text and citations', () => {
    const d = checked(guideline(meta()), [], { status: 'not_met', text: 'Out of scope.', citations: ['s2'], evidence: [], missing: ['documentation.first'] });
    expect(d.ok && d.value).toMatchObject({ outcome: 'does_not_apply', reasons: [], missing: [], scope: { status: 'not_met', text: 'Out of scope.' } });
    expect(d.ok && d.value.scope.citations.map((c) => c.id)).toEqual(['s2']);
  });

  test('scope not documented: evaluated, and what the scope needs is among the documents needed', () => {
    const d = checked(guideline(meta()), [result('a', 'met'), result('b', 'met')], {
      status: 'not_documented',
      text: 'Not confirmed.',
      citations: [],
      evidence: [],
      missing: ['documentation.second'],
    });
    expect(d.ok && [d.value.outcome, d.value.scope.status, d.value.missing.map((m) => m.path)]).toEqual(['medically_necessary', 'not_documented', ['documentation.second']]);
  });
});
