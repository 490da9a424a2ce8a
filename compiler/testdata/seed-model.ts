/**
 * A hand-written checked `Model` equal to what the checker builds from the seed guideline
 * (guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric with the spine value sets),
 * so the compiler can be tested before (and independently of) the language front end.
 */
import type { CheckedFact, CheckedGuideline, CheckedValueSet, Model, Template } from '../../language/model.js';

export const SEED_URI = 'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric';
export const SPINE_URI = 'guidelines/valuesets/spine.rubric';

const at = { uri: SEED_URI, span: { start: 0, end: 0 } };

export const text = (s: string): Template => ({ parts: [{ kind: 'text', text: s }] });

export function fact(id: string, label: string, kind: CheckedFact['kind'], path: string, more: Partial<CheckedFact> = {}): CheckedFact {
  return { ...at, id, label, kind, path: path.split('.'), unit: null, system: null, lasting: null, fields: [], where: null, total: null, to: null, fromPick: null, toPick: null, ...more };
}

export function valueSet(id: string, label: string, codes: string[]): CheckedValueSet {
  return {
    uri: SPINE_URI,
    span: { start: 0, end: 0 },
    id,
    label,
    system: 'icd10',
    codes: codes.filter((c) => !c.endsWith('*')),
    prefixes: codes.filter((c) => c.endsWith('*')).map((c) => c.slice(0, -1)),
  };
}

const priorFacetBlocks = fact('prior_facet_blocks', 'prior therapeutic facet blocks', 'records', 'prior_treatments', {
  where: {
    kind: 'is',
    fact: { scope: 'record', id: 'type' },
    values: ['facet_intra_articular_block', 'facet_medial_branch_block'],
    negated: false,
  },
  fields: [
    fact('type', 'type of block', 'text', 'type'),
    fact('initial_relief', 'initial pain relief', 'number', 'response.initial_relief_percent', { unit: 'percent' }),
    fact('sustained_relief', 'sustained pain relief', 'number', 'response.sustained_relief_percent', {
      unit: 'percent',
      lasting: 'sustained_weeks',
    }),
    fact('sustained_weeks', 'duration of sustained relief', 'number', 'response.sustained_relief_weeks', { unit: 'weeks' }),
  ],
});

