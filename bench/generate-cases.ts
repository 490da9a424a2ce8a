/**
 * Seed-like utilization-review case files for the evaluate() benchmark and the evaluator agreement test.
 *
 * Deterministic: a mulberry32 PRNG with a fixed seed, so every run (and every machine) sees the same cases.
 * Each case looks like examples/seed/case.json: a patient, 1–4 diagnoses (radiculopathy, stenosis, fusion, neck
 * pain and other cervical codes), a request for 1–4 cervical levels, 0–5 prior treatments (facet intra-articular
 * and medial branch blocks with relief percent and weeks among them), findings and documentation items that are
 * present / absent / not_stated. Then about 12.5% of all fields (object properties at every depth, the `request`
 * object itself excepted) are removed or set to null, and about 2% of cases get one value of the wrong type or out
 * of range, which the runtime must report as `invalid_case`.
 */

/** The classic 32-bit PRNG: small, fast, good enough for test data. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_SEED = 0x5eed_2014;
/** Share of object properties removed or set to null. */
export const MISSING_RATE = 0.125;
/** Share of cases given one wrong-typed or out-of-range value. */
export const INVALID_RATE = 0.02;

export interface GeneratedCase {
  readonly data: Record<string, unknown>;
  /** True when the generator broke the case on purpose (a wrong type or an out-of-range value). */
  readonly invalid: boolean;
  /** What was broken, for printing a disagreement. */
  readonly breakage: string | null;
}

export interface GeneratedCases {
  readonly cases: readonly GeneratedCase[];
  readonly stats: {
    readonly cases: number;
    readonly invalid: number;
    /** Object properties generated, and how many of them were removed or set to null. */
    readonly fields: number;
    readonly missingFields: number;
  };
}

// Diagnoses: the exclusions (of the neck or upper back: radiculopathy M50.1* / M54.10-M54.14, stenosis M48.00-M48.04,
// fusion Z98.1 / M43.20-M43.24) and codes that look close but are not excluded (M50.2x, Z98.890, M48.9x, M43.6x, and
// the same conditions of the low back, M54.16, M48.062, M43.26), as a reviewer sees them.
const EXCLUDED_DIAGNOSES = [
  { code: 'M54.12', text: 'cervical radiculopathy' },
  { code: 'M50.12', text: 'cervical disc disorder with radiculopathy, mid-cervical region' },
  { code: 'M50.121', text: 'cervical disc disorder at C4-C5 level with radiculopathy' },
  { code: 'M54.11', text: 'radiculopathy, occipito-atlanto-axial region' },
  { code: 'M48.02', text: 'spinal stenosis, cervical region' },
  { code: 'M48.01', text: 'spinal stenosis, occipito-atlanto-axial region' },
  { code: 'Z98.1', text: 'arthrodesis status (previous fusion)' },
  { code: 'M43.22', text: 'fusion of spine, cervical region' },
] as const;
const OTHER_DIAGNOSES = [
  { code: 'M54.2', text: 'neck pain (cervicalgia)' },
  { code: 'M47.812', text: 'spondylosis without myelopathy or radiculopathy, cervical region' },
  { code: 'M50.22', text: 'other cervical disc displacement, mid-cervical region' },
  { code: 'M53.82', text: 'other specified dorsopathies, cervical region' },
  { code: 'S13.4XXA', text: 'sprain of ligaments of cervical spine, initial encounter' },
  { code: 'Z98.890', text: 'other specified postprocedural states' },
  { code: 'M48.9', text: 'spondylopathy, unspecified' },
  { code: 'M43.6', text: 'torticollis' },
  { code: 'G89.29', text: 'other chronic pain' },
  { code: 'M54.16', text: 'radiculopathy, lumbar region' },
  { code: 'M48.062', text: 'spinal stenosis, lumbar region with neurogenic claudication' },
  { code: 'M43.26', text: 'fusion of spine, lumbar region' },
] as const;

const CERVICAL_LEVELS = ['C2-C3', 'C3-C4', 'C4-C5', 'C5-C6', 'C6-C7', 'C7-T1'] as const;
const BLOCKS = ['facet_intra_articular_block', 'facet_medial_branch_block'] as const;
const OTHER_TREATMENTS = [
  'physical_therapy',
  'chiropractic',
  'epidural_steroid_injection',
  'surgery',
  'medication',
  'acupuncture',
  'tens',
  'radiofrequency_neurotomy',
] as const;
const DOCUMENTED = ['present', 'absent', 'not_stated'] as const;
// Values around the guideline's thresholds (initial 70%, sustained 50% for 6 weeks).
const INITIAL_RELIEF = [30, 50, 65, 69, 69.5, 70, 75, 80, 90, 100] as const;
const SUSTAINED_RELIEF = [20, 40, 49, 50, 55, 60, 70, 80] as const;
const SUSTAINED_WEEKS = [1, 2, 4, 5, 5.9, 6, 8, 12, 26] as const;

