/**
 * The seed guideline's six criteria as JsonLogic rules (json-logic-js), the benchmark's peer rules engine.
 *
 * Only JsonLogic's standard operations are used (no custom operations), so the rules are data a JsonLogic engine
 * anywhere could run. How Rubric's semantics are encoded:
 *
 * - Three-valued results: each criterion rule returns its status as a string ("met", "not_met", "not_documented",
 *   "not_applicable") from an `if` chain, instead of a boolean; JsonLogic has no unknown truth value.
 * - Not stated: `{"var": path}` answers null both for a field that is left out and for one that is null, so
 *   `{"==": [{"var": path}, null]}` (loose equality) is the "not stated" test. Comparisons are guarded by it,
 *   because JsonLogic, like JavaScript, reads `null < 70` as `0 < 70`.
 * - Counting levels: JsonLogic has no length operation; `reduce` adds 1 per entry.
 * - ICD-10 codes: M50.1* by `substr` of the first 5 characters, the neck's sites of M54.1-, M48.0-, M43.2- as whole
 *   codes (guidelines/valuesets/spine.rubric). Approximation: JsonLogic cannot trim or
 *   upper-case a code, so " m54.12" would not match here while Rubric normalises it and excludes it (the
 *   generated cases write codes the canonical way, as the case-file schema asks).
 * - Types are not checked: JsonLogic has no type tests, so case data that the runtime reports as `invalid_case`
 *   (wrong types, out-of-range percents) is outside what these rules can decide. Such cases are left out of the
 *   comparison; the rules still run on them in the timing (they do not throw).
 * - The outcome is a second rule over the six statuses.
 */
import jsonLogic, { type RulesLogic } from 'json-logic-js';
import type { CriterionId, Outcome, Status } from './hand-written.js';

const notStated = (path: string): RulesLogic => ({ '==': [{ var: path }, null] });

/** A documentation item: present → met, absent → not met, anything else (not_stated, null, left out) → not documented. */
const documented = (path: string): RulesLogic => ({
  if: [{ '==': [{ var: path }, 'present'] }, 'met', { '==': [{ var: path }, 'absent'] }, 'not_met', 'not_documented'],
});

const code5 = { substr: [{ var: 'code' }, 0, 5] } as unknown as RulesLogic;
/** M54.1-, M48.0- and M43.2- at a site of the neck or upper back (0 to 4) or without a site: whole codes. */
const NECK_SITE_CODES = ['M54.1', 'M48.0', 'M43.2'].flatMap((p) => [p, ...['0', '1', '2', '3', '4'].map((site) => p + site)]);
const excludedCode: RulesLogic = {
  or: [
    { '===': [code5, 'M50.1'] },
    { in: [{ var: 'code' }, NECK_SITE_CODES] },
    { '===': [{ var: 'code' }, 'Z98.1'] },
  ],
};

const isBlock: RulesLogic = { in: [{ var: 'type' }, ['facet_intra_articular_block', 'facet_medial_branch_block']] };
const typeNotStated: RulesLogic = { '==': [{ var: 'type' }, null] };

/** A stated value below the threshold: decides "not met". */
const statedBelow = (path: string, threshold: number): RulesLogic => ({
  and: [{ '!=': [{ var: path }, null] }, { '<': [{ var: path }, threshold] }],
});
/** A stated value at or over the threshold. */
const statedAtLeast = (path: string, threshold: number): RulesLogic => ({
  and: [{ '!=': [{ var: path }, null] }, { '>=': [{ var: path }, threshold] }],
});

const blockFailed: RulesLogic = {
  or: [
    statedBelow('response.initial_relief_percent', 70),
    statedBelow('response.sustained_relief_percent', 50),
    statedBelow('response.sustained_relief_weeks', 6),
  ],
};
const blockSucceeded: RulesLogic = {
  and: [
    statedAtLeast('response.initial_relief_percent', 70),
    statedAtLeast('response.sustained_relief_percent', 50),
    statedAtLeast('response.sustained_relief_weeks', 6),
  ],
};

const treatments = { var: 'prior_treatments' } as const;

/** The six criteria, in the guideline's order; applying the array gives the array of statuses. */
export const CRITERIA_RULES: readonly RulesLogic[] = [
  // facet_pain
  documented('documentation.facet_joint_pain_signs'),
  // no_radicular_pain
  {
    if: [notStated('diagnoses'), 'not_documented', { some: [{ var: 'diagnoses' }, excludedCode] }, 'not_met', 'met'],
  },
  // prior_block_success: when any prior facet block, every one gave ≥70% initial and ≥50% for ≥6 weeks.
  // A treatment of unstated type may be a block: it keeps "when" undecided if no known block exists, and
  // cannot make the criterion not met, only undecided.
  {
    if: [
      { '==': [treatments, null] },
      'not_documented',
      { '!': { some: [treatments, isBlock] } },
      { if: [{ some: [treatments, typeNotStated] }, 'not_documented', 'not_applicable'] },
      { some: [treatments, { and: [isBlock, blockFailed] }] },
      'not_met',
      { some: [treatments, { and: [{ or: [isBlock, typeNotStated] }, { '!': blockSucceeded }] }] },
      'not_documented',
      'met',
    ],
  } as unknown as RulesLogic,
  // two_levels (levels not stated do not exceed it: `if not stated met`)
  {
    if: [
      notStated('request.levels'),
      'met',
      { '<=': [{ reduce: [{ var: 'request.levels' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, 2] },
      'met',
      'not_met',
    ],
  },
  // rehabilitation
  documented('documentation.formal_rehabilitation_plan'),
  // one_block: at most 1 intra-articular block counting this request, so none before; undecided counts as met
  // (`if not stated met`: a treatment history not stated shows no prior block).
  {
    if: [
      { '==': [treatments, null] },
      'met',
      { some: [treatments, { '===': [{ var: 'type' }, 'facet_intra_articular_block'] }] },
      'not_met',
      'met',
    ],
  } as unknown as RulesLogic,
];

/** Not recommended, criteria if used anyway; missing documentation counts as not met. Data: `{ s: statuses }`. */
export const OUTCOME_RULE: RulesLogic = {
  if: [
    { or: [{ in: ['not_met', { var: 's' }] }, { in: ['not_documented', { var: 's' }] }] },
    'not_medically_necessary',
    'medically_necessary',
  ],
};

const CRITERIA_ARRAY = CRITERIA_RULES as unknown as RulesLogic;

export interface JsonLogicDetermination {
  readonly outcome: Exclude<Outcome, 'invalid_case'>;
  readonly statuses: readonly Status[];
}

export function evaluateJsonLogic(caseData: unknown): JsonLogicDetermination {
  const statuses = jsonLogic.apply(CRITERIA_ARRAY, caseData) as unknown as Status[];
  const outcome = jsonLogic.apply(OUTCOME_RULE, { s: statuses }) as JsonLogicDetermination['outcome'];
  return { outcome, statuses };
}

export type { CriterionId };
