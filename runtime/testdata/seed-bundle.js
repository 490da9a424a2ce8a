// A hand-written stand-in for what `rubric compile` emits for
// guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric, so the runtime can be tested
// before the compiler lands. Its default export is a CompiledBundle (runtime/contract.ts). Self-contained, as an
// esbuild bundle is: it imports nothing. Clinical text is copied from the .rubric file.

const DOCUMENTED = { enum: ['present', 'absent', 'not_stated', null] };
const PERCENT = { type: ['number', 'null'], minimum: 0, maximum: 100 };

const caseSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    diagnoses: {
      type: ['array', 'null'],
      items: { type: 'object', properties: { code: { type: 'string' }, text: { type: ['string', 'null'] } }, required: ['code'] },
    },
    request: { type: ['object', 'null'], properties: { levels: { type: ['array', 'null'], items: { type: 'string' } } } },
    documentation: {
      type: ['object', 'null'],
      properties: { facet_joint_pain_signs: DOCUMENTED, formal_rehabilitation_plan: DOCUMENTED },
    },
    prior_treatments: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          response: {
            type: ['object', 'null'],
            properties: {
              initial_relief_percent: PERCENT,
              sustained_relief_percent: PERCENT,
              sustained_relief_weeks: { type: ['number', 'null'], minimum: 0 },
            },
          },
        },
        required: ['type'],
      },
    },
  },
};

const meta = {
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
      id: 'acoem_ch8',
      citation: 'MTUS ACOEM Chapter 8, Neck and Upper Back Complaints, page 181',
      document: 'MTUS ACOEM Practice Guidelines, 2nd edition (2004)',
      chapter: '8. Neck and Upper Back Complaints',
      section: null,
      page: '181',
      quote: 'Facet injection of corticosteroids is not recommended for evaluating and managing neck and upper back complaints.',
    },
    {
      id: 'odg_facet',
      citation: 'ODG Neck and Upper Back, Facet Joint Therapeutic Steroid Injections',
      document: 'Official Disability Guidelines (ODG), Neck and Upper Back',
      chapter: null,
      section: 'Facet joint therapeutic steroid injections',
      page: null,
      quote: 'While not recommended, criteria for use of therapeutic intra-articular and medial branch blocks, if used anyway.',
    },
  ],
  criteria: [
    { id: 'facet_pain', description: 'Clinical presentation should be consistent with facet joint pain, signs and symptoms.', citations: ['odg_facet'] },
    { id: 'no_radicular_pain', description: '1. There should be no evidence of radicular pain, spinal stenosis, or previous fusion.', citations: ['odg_facet'] },
    {
      id: 'prior_block_success',
      description:
        '2. If successful (initial pain relief of 70%, plus pain relief of at least 50% for a duration of at least 6 weeks), proceed to a medial branch diagnostic block and subsequent neurotomy.',
      citations: ['odg_facet'],
    },
    { id: 'two_levels', description: '3. When performing therapeutic blocks, no more than 2 levels may be blocked at any one time.', citations: ['odg_facet'] },
    { id: 'rehabilitation', description: '5. There should be evidence of a formal plan of rehabilitation in addition to facet joint injection therapy.', citations: ['odg_facet'] },
    { id: 'one_block', description: '6. No more than one therapeutic intra-articular block is recommended.', citations: ['odg_facet'] },
  ],
};

const requirements = [
  { path: 'diagnoses', label: 'diagnoses', kind: 'codes', unit: null },
  { path: 'request.levels', label: 'levels requested', kind: 'count', unit: null },
  { path: 'documentation.facet_joint_pain_signs', label: 'clinical presentation consistent with facet joint pain', kind: 'documented', unit: null },
  { path: 'documentation.formal_rehabilitation_plan', label: 'formal plan of rehabilitation', kind: 'documented', unit: null },
  { path: 'prior_treatments', label: 'prior therapeutic facet blocks', kind: 'records', unit: null },
  { path: 'prior_treatments[].type', label: 'type of block', kind: 'text', unit: null },
  { path: 'prior_treatments[].response.initial_relief_percent', label: 'initial pain relief', kind: 'number', unit: 'percent' },
  { path: 'prior_treatments[].response.sustained_relief_percent', label: 'sustained pain relief', kind: 'number', unit: 'percent' },
  { path: 'prior_treatments[].response.sustained_relief_weeks', label: 'duration of sustained relief', kind: 'number', unit: 'weeks' },
];

const VALUE_SETS = [
  { label: 'radiculopathy', codes: [], prefixes: ['M50.1', 'M54.1'] },
  { label: 'spinal stenosis', codes: [], prefixes: ['M48.0'] },
  { label: 'previous spinal fusion', codes: ['Z98.1'], prefixes: ['M43.2'] },
];
const FACET_BLOCKS = ['facet_intra_articular_block', 'facet_medial_branch_block'];

const description = (id) => meta.criteria.find((c) => c.id === id).description;
const result = (criterion, status, text, evidence = [], missing = []) => ({ criterion, status, text: text ?? description(criterion), citations: ['odg_facet'], evidence, missing });
const documented = (value) => (value === 'present' ? 'met' : value === 'absent' ? 'not_met' : 'not_documented');