/** The fields every entry of these lists must have (runtime/case-file.schema.json `required`). */
const KEY_FIELDS: Readonly<Record<string, readonly string[]>> = { diagnoses: ['code'], prior_treatments: ['type'], codes: ['system', 'code'] };

export function generateCases(count: number, seed: number = DEFAULT_SEED): GeneratedCases {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number): boolean => random() < p;

  const cases: GeneratedCase[] = [];
  let fields = 0;
  let missingFields = 0;
  let invalid = 0;

  /**
   * Remove or null each property with probability MISSING_RATE, recursing into what stays. The key field of a list
   * entry (a diagnosis's code, a treatment's type: what the case-file schema requires of every entry) stays: an
   * entry without it is malformed, not "not stated" (see breakCase).
   */
  const dropFields = (value: unknown, isRoot: boolean, keep: readonly string[] = []): void => {
    if (Array.isArray(value)) {
      for (const item of value) dropFields(item, false, keep);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (isRoot && (key === 'case_id' || key === 'request')) {
        // The case id is not a field a guideline reads, and a case file without its request is not a request for
        // review (the guideline's schema requires it): both stay, their contents do not.
        dropFields(record[key], false);
        continue;
      }
      if (keep.includes(key)) continue;
      if (Array.isArray(record[key]) && KEY_FIELDS[key] !== undefined) {
        fields++;
        if (chance(MISSING_RATE)) {
          missingFields++;
          if (chance(0.5)) delete record[key];
          else record[key] = null;
        } else dropFields(record[key], false, KEY_FIELDS[key]);
        continue;
      }
      fields++;
      if (chance(MISSING_RATE)) {
        missingFields++;
        if (chance(0.5)) delete record[key];
        else record[key] = null;
      } else {
        dropFields(record[key], false);
      }
    }
  };

  for (let i = 0; i < count; i++) {
    const excluded = chance(0.4);
    const diagnosisCount = int(1, 4);
    const diagnoses: Record<string, unknown>[] = [];
    for (let d = 0; d < diagnosisCount; d++) {
      const dx = d === 0 && excluded ? pick(EXCLUDED_DIAGNOSES) : chance(0.1) ? pick(EXCLUDED_DIAGNOSES) : pick(OTHER_DIAGNOSES);
      diagnoses.push({ code: dx.code, system: 'ICD-10-CM', text: dx.text });
    }

    const levelCount = int(1, 4);
    const firstLevel = int(0, CERVICAL_LEVELS.length - levelCount);
    const levels = CERVICAL_LEVELS.slice(firstLevel, firstLevel + levelCount);
    const codes = [{ system: 'CPT', code: '64490' }];
    if (levelCount >= 2) codes.push({ system: 'CPT', code: '64491' });
    if (levelCount >= 3) codes.push({ system: 'CPT', code: '64492' });

    const treatmentCount = int(0, 5);
    const priorTreatments: Record<string, unknown>[] = [];
    for (let t = 0; t < treatmentCount; t++) {
      if (chance(0.45)) {
        const type = pick(BLOCKS);
        priorTreatments.push({
          type,
          date: `20${int(10, 14)}-0${int(1, 9)}-1${int(0, 9)}`,
          levels: levels.slice(0, int(1, levels.length)),
          text: type === 'facet_intra_articular_block' ? 'Cervical facet intra-articular injection' : 'Cervical medial branch block',
          response: {
            initial_relief_percent: pick(INITIAL_RELIEF),
            sustained_relief_percent: pick(SUSTAINED_RELIEF),
            sustained_relief_weeks: pick(SUSTAINED_WEEKS),
            functional_improvement: pick(DOCUMENTED),
          },
        });
      } else {
        const type = pick(OTHER_TREATMENTS);
        priorTreatments.push({
          type,
          text: type.replace(/_/g, ' '),
          sessions: chance(0.5) ? int(1, 24) : null,
          response: chance(0.5) ? null : { functional_improvement: pick(DOCUMENTED) },
        });
      }
    }

    const data: Record<string, unknown> = {
      case_id: `generated-${seed.toString(16)}-${i}`,
      patient: { age: int(22, 70), sex: pick(['female', 'male'] as const), date_of_injury: `20${int(0, 13).toString().padStart(2, '0')}-1${int(0, 2)}-2${int(0, 8)}` },
      diagnoses,
      request: {
        service: `Cervical facet injections ${levels.join(', ')}`,
        codes,
        body_region: 'cervical',
        levels,
        laterality: pick(['left', 'right', 'bilateral'] as const),
        sessions: null,
        date_requested: `2014-0${int(1, 9)}-1${int(0, 9)}`,
      },
      prior_treatments: priorTreatments,
      findings: {
        exam: chance(0.5)
          ? [{ finding: 'facet_tenderness', location: levels[0], laterality: 'bilateral', text: 'Tenderness over the cervical facets.' }]
          : [{ finding: 'decreased_pinprick', location: 'C5-C7', laterality: 'bilateral', text: 'Decreased pinprick, C5-C7.' }],
        imaging: [{ modality: 'MRI', body_region: 'cervical', date: null, text: '2-3 mm protrusion at C5-C6.' }],
      },
      documentation: {
        formal_rehabilitation_plan: pick(DOCUMENTED),
        facet_joint_pain_signs: pick(DOCUMENTED),
        home_exercise_program: pick(DOCUMENTED),
      },
    };

    dropFields(data, true);

    let breakage: string | null = null;
    if (chance(INVALID_RATE)) {
      breakage = breakCase(data, pick, int);
      invalid++;
    }
    cases.push({ data, invalid: breakage !== null, breakage });
  }

  return { cases, stats: { cases: count, invalid, fields, missingFields } };
}