export const seedGuideline: CheckedGuideline = {
  ...at,
  id: 'cervical_facet_therapeutic_injection',
  title: 'Cervical facet joint therapeutic steroid injections',
  version: '2014.1',
  edition: 'MTUS ACOEM 2nd ed. (2004) Chapter 8; ODG Neck and Upper Back (2014)',
  jurisdiction: "California workers' compensation (MTUS)",
  service: {
    label: 'Facet joint injection, cervical',
    codes: [
      { system: 'cpt', code: '64490' },
      { system: 'cpt', code: '64491' },
      { system: 'cpt', code: '64492' },
    ],
    region: 'cervical',
  },
  recommendation: { status: 'not_recommended', criteriaIfUsedAnyway: true, citations: ['acoem_ch8', 'odg_facet'] },
  missingDocumentation: 'not_met',
  sources: [
    {
      ...at,
      id: 'acoem_ch8',
      citation: 'MTUS ACOEM Chapter 8, Neck and Upper Back Complaints, page 181',
      document: 'MTUS ACOEM Practice Guidelines, 2nd edition (2004)',
      chapter: '8. Neck and Upper Back Complaints',
      section: null,
      page: '181',
      quote: 'Facet injection of corticosteroids is not recommended for evaluating and managing neck and upper back complaints.',
    },
    {
      ...at,
      id: 'odg_facet',
      citation: 'ODG Neck and Upper Back, Facet Joint Therapeutic Steroid Injections',
      document: 'Official Disability Guidelines (ODG), Neck and Upper Back',
      chapter: null,
      section: 'Facet joint therapeutic steroid injections',
      page: null,
      quote: 'While not recommended, criteria for use of therapeutic intra-articular and medial branch blocks, if used anyway.',
    },
  ],
  scope: [],
  routes: [],
  facts: [
    fact('diagnoses', 'diagnoses', 'codes', 'diagnoses', { system: 'icd10' }),
    fact('requested_levels', 'levels requested', 'count', 'request.levels', { unit: 'levels' }),
    fact('facet_pain_presentation', 'clinical presentation consistent with facet joint pain', 'documented', 'documentation.facet_joint_pain_signs'),
    fact('rehabilitation_plan', 'formal plan of rehabilitation', 'documented', 'documentation.formal_rehabilitation_plan'),
    priorFacetBlocks,
  ],
  criteria: [
    {
      ...at,
      id: 'facet_pain',
      description: 'Clinical presentation should be consistent with facet joint pain, signs and symptoms.',
      test: { kind: 'require', condition: { kind: 'documented', fact: { scope: 'case', id: 'facet_pain_presentation' } } },
      when: null,
      citations: ['odg_facet'],
      reason: text('The documentation does not show a clinical presentation consistent with facet joint pain, signs and symptoms.'),
      missingReason: text('The documentation does not show a clinical presentation consistent with facet joint pain, signs and symptoms.'),
      ifNotStated: null,
      route: null,
    },
    {
      ...at,
      id: 'no_radicular_pain',
      description: '1. There should be no evidence of radicular pain, spinal stenosis, or previous fusion.',
      test: {
        kind: 'exclude',
        conditions: [
          { kind: 'value_set', valueSet: 'radiculopathy', codesFact: 'diagnoses' },
          { kind: 'value_set', valueSet: 'spinal_stenosis', codesFact: 'diagnoses' },
          { kind: 'value_set', valueSet: 'previous_fusion', codesFact: 'diagnoses' },
        ],
      },
      when: null,
      citations: ['odg_facet'],
      reason: {
        parts: [
          { kind: 'text', text: 'The injured worker has been diagnosed with ' },
          { kind: 'matched' },
          { kind: 'text', text: ', which is an exclusion criterion for this procedure.' },
        ],
      },
      missingReason: text('The diagnoses are not documented, so radicular pain, spinal stenosis and previous fusion cannot be ruled out.'),
      ifNotStated: null,
      route: null,
    },
    {
      ...at,
      id: 'prior_block_success',
      description:
        '2. If successful (initial pain relief of 70%, plus pain relief of at least 50% for a duration of at least 6 weeks), proceed to a medial branch diagnostic block and subsequent neurotomy.',
      when: { kind: 'count', records: 'prior_facet_blocks', where: null, operator: '>=', count: 1, countingThisRequest: false },
      test: {
        kind: 'require',
        condition: {
          kind: 'every',
          records: 'prior_facet_blocks',
          where: null,
          has: {
            kind: 'and',
            operands: [
              { kind: 'compare', plus: [], ends: [null], fact: { scope: 'record', id: 'initial_relief' }, operator: '>=', value: 70, duration: null },
              {
                kind: 'compare',
                plus: [],
                ends: [null],
                fact: { scope: 'record', id: 'sustained_relief' },
                operator: '>=',
                value: 50,
                duration: { fact: { scope: 'record', id: 'sustained_weeks' }, operator: '>=', value: 6 },
              },
            ],
          },
        },
      },
      citations: ['odg_facet'],
      reason: text(
        'The prior facet block did not give initial pain relief of 70% plus pain relief of at least 50% for at least 6 weeks.',
      ),
      missingReason: text('The pain relief after the prior facet block (initial, and sustained with its duration) is not documented.'),
      ifNotStated: null,
      route: null,
    },
    {
      ...at,
      id: 'two_levels',
      description: '3. When performing therapeutic blocks, no more than 2 levels may be blocked at any one time.',
      test: {
        kind: 'require',
        condition: { kind: 'compare', plus: [], ends: [null], fact: { scope: 'case', id: 'requested_levels' }, operator: '<=', value: 2, duration: null },
      },
      when: null,
      citations: ['odg_facet'],
      reason: {
        parts: [
          { kind: 'text', text: 'The request is for ' },
          { kind: 'fact', fact: 'requested_levels' },
          { kind: 'text', text: ' levels to be blocked; no more than 2 levels may be blocked at any one time.' },
        ],
      },
      missingReason: null,
      ifNotStated: { counts: 'met', note: text('The levels to be blocked are not stated in the request; no more than 2 levels may be blocked at any one time.') },
      route: null,
    },
    {
      ...at,
      id: 'rehabilitation',
      description: '5. There should be evidence of a formal plan of rehabilitation in addition to facet joint injection therapy.',
      test: { kind: 'require', condition: { kind: 'documented', fact: { scope: 'case', id: 'rehabilitation_plan' } } },
      when: null,
      citations: ['odg_facet'],
      reason: text('There is no evidence of a formal plan of rehabilitation included in the documentation.'),
      missingReason: text('There is no evidence of a formal plan of rehabilitation included in the documentation.'),
      ifNotStated: null,
      route: null,
    },
    {
      ...at,
      id: 'one_block',
      description: '6. No more than one therapeutic intra-articular block is recommended.',
      test: {
        kind: 'require',
        condition: {
          kind: 'count',
          records: 'prior_facet_blocks',
          where: { kind: 'is', fact: { scope: 'record', id: 'type' }, values: ['facet_intra_articular_block'], negated: false },
          operator: '<=',
          count: 1,
          countingThisRequest: true,
        },
      },
      when: null,
      citations: ['odg_facet'],
      reason: text('No more than one therapeutic intra-articular block is recommended; this request would exceed that.'),
      missingReason: null,
      ifNotStated: {
        counts: 'met',
        note: text('The treatment to date is not stated, so no prior therapeutic intra-articular block is documented; this request is counted as the first.'),
      },
      route: null,
    },
  ],
  valueSets: [
    valueSet('radiculopathy', 'radiculopathy of the neck or upper back', ['M50.1*', 'M54.1', 'M54.10', 'M54.11', 'M54.12', 'M54.13', 'M54.14']),
    valueSet('spinal_stenosis', 'spinal stenosis of the neck or upper back', ['M48.0', 'M48.00', 'M48.01', 'M48.02', 'M48.03', 'M48.04']),
    valueSet('previous_fusion', 'previous spinal fusion of the neck or upper back', ['Z98.1', 'M43.2', 'M43.20', 'M43.21', 'M43.22', 'M43.23', 'M43.24']),
  ],
};

export const seedModel: Model = { guidelines: [seedGuideline] };

/** The seed case of the brief: 54F, cervical radiculopathy, three levels requested, no facet blocks before. */
export const seedCase = {
  patient: { age: 54, sex: 'female' },
  diagnoses: [
    { code: 'M54.12', text: 'Cervical radiculopathy' },
    { code: 'M54.2', text: 'Cervicalgia (cervical spine pain)' },
  ],
  request: { service: 'Cervical facet injections bilateral C3-4, 4-5, 5-6', levels: ['C3-C4', 'C4-C5', 'C5-C6'] },
  prior_treatments: [
    { type: 'physical_therapy', response: null },
    { type: 'epidural_steroid_injection', response: null },
  ],
  documentation: { formal_rehabilitation_plan: 'not_stated' },
};
