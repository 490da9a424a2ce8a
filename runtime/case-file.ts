/**
 * The general utilization-review case file, as TypeScript types. `case-file.schema.json` is the normative
 * description (every field is documented there); these types mirror it for services written in TypeScript.
 *
 * Every field may be left out or set to null: both mean "not stated". Unknown fields are allowed.
 * Guidelines bind to these names through their fact paths (`request.levels`, `documentation.<item>`, …).
 */

/** Tri-state documentation: "absent" means the records were reviewed and do not show it; null means not stated. */
export type Documented = 'present' | 'absent' | 'not_stated';

/** YYYY-MM-DD. */
export type IsoDate = string;

/** A spinal motion segment: "C3-C4", "C7-T1", "L5-S1". */
export type SpinalLevel = string;

/** A spinal nerve root, named by one vertebra: "C6", "L4", "S1". */
export type NerveRoot = string;

export type Laterality = 'left' | 'right' | 'bilateral';

type Stated<T> = T | null | undefined;

/** A requested number given as a range, "4-8 visits": `{ min: 4, max: 8 }`, min at most max. */
export interface RequestedRange {
  readonly min: number;
  readonly max: number;
}

export interface CaseFile {
  readonly case_id?: Stated<string>;
  readonly patient?: Stated<Patient>;
  readonly diagnoses?: Stated<readonly Diagnosis[]>;
  readonly request?: Stated<ServiceRequest>;
  /** Several requested items, each shaped like `request`; give either `request` or `requests`, not both. */
  readonly requests?: Stated<readonly ServiceRequest[]>;
  readonly prior_treatments?: Stated<readonly PriorTreatment[]>;
  readonly findings?: Stated<Findings>;
  /** The surgery the request follows, for post-operative treatment. */
  readonly postoperative?: Stated<Postoperative>;
  /** The span of conservative care for the condition under review. */
  readonly conservative_care?: Stated<ConservativeCare>;
  readonly documentation?: Stated<DocumentationItems>;
  readonly [field: string]: unknown;
}

export interface Patient {
  /** Whole years at the date of the request. */
  readonly age?: Stated<number>;
  readonly sex?: Stated<'female' | 'male' | 'other' | 'unknown'>;
  readonly date_of_injury?: Stated<IsoDate>;
}

export interface Diagnosis {
  /** ICD-10-CM with its dot: "M54.12". */
  readonly code: string;
  readonly system?: Stated<'ICD-10-CM'>;
  readonly text?: Stated<string>;
}

export interface ProcedureCode {
  readonly system: 'CPT' | 'HCPCS';
  readonly code: string;
}

export interface ServiceRequest {
  readonly service?: Stated<string>;
  readonly codes?: Stated<readonly ProcedureCode[]>;
  /** The main body region treated. */
  readonly body_region?: Stated<string>;
  /** Every body region the request treats, when it covers several (`body_region` stays the main one). */
  readonly body_regions?: Stated<readonly string[]>;
  /** Motion segments, one entry per level. */
  readonly levels?: Stated<readonly SpinalLevel[]>;
  /** Nerve roots, one entry per root (for example a transforaminal injection at L4 and L5). */
  readonly nerve_roots?: Stated<readonly NerveRoot[]>;
  readonly laterality?: Stated<Laterality>;
  readonly sessions?: Stated<number | RequestedRange>;
  readonly visits?: Stated<number | RequestedRange>;
  readonly quantity?: Stated<number | RequestedRange>;
  readonly frequency_per_week?: Stated<number | RequestedRange>;
  readonly duration_weeks?: Stated<number | RequestedRange>;
  readonly duration_days?: Stated<number | RequestedRange>;
  /** Equipment: rented (a trial) or bought. */
  readonly purchase_or_rental?: Stated<'rental' | 'purchase'>;
  /** A medication's formulation. */
  readonly formulation?: Stated<'short_acting' | 'long_acting'>;
  /** A compounded medication's drugs. */
  readonly ingredients?: Stated<readonly Ingredient[]>;
  readonly date_requested?: Stated<IsoDate>;
  /** What utilization review already authorized; the request's own numbers are then the disputed remainder. */
  readonly certified?: Stated<Certified>;
}