/** Give the case one value the guideline's case schema rejects; returns what was done. */
function breakCase(
  data: Record<string, unknown>,
  pick: <T>(items: readonly T[]) => T,
  int: (lo: number, hi: number) => number,
): string {
  const request = data['request'] as Record<string, unknown>;
  const treatments = Array.isArray(data['prior_treatments']) ? (data['prior_treatments'] as Record<string, unknown>[]) : [];
  const responses = treatments.flatMap((t) => (t['response'] !== null && typeof t['response'] === 'object' ? [t['response'] as Record<string, unknown>] : []));
  const documentation = data['documentation'] !== null && typeof data['documentation'] === 'object' ? (data['documentation'] as Record<string, unknown>) : null;

  const ways: (() => string)[] = [
    () => ((request['levels'] = 'C3-C4, C4-C5'), 'request.levels is text, not a list'),
    () => ((request['levels'] = 3), 'request.levels is a number, not a list'),
    () => ((data['diagnoses'] = 'M54.2'), 'diagnoses is text, not a list'),
    () => ((data['prior_treatments'] = { type: 'facet_intra_articular_block' }), 'prior_treatments is an object, not a list'),
    () => ((data['documentation'] = 'present'), 'documentation is text, not an object'),
  ];
  if (documentation !== null) {
    ways.push(() => ((documentation['formal_rehabilitation_plan'] = 'yes'), 'documentation.formal_rehabilitation_plan is "yes"'));
    ways.push(() => ((documentation['facet_joint_pain_signs'] = true), 'documentation.facet_joint_pain_signs is true'));
  }
  if (responses.length > 0) {
    const response = pick(responses);
    ways.push(() => ((response['initial_relief_percent'] = '80%'), 'a response.initial_relief_percent is text ("80%")'));
    ways.push(() => ((response['sustained_relief_percent'] = 150), 'a response.sustained_relief_percent is 150 (over 100)'));
    ways.push(() => ((response['sustained_relief_weeks'] = -2), 'a response.sustained_relief_weeks is -2'));
  }
  const diagnoses = Array.isArray(data['diagnoses']) ? (data['diagnoses'] as unknown[]) : [];
  if (diagnoses.length > 0) {
    // Malformed entries: never "not stated", never a value that decides (an exclusion met by an entry without a code).
    const i = int(0, diagnoses.length - 1);
    ways.push(() => ((diagnoses[i] = null), 'a diagnoses entry is null'));
    ways.push(() => ((diagnoses[i] = { text: 'cervical radiculopathy' }), 'a diagnoses entry has no code'));
    ways.push(() => ((diagnoses[i] = { code: '', text: 'cervical radiculopathy' }), 'a diagnoses entry has an empty code'));
  }
  const levels = Array.isArray(request['levels']) ? (request['levels'] as unknown[]) : [];
  if (levels.length > 0) ways.push(() => ((levels[int(0, levels.length - 1)] = null), 'a request.levels entry is null'));
  if (treatments.length > 0) {
    ways.push(() => ((treatments[int(0, treatments.length - 1)] = null as unknown as Record<string, unknown>), 'a prior_treatments entry is null'));
    const treatment = pick(treatments);
    ways.push(() => (delete treatment['type'], 'a prior_treatments entry has no type'));
    ways.push(() => ((treatment['type'] = 7), 'a prior_treatments[].type is a number'));
    ways.push(() => ((treatment['response'] = 'good'), 'a prior_treatments[].response is text'));
  }
  return ways[int(0, ways.length - 1)]!();
}
