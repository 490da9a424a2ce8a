/**
 * The contract between a compiled bundle and the runtime. The compiler writes, per guideline, a script of its code
 * (`guidelines/<id>.js`, which hands a `GuidelineCode` to the one name it is given, `define`) and its case schema
 * (`schemas/<id>.schema.json`), and every guideline's metadata in one file (`guidelines.json`, a `GuidelineData` per
 * id); the runtime verifies every file's hash, reads the metadata at load, compiles a guideline's code (and parses
 * its schema) the first time it is used, and turns
 * `evaluate()` results into a `Determination` (see determination.ts). A `CompiledBundle` is those parts put together
 * in memory (and what tests build by hand).
 *
 * Everything here is plain data or a pure function: no clinical facts, no I/O.
 */

/** Bump when the shape below changes; the runtime refuses bundles of another format. */
export const BUNDLE_FORMAT = 4;

export interface CompiledBundle {
  readonly format: typeof BUNDLE_FORMAT;
  /** Guidelines by id. */
  readonly guidelines: Readonly<Record<string, CompiledGuideline>>;
}

export type RecommendationStatus = 'recommended' | 'conditionally_recommended' | 'not_recommended';
export type MissingDocumentationPolicy = 'not_met' | 'insufficient_information';
/** `needs_judgement`: a `judgement` criterion that applies; the physician reviewer answers its question. */
export type CriterionStatus = 'met' | 'not_met' | 'not_documented' | 'not_applicable' | 'needs_judgement';
/** Whether a case is one the guideline covers (`applies when`); a guideline without it covers every case. */
export type ScopeStatus = 'met' | 'not_met' | 'not_documented';

export interface Citation {
  readonly id: string;
  /** As a determination prints it: "MTUS ACOEM Chapter 8, Neck and Upper Back Complaints, page 181". */
  readonly citation: string;
  readonly document: string | null;
  readonly chapter: string | null;
  readonly section: string | null;
  readonly page: string | null;
  readonly quote: string | null;
}

export interface GuidelineMeta {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly edition: string | null;
  readonly jurisdiction: string | null;
  readonly service: {
    readonly label: string | null;
    readonly codes: readonly { readonly system: 'icd10' | 'cpt' | 'hcpcs'; readonly code: string }[];
    readonly region: string | null;
  };
  readonly recommendation: {
    readonly status: RecommendationStatus;
    readonly criteriaIfUsedAnyway: boolean;
    /** Source ids. */
    readonly citations: readonly string[];
  };
  readonly missingDocumentation: MissingDocumentationPolicy;
  /** Every source the guideline lists, in declaration order. */
  readonly sources: readonly Citation[];
  /** Criteria ids and descriptions in declaration order (what `evaluate` reports on); `route` null: on every route. */
  readonly criteria: readonly {
    readonly id: string;
    readonly description: string | null;
    readonly citations: readonly string[];
    readonly route: string | null;
  }[];
  /** The guideline's routes in declaration order (empty when it has none): at least one must be met. */
  readonly routes: readonly { readonly id: string; readonly label: string }[];
}

/** One document a requester must send: a fact the guideline reads, with its case-file path. */
export interface DataRequirement {
  /** Dotted case-file path, `[]` marking a list: `prior_treatments[].response.initial_relief_percent`. */
  readonly path: string;
  readonly label: string;
  readonly kind: 'documented' | 'number' | 'count' | 'codes' | 'text' | 'date' | 'records';
  readonly unit: string | null;
}

/** A case value that decided a criterion. */
export interface Evidence {
  /** Concrete case-file path: `request.levels`, `prior_treatments[2].response.initial_relief_percent`. */
  readonly path: string;
  /** The value read (a count for `count` facts; `undefined` is reported as null: not stated). */
  readonly value: unknown;
}

/** What compiled code reports for one criterion; the runtime adds citation texts and the outcome. */
export interface CriterionResult {
  readonly criterion: string;
  readonly status: CriterionStatus;
  /** The guideline's reason with case values interpolated (for met / not applicable: the description). */
  readonly text: string;
  /** Source ids. */
  readonly citations: readonly string[];
  readonly evidence: readonly Evidence[];
  /** Requirement paths (as in `DataRequirement.path`) that were not stated and kept this criterion undecided. */
  readonly missing: readonly string[];
}