/** The part of a request utilization review already authorized. */
export interface Certified {
  readonly visits?: Stated<number>;
  readonly sessions?: Stated<number>;
  readonly quantity?: Stated<number>;
  readonly levels?: Stated<readonly SpinalLevel[]>;
}

/** How extensive a procedure was (MTUS Opioids Treatment Guidelines 1.4). */
export type ProcedureExtent = 'less_extensive' | 'more_extensive';

export interface Postoperative {
  /** The procedure in the records' words. */
  readonly procedure?: Stated<string>;
  /** Date of the surgery; post-operative periods count from it. */
  readonly date?: Stated<IsoDate>;
  readonly extent?: Stated<ProcedureExtent>;
}

export interface ConservativeCare {
  readonly start_date?: Stated<IsoDate>;
  /** Not stated while the care is ongoing. */
  readonly end_date?: Stated<IsoDate>;
}

export interface Ingredient {
  /** Generic name, lower case: "cyclobenzaprine". */
  readonly name?: Stated<string>;
  readonly strength?: Stated<string>;
}

/** Known kinds; any other snake_case word is accepted. */
export type TreatmentType =
  | 'physical_therapy'
  | 'chiropractic'
  | 'manual_therapy'
  | 'acupuncture'
  | 'epidural_steroid_injection'
  | 'facet_intra_articular_block'
  | 'facet_medial_branch_block'
  | 'radiofrequency_neurotomy'
  | 'surgery'
  | 'medication'
  | 'opioid'
  | 'tens'
  | (string & {});

export interface PriorTreatment {
  readonly type: TreatmentType;
  readonly date?: Stated<IsoDate>;
  readonly levels?: Stated<readonly SpinalLevel[]>;
  readonly sessions?: Stated<number>;
  readonly duration_weeks?: Stated<number>;
  readonly duration_days?: Stated<number>;
  readonly body_region?: Stated<string>;
  readonly text?: Stated<string>;
  readonly response?: Stated<TreatmentResponse>;
}

export interface TreatmentResponse {
  /** Percent, 0-100. */
  readonly initial_relief_percent?: Stated<number>;
  /** Percent, 0-100. */
  readonly sustained_relief_percent?: Stated<number>;
  readonly sustained_relief_weeks?: Stated<number>;
  readonly functional_improvement?: Stated<Documented>;
}

export interface Findings {
  readonly exam?: Stated<readonly ExamFinding[]>;
  readonly imaging?: Stated<readonly ImagingStudy[]>;
}

export interface ExamFinding {
  /** One snake_case word: decreased_sensation, decreased_reflex, motor_weakness, knee_flexion, … */
  readonly finding?: Stated<string>;
  /** Range of motion, for a finding naming a motion. */
  readonly degrees?: Stated<number>;
  readonly location?: Stated<string>;
  readonly laterality?: Stated<Laterality>;
  readonly text?: Stated<string>;
}

export interface ImagingStudy {
  readonly modality?: Stated<string>;
  readonly body_region?: Stated<string>;
  readonly date?: Stated<IsoDate>;
  readonly text?: Stated<string>;
}

export interface DocumentationItems {
  readonly formal_rehabilitation_plan?: Stated<Documented>;
  readonly facet_joint_pain_signs?: Stated<Documented>;
  readonly functional_improvement?: Stated<Documented>;
  readonly home_exercise_program?: Stated<Documented>;
  readonly conservative_care?: Stated<Documented>;
  readonly conservative_treatment_failed?: Stated<Documented>;
  readonly severe_acute_injury?: Stated<Documented>;
  readonly willing_to_consider_surgery?: Stated<Documented>;
  readonly treatment_goals?: Stated<Documented>;
  readonly [item: string]: Stated<Documented>;
}
