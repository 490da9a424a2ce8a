/**
 * The seed guideline (cervical facet therapeutic injections, guidelines/odg/neck-and-upper-back/…) written by hand
 * in TypeScript, as a careful engineer would without Rubric: the benchmark's baseline.
 *
 * Same three-valued semantics as the compiled guideline: a criterion is met, not met, not documented (the
 * documentation it needs is not stated: null or left out) or not applicable; same outcome rule (the guideline is
 * "not recommended, criteria if used anyway" and missing documentation counts as not met, so the service is
 * medically necessary only when every criterion is met or not applicable).
 *
 * It checks the types of the fields it reads (what the guideline's case schema checks) and answers `invalid_case`
 * otherwise. Unlike the runtime it does not copy the case, reject non-JSON values elsewhere in it (NaN, Dates,
 * cycles), enforce size limits, or produce reason texts, evidence, citations or field errors: it answers only the
 * outcome and each criterion's status.
 */

export type Status = 'met' | 'not_met' | 'not_documented' | 'not_applicable';
export type Outcome = 'medically_necessary' | 'not_medically_necessary' | 'insufficient_information' | 'invalid_case';

export const CRITERIA = ['facet_pain', 'no_radicular_pain', 'prior_block_success', 'two_levels', 'rehabilitation', 'one_block'] as const;
export type CriterionId = (typeof CRITERIA)[number];

export interface HandDetermination {
  readonly outcome: Outcome;
  /** Null for `invalid_case`. */
  readonly criteria: Readonly<Record<CriterionId, Status>> | null;
}

const INTRA_ARTICULAR = 'facet_intra_articular_block';
const MEDIAL_BRANCH = 'facet_medial_branch_block';

type Rec = Record<string, unknown>;

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNone = (v: unknown): v is null | undefined => v === null || v === undefined;
const DOC_VALUES: ReadonlySet<unknown> = new Set(['present', 'absent', 'not_stated']);
// The case-file schema's patterns (runtime/case-file.schema.json).
const ICD10 = /^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/;
const SPINAL_LEVEL = /^(C[1-7]|T(1[0-2]|[1-9])|L[1-5]|S1)-(C[2-7]|T(1[0-2]|[1-9])|L[1-5]|S1)$/;
const TREATMENT_TYPE = /^[a-z][a-z0-9_]*$/;

/**
 * Of the neck or upper back (guidelines/valuesets/spine.rubric): radiculopathy (M50.1*, M54.10-M54.14), spinal stenosis
 * (M48.00-M48.04), previous fusion (Z98.1, M43.20-M43.24), and each without its site (M54.1). The site is the sixth
 * character: 0 to 4.
 */
function isExcluded(raw: unknown): boolean {
  if (typeof raw !== 'string') return false;
  const code = raw.trim().toUpperCase();
  const site = code.charAt(5);
  const neck = code.length === 5 || (code.length === 6 && site >= '0' && site <= '4');
  return code.startsWith('M50.1') || code === 'Z98.1' || (neck && (code.startsWith('M54.1') || code.startsWith('M48.0') || code.startsWith('M43.2')));
}

/** Met or not applicable: does not stand in the way. */
function passes(s: Status): boolean {
  return s === 'met' || s === 'not_applicable';
}

function documented(v: unknown): Status {
  return v === 'present' ? 'met' : v === 'absent' ? 'not_met' : 'not_documented';
}

/** A percent or week count as the schema allows it; undefined when not stated. */
function validNumber(v: unknown, max: number): boolean {
  return isNone(v) || (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max);
}

/** The type checks the guideline's case schema makes, for the fields this guideline reads. */
function isValid(c: unknown): boolean {
  if (!isObject(c)) return false;
  const request = c['request'];
  if (!isObject(request)) return false;
  const levels = request['levels'];
  if (!isNone(levels)) {
    if (!Array.isArray(levels)) return false;
    // Every entry a spinal level: [null, null, null] is not three levels.
    if (!levels.every((l) => typeof l === 'string' && SPINAL_LEVEL.test(l))) return false;
  }

  const diagnoses = c['diagnoses'];
  if (!isNone(diagnoses)) {
    if (!Array.isArray(diagnoses)) return false;
    for (const d of diagnoses) {
      // Every entry a diagnosis with its code: an entry without one would otherwise "meet" an exclusion.
      if (!isObject(d)) return false;
      if (typeof d['code'] !== 'string' || !ICD10.test(d['code'])) return false;
      if (!isNone(d['system']) && d['system'] !== 'ICD-10-CM') return false;
      if (!isNone(d['text']) && typeof d['text'] !== 'string') return false;
    }
  }

  const documentation = c['documentation'];
  if (!isNone(documentation)) {
    if (!isObject(documentation)) return false;
    const rehab = documentation['formal_rehabilitation_plan'];
    const signs = documentation['facet_joint_pain_signs'];
    if (!isNone(rehab) && !DOC_VALUES.has(rehab)) return false;
    if (!isNone(signs) && !DOC_VALUES.has(signs)) return false;
  }

  const treatments = c['prior_treatments'];
  if (!isNone(treatments)) {
    if (!Array.isArray(treatments)) return false;
    for (const t of treatments) {
      if (!isObject(t)) return false;
      if (typeof t['type'] !== 'string' || !TREATMENT_TYPE.test(t['type'])) return false;
      const response = t['response'];
      if (isNone(response)) continue;
      if (!isObject(response)) return false;
      if (!validNumber(response['initial_relief_percent'], 100)) return false;
      if (!validNumber(response['sustained_relief_percent'], 100)) return false;
      if (!validNumber(response['sustained_relief_weeks'], Infinity)) return false;
    }
  }
  return true;
}