function evaluate(data) {
  const documentation = data.documentation ?? {};
  const out = [];

  const facet = documentation.facet_joint_pain_signs;
  const facetStatus = documented(facet);
  out.push(
    result(
      'facet_pain',
      facetStatus,
      facetStatus === 'met' ? null : 'The documentation does not show a clinical presentation consistent with facet joint pain, signs and symptoms.',
      [{ path: 'documentation.facet_joint_pain_signs', value: facet ?? null }],
      facetStatus === 'not_documented' ? ['documentation.facet_joint_pain_signs'] : [],
    ),
  );

  if (data.diagnoses === undefined) {
    out.push(result('no_radicular_pain', 'not_documented', 'The injured worker has been diagnosed with {matched}, which is an exclusion criterion for this procedure.', [], ['diagnoses']));
  } else {
    const matched = [];
    data.diagnoses.forEach((d, i) => {
      const code = d.code.toUpperCase();
      if (VALUE_SETS.some((s) => s.codes.includes(code) || s.prefixes.some((p) => code.startsWith(p)))) matched.push({ i, d });
    });
    out.push(
      matched.length > 0
        ? result(
            'no_radicular_pain',
            'not_met',
            `The injured worker has been diagnosed with ${matched.map(({ d }) => `${d.text ?? d.code} (${d.code})`).join(', ')}, which is an exclusion criterion for this procedure.`,
            matched.map(({ i, d }) => ({ path: `diagnoses[${i}].code`, value: d.code })),
          )
        : result('no_radicular_pain', 'met', null),
    );
  }

  const treatments = data.prior_treatments;
  const blocks = treatments === undefined ? undefined : treatments.map((t, i) => ({ t, i })).filter(({ t }) => FACET_BLOCKS.includes(t.type));
  if (blocks === undefined) {
    out.push(result('prior_block_success', 'not_documented', 'The prior facet block did not give initial pain relief of 70% plus pain relief of at least 50% for at least 6 weeks.', [], ['prior_treatments']));
  } else if (blocks.length === 0) {
    out.push(result('prior_block_success', 'not_applicable', null, [{ path: 'prior_treatments', value: 0 }]));
  } else {
    let status = 'met';
    const missing = [];
    for (const { t } of blocks) {
      const r = t.response ?? {};
      const parts = [r.initial_relief_percent, r.sustained_relief_percent, r.sustained_relief_weeks];
      if (parts.some((p) => p === undefined)) {
        if (status === 'met') status = 'not_documented';
        missing.push('prior_treatments[].response.initial_relief_percent', 'prior_treatments[].response.sustained_relief_percent', 'prior_treatments[].response.sustained_relief_weeks');
      } else if (!(parts[0] >= 70 && parts[1] >= 50 && parts[2] >= 6)) status = 'not_met';
    }
    out.push(
      result(
        'prior_block_success',
        status,
        status === 'met' ? null : 'The prior facet block did not give initial pain relief of 70% plus pain relief of at least 50% for at least 6 weeks.',
        blocks.map(({ i }) => ({ path: `prior_treatments[${i}].response`, value: null })),
        status === 'not_documented' ? [...new Set(missing)] : [],
      ),
    );
  }

  const levels = data.request?.levels;
  if (levels === undefined) {
    out.push(result('two_levels', 'not_documented', 'The request is for {requested_levels} levels to be blocked; no more than 2 levels may be blocked at any one time.', [], ['request.levels']));
  } else {
    out.push(
      levels.length <= 2
        ? result('two_levels', 'met', null, [{ path: 'request.levels', value: levels.length }])
        : result('two_levels', 'not_met', `The request is for ${levels.length} levels to be blocked; no more than 2 levels may be blocked at any one time.`, [
            { path: 'request.levels', value: levels.length },
          ]),
    );
  }

  const plan = documentation.formal_rehabilitation_plan;
  const planStatus = documented(plan);
  out.push(
    result(
      'rehabilitation',
      planStatus,
      planStatus === 'met' ? null : 'There is no evidence of a formal plan of rehabilitation included in the documentation.',
      [{ path: 'documentation.formal_rehabilitation_plan', value: plan ?? null }],
      planStatus === 'not_documented' ? ['documentation.formal_rehabilitation_plan'] : [],
    ),
  );

  if (blocks === undefined) {
    out.push(result('one_block', 'not_documented', 'No more than one therapeutic intra-articular block is recommended; this request would exceed that.', [], ['prior_treatments']));
  } else {
    const count = blocks.filter(({ t }) => t.type === 'facet_intra_articular_block').length + 1;
    out.push(
      count <= 1
        ? result('one_block', 'met', null, [{ path: 'prior_treatments', value: count - 1 }])
        : result('one_block', 'not_met', 'No more than one therapeutic intra-articular block is recommended; this request would exceed that.', [
            { path: 'prior_treatments', value: count - 1 },
          ]),
    );
  }
  return out;
}

export default {
  format: 1,
  guidelines: { [meta.id]: { meta, caseSchema, requirements, evaluate } },
};