/** What compiled code reports for the guideline's scope (`applies when`), before any criterion is evaluated. */
export interface ScopeResult {
  readonly status: ScopeStatus;
  /** Not met: the reason the case is outside the guideline; not documented: its missing wording; met: "". */
  readonly text: string;
  /** Source ids. */
  readonly citations: readonly string[];
  readonly evidence: readonly Evidence[];
  /** Requirement paths not stated that left the scope undecided (only when not documented). */
  readonly missing: readonly string[];
}

/** A field the case data states wrongly: a JSON Pointer into the case (`/request/levels/0`) and what is wrong in plain words. */
export interface CaseFieldError {
  readonly path: string;
  readonly message: string;
}

/** What compiled case reading returns: the data the guideline evaluates (only what it reads, frozen), or field errors. */
export type CaseCheck = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: readonly CaseFieldError[] };

/** A guideline's entry in `guidelines.json` (format 4): what the runtime knows of it without compiling its code. */
export interface GuidelineData {
  readonly meta: GuidelineMeta;
  readonly requirements: readonly DataRequirement[];
}

/**
 * What a guideline's script (`guidelines/<id>.js`, format 4) hands to `define`, once: its compiled entry points.
 * The script is esbuild's output for the emitted module with the runtime helpers it uses inlined; it is compiled
 * with node:vm from the verified bytes, as a function whose one parameter is `define` (no `require`, no `import`).
 */
export interface GuidelineCode {
  readonly check: (caseData: unknown) => CaseCheck;
  readonly evaluate: (caseData: unknown) => readonly CriterionResult[];
  readonly applies: (caseData: unknown) => ScopeResult;
}

export interface CompiledGuideline extends GuidelineData {
  /** JSON Schema (draft-07) of the case data this guideline reads (`schemas/<id>.schema.json`). Unknown properties are allowed. */
  readonly caseSchema: Readonly<Record<string, unknown>>;
  /**
   * Compiled case reading (format 3): walks the caller's object once, reading each value once, holds it to the JSON
   * rules and size limits of a case file and to `caseSchema` (the same answer and field errors as copying the case
   * and checking it with ajv), and returns the data to evaluate. Never throws. A guideline object made by hand (not
   * by the compiler) may leave it out: the runtime then copies the case and checks it against `caseSchema` with ajv.
   */
  readonly check?: (caseData: unknown) => CaseCheck;
  /**
   * Evaluate every criterion, in declaration order. Pure and synchronous. The runtime calls it only with
   * case data that passed `check` (or `caseSchema`); it must still never throw on absent values (absent = not stated).
   */
  readonly evaluate: (caseData: unknown) => readonly CriterionResult[];
  /** Whether the guideline covers the case (`applies when`). Pure, synchronous, called before `evaluate`. */
  readonly applies: (caseData: unknown) => ScopeResult;
}

/**
 * `manifest.json`, written beside the bundle by `rubric compile`:
 *
 *   out/manifest.json                      this manifest, canonical JSON (sorted keys, 2-space indent, final newline)
 *   out/guidelines.json                    every guideline's metadata and data requirements: { [id]: GuidelineData }
 *   out/guidelines/<guideline id>.js       each guideline's code: a script that calls `define(GuidelineCode)` once
 *   out/schemas/<guideline id>.schema.json each guideline's case-data JSON Schema (canonical JSON)
 *
 * `digest` is the sha256 of the canonical JSON of the manifest without `digest`, so a changed byte anywhere in
 * the manifest is detected; `files` lists every other file with its sha256. The runtime verifies all of them at
 * load, before any code runs, keeps the bytes it verified and compiles exactly those (never the file again).
 */
export interface Manifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly compiler: { readonly name: 'rubric'; readonly version: string };
  readonly esbuild: { readonly version: string };
  /** Source files compiled, as paths relative to the project root with `/` separators, sorted. */
  readonly sources: readonly { readonly path: string; readonly sha256: string }[];
  /** Output files relative to the manifest's folder, sorted by path: `guidelines.json` and every file the guidelines below name. */
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
  readonly guidelines: readonly ManifestGuideline[];
  readonly digest: string;
}

/** A guideline in the manifest: its id and version, and the files of its own (each listed in `files`). */
export interface ManifestGuideline {
  readonly id: string;
  readonly version: string;
  /** `guidelines/<id>.js`: its code. */
  readonly code: string;
  /** `schemas/<id>.schema.json`: its case schema. */
  readonly schema: string;
}