/** ≥ threshold, three-valued: undefined / null is not stated. 1 met, 0 not met, 2 unknown. */
function atLeast(v: unknown, threshold: number): 0 | 1 | 2 {
  return typeof v === 'number' ? (v >= threshold ? 1 : 0) : 2;
}

/** Initial relief ≥ 70% and sustained relief ≥ 50% for ≥ 6 weeks (and3 of the three). */
function blockSucceeded(t: Rec): 0 | 1 | 2 {
  const response = t['response'];
  const r = isObject(response) ? response : undefined;
  const initial = atLeast(r?.['initial_relief_percent'], 70);
  const sustained = atLeast(r?.['sustained_relief_percent'], 50);
  const weeks = atLeast(r?.['sustained_relief_weeks'], 6);
  if (initial === 0 || sustained === 0 || weeks === 0) return 0;
  if (initial === 2 || sustained === 2 || weeks === 2) return 2;
  return 1;
}

export function evaluateHandWritten(c: unknown): HandDetermination {
  if (!isValid(c)) return { outcome: 'invalid_case', criteria: null };
  const data = c as Rec;
  const documentation = isObject(data['documentation']) ? data['documentation'] : undefined;

  // facet_pain, rehabilitation: a documentation item.
  const facetPain = documented(documentation?.['facet_joint_pain_signs']);
  const rehabilitation = documented(documentation?.['formal_rehabilitation_plan']);

  // no_radicular_pain: no radiculopathy, stenosis or fusion diagnosis; not documented without a diagnosis list.
  let noRadicularPain: Status;
  const diagnoses = data['diagnoses'];
  if (!Array.isArray(diagnoses)) noRadicularPain = 'not_documented';
  else {
    noRadicularPain = 'met';
    for (const d of diagnoses) {
      if (isObject(d) && isExcluded(d['code'])) {
        noRadicularPain = 'not_met';
        break;
      }
    }
  }

  // two_levels: at most 2 levels requested; levels not stated do not exceed it (`if not stated met`).
  const levels = (data['request'] as Rec)['levels'];
  const twoLevels: Status = Array.isArray(levels) && levels.length > 2 ? 'not_met' : 'met';

  // prior_block_success and one_block read the prior facet blocks. A treatment whose type is not stated may or may
  // not be a facet block (or an intra-articular one): it decides nothing by itself, but keeps a criterion undecided
  // where it could change the answer.
  let priorBlockSuccess: Status;
  let oneBlock: Status;
  const treatments = data['prior_treatments'];
  if (!Array.isArray(treatments)) {
    priorBlockSuccess = 'not_documented';
    oneBlock = 'met'; // a treatment history not stated shows no prior block (`if not stated met`)
  } else {
    let anyBlock = false;
    let anyUnknownType = false;
    let anyIntraArticular = false;
    let anyFailed = false; // a known block that did not succeed
    let anyUndecided = false; // a block (or possible block) whose success is not decided
    for (const t of treatments) {
      const type = isObject(t) ? t['type'] : undefined;
      if (typeof type !== 'string') {
        anyUnknownType = true;
        // Only matters if it fails or is undecided: then it may be a block that failed.
        if (isObject(t) ? blockSucceeded(t) !== 1 : true) anyUndecided = true;
        continue;
      }
      if (type !== INTRA_ARTICULAR && type !== MEDIAL_BRANCH) continue;
      anyBlock = true;
      if (type === INTRA_ARTICULAR) anyIntraArticular = true;
      const success = blockSucceeded(t as Rec);
      if (success === 0) anyFailed = true;
      else if (success === 2) anyUndecided = true;
    }
    if (!anyBlock) priorBlockSuccess = anyUnknownType ? 'not_documented' : 'not_applicable';
    else priorBlockSuccess = anyFailed ? 'not_met' : anyUndecided ? 'not_documented' : 'met';
    // At most 1 intra-articular block counting this request: none before. Undecided counts as met (`if not stated met`).
    oneBlock = anyIntraArticular ? 'not_met' : 'met';
  }

  const criteria = {
    facet_pain: facetPain,
    no_radicular_pain: noRadicularPain,
    prior_block_success: priorBlockSuccess,
    two_levels: twoLevels,
    rehabilitation,
    one_block: oneBlock,
  };
  // Not recommended, criteria if used anyway; missing documentation counts as not met.
  const decided =
    passes(facetPain) && passes(noRadicularPain) && passes(priorBlockSuccess) && passes(twoLevels) && passes(rehabilitation) && passes(oneBlock);
  return { outcome: decided ? 'medically_necessary' : 'not_medically_necessary', criteria };
}
