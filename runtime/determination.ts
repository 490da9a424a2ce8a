/**
 * The Determination: what the runtime answers for one case and one guideline, and the rules that turn criterion
 * results into an outcome. Pure data and pure functions; every clinical word in it comes from the bundle.
 */
import type {
  Citation,
  CompiledGuideline,
  CriterionResult,
  CriterionStatus,
  Evidence,
  GuidelineMeta,
  MissingDocumentationPolicy,
  RecommendationStatus,
} from './contract.js';
import type { FieldError } from './json-data.js';
import { err, ok, type Result } from './result.js';

export type Outcome =
  | 'medically_necessary'
  | 'not_medically_necessary'
  | 'insufficient_information'
  | 'invalid_case'
  /** The case is outside the guideline's scope (its `applies when` clauses): this guideline does not decide it. */
  | 'does_not_apply';

export interface Determination {
  readonly guideline: { readonly id: string; readonly version: string; readonly title: string };
  readonly outcome: Outcome;
  readonly recommendation: {
    readonly status: RecommendationStatus;
    readonly criteriaIfUsedAnyway: boolean;
    readonly citations: readonly Citation[];
  };
  /** How the guideline treats criteria that are not documented (decides the outcome when no criterion is not met). */
  readonly missingDocumentation: MissingDocumentationPolicy;
  /** One per criterion, in the guideline's order (empty for `invalid_case`). */
  readonly reasons: readonly Reason[];
  /**
   * Documentation that was not stated and kept criteria undecided (`not_documented`), in the order the guideline
   * lists its requirements. Sending it can change the outcome only when no criterion is `not_met`. Empty when the
   * recommendation alone decides (not recommended, no criteria for use anyway) and for `invalid_case`.
   */
  readonly missing: readonly MissingDocument[];
  /** Why the case data could not be evaluated; only for `invalid_case`. */
  readonly errors: readonly FieldError[];
}

export interface Reason {
  readonly criterion: string;
  /** The guideline's statement of the criterion. */
  readonly description: string | null;
  readonly status: CriterionStatus;
  /** The guideline's reason text with case values filled in (the description for met / not applicable). */
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly evidence: readonly Evidence[];
}

export interface MissingDocument {
  /** Case-file path, as in `DataRequirement.path`. */
  readonly path: string;
  readonly label: string;
}

/**
 * The outcome rules:
 * - a `not_recommended` guideline without criteria for use anyway → not medically necessary, whatever the criteria say;
 * - any criterion not met → not medically necessary;
 * - else any criterion not documented → as the guideline's missing-documentation policy says
 *   (`not_met` → not medically necessary; `insufficient_information` → insufficient information);
 * - else → medically necessary.
 */
export function decide(meta: GuidelineMeta, results: readonly { readonly status: CriterionStatus }[]): Exclude<Outcome, 'invalid_case'> {
  if (recommendationDecides(meta)) return 'not_medically_necessary';
  if (results.some((r) => r.status === 'not_met')) return 'not_medically_necessary';
  if (results.some((r) => r.status === 'not_documented')) {
    return meta.missingDocumentation === 'not_met' ? 'not_medically_necessary' : 'insufficient_information';
  }
  return 'medically_necessary';
}

/** True when the recommendation alone makes the service not medically necessary. */
export function recommendationDecides(meta: GuidelineMeta): boolean {
  return meta.recommendation.status === 'not_recommended' && !meta.recommendation.criteriaIfUsedAnyway;
}

/**
 * Build the Determination from well-formed criterion results (see `checkResults` in evaluate.ts).
 * Fails when a result cites a source the guideline does not list: a bundle defect, not a case problem.
 */
export function determine(guideline: CompiledGuideline, results: readonly CriterionResult[]): Result<Determination, string> {
  const { meta } = guideline;
  const { sources, descriptions, recommendationCitations } = lookupsOf(meta);
  if (typeof recommendationCitations === 'string') return err(unknownSource(meta.id, recommendationCitations));

  const reasons: Reason[] = [];
  for (const result of results) {
    const citations = cite(sources, result.citations);
    if (typeof citations === 'string') return err(unknownSource(meta.id, citations));
    reasons.push({
      criterion: result.criterion,
      description: descriptions.get(result.criterion) ?? null,
      status: result.status,
      text: result.text,
      citations,
      evidence: result.evidence,
    });
  }

  return ok({
    guideline: guidelineHeader(meta),
    outcome: decide(meta, results),
    recommendation: recommendationOf(meta, recommendationCitations),
    missingDocumentation: meta.missingDocumentation,
    reasons,
    missing: recommendationDecides(meta) ? [] : missingDocuments(guideline, results),
    errors: [],
  });
}

interface Lookups {
  readonly sources: ReadonlyMap<string, Citation>;
  readonly descriptions: ReadonlyMap<string, string | null>;
  /** The recommendation's citations, or the id of a source the guideline does not list. */
  readonly recommendationCitations: readonly Citation[] | string;
}

/** Per guideline, built on first use: the lookups every determination needs, not rebuilt per case. */
const lookups = new WeakMap<GuidelineMeta, Lookups>();

function lookupsOf(meta: GuidelineMeta): Lookups {
  let found = lookups.get(meta);
  if (found === undefined) {
    const sources = new Map(meta.sources.map((s) => [s.id, s]));
    found = {
      sources,
      descriptions: new Map(meta.criteria.map((c) => [c.id, c.description])),
      recommendationCitations: frozen(cite(sources, meta.recommendation.citations)),
    };
    lookups.set(meta, found);
  }
  return found;
}

const frozen = <T>(value: T): T => (typeof value === 'object' && value !== null ? Object.freeze(value) : value);

/** The citations for source ids, or the first id the guideline does not list. */
function cite(sources: ReadonlyMap<string, Citation>, ids: readonly string[]): Citation[] | string {
  const out: Citation[] = [];
  for (const id of ids) {
    const source = sources.get(id);
    if (source === undefined) return id;
    out.push(source);
  }
  return out;
}

/** The Determination for case data that failed validation. */
export function invalidCase(meta: GuidelineMeta, errors: readonly FieldError[]): Determination {
  const sources = new Map(meta.sources.map((s) => [s.id, s]));
  const citations = meta.recommendation.citations.flatMap((id) => sources.get(id) ?? []);
  return {
    guideline: guidelineHeader(meta),
    outcome: 'invalid_case',
    recommendation: recommendationOf(meta, citations),
    missingDocumentation: meta.missingDocumentation,
    reasons: [],
    missing: [],
    errors,
  };
}

function missingDocuments(guideline: CompiledGuideline, results: readonly CriterionResult[]): MissingDocument[] {
  const named = new Set(results.filter((r) => r.status === 'not_documented').flatMap((r) => r.missing));
  const out: MissingDocument[] = [];
  for (const requirement of guideline.requirements) {
    if (named.delete(requirement.path)) out.push({ path: requirement.path, label: requirement.label });
  }
  // Paths the requirements do not list (a bundle inconsistency) are still reported, labelled by their path.
  for (const path of named) out.push({ path, label: path });
  return out;
}

function guidelineHeader(meta: GuidelineMeta): Determination['guideline'] {
  return { id: meta.id, version: meta.version, title: meta.title };
}

function recommendationOf(meta: GuidelineMeta, citations: readonly Citation[]): Determination['recommendation'] {
  return { status: meta.recommendation.status, criteriaIfUsedAnyway: meta.recommendation.criteriaIfUsedAnyway, citations };
}

function unknownSource(guideline: string, id: string): string {
  return `Guideline "${guideline}" cites source "${id}", which it does not list.`;
}
