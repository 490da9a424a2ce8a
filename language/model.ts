/**
 * The checked model: what a guideline means, with every name resolved and every number normalised.
 * Built by `check.ts` only from documents without errors; the compiler reads nothing else.
 * Spans are kept so later phases can point back at the source line that a reason came from.
 */
import type { CodeSystem, CompareOperator, MissingDocumentationPolicy, RecommendationStatus, Unit } from './ast.js';
import type { Span } from './source.js';

export interface Model {
  /** Guidelines in a stable order (by id). */
  readonly guidelines: readonly CheckedGuideline[];
}

export interface Located {
  readonly uri: string;
  readonly span: Span;
}

export interface CheckedGuideline extends Located {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly edition: string | null;
  readonly jurisdiction: string | null;
  readonly service: CheckedService;
  readonly recommendation: CheckedRecommendation;
  readonly missingDocumentation: MissingDocumentationPolicy;
  /** Sources in declaration order. */
  readonly sources: readonly CheckedSource[];
  /** Facts in declaration order. */
  readonly facts: readonly CheckedFact[];
  /** Criteria in declaration order. */
  readonly criteria: readonly CheckedCriterion[];
  /** `applies when` clauses, ANDed, in declaration order; empty: the guideline applies to every case. */
  readonly scope: readonly CheckedScope[];
  /** Routes in declaration order; empty: the guideline has none (every criterion must be met). */
  readonly routes: readonly CheckedRoute[];
  /** Every value set any criterion or condition reads, imported or local, in first-use order. */
  readonly valueSets: readonly CheckedValueSet[];
}

/** One `applies when` clause: the cases the guideline covers. */
export interface CheckedScope extends Located {
  /** Read at the top level of the case only (no record fields). */
  readonly condition: Cond;
  /** Source ids (may be empty). */
  readonly citations: readonly string[];
  /** Why a case it does not hold for is outside the guideline. */
  readonly reason: Template;
  /** Shown when whether it holds is not documented; null: use `reason`. */
  readonly missingReason: Template | null;
}

/** `route <id> "<label>"`: one way a request may meet the guideline. */
export interface CheckedRoute extends Located {
  readonly id: string;
  readonly label: string;
}

export interface CheckedService {
  readonly label: string | null;
  readonly codes: readonly { readonly system: CodeSystem; readonly code: string }[];
  readonly region: string | null;
}

export interface CheckedRecommendation {
  readonly status: RecommendationStatus;
  readonly criteriaIfUsedAnyway: boolean;
  /** Source ids. */
  readonly citations: readonly string[];
}

export interface CheckedSource extends Located {
  readonly id: string;
  /** The citation as a determination prints it. */
  readonly citation: string;
  readonly document: string | null;
  readonly chapter: string | null;
  readonly section: string | null;
  readonly page: string | null;
  readonly quote: string | null;
}

export interface CheckedValueSet extends Located {
  readonly id: string;
  readonly label: string;
  readonly system: CodeSystem;
  /** Exact codes, normalised upper case without dots removed (`M54.12`). */
  readonly codes: readonly string[];
  /** Code prefixes from `M50.1*`, without the star. */
  readonly prefixes: readonly string[];
}

export type FactKind = 'documented' | 'number' | 'count' | 'total' | 'elapsed' | 'codes' | 'text' | 'date' | 'records';

/** A fact the guideline reads from the case file, or a field of a records fact. */
export interface CheckedFact extends Located {
  readonly id: string;
  readonly label: string;
  readonly kind: FactKind;
  /** Path segments into the case file (top-level facts) or into one record (fields). */
  readonly path: readonly string[];
  /** For `number` and `count`. Null for a plain number or count. */
  readonly unit: Unit | null;
  /** For `codes`. */
  readonly system: CodeSystem | null;
  /** For `number`: id of the sibling fact/field holding its duration. */
  readonly lasting: string | null;
  /** For `records`: its fields and the filter that selects the records this fact means. */
  readonly fields: readonly CheckedFact[];
  readonly where: Cond | null;
  /** For `total`: the records fact and the field of it whose values are added up (`path` is empty). */
  readonly total: { readonly records: string; readonly field: string } | null;
  /** For `elapsed`: the later date's path (`path` is the earlier date's); the time between them is in `unit`. */
  readonly to: readonly string[] | null;
  /** For `elapsed`: `latest` / `earliest <records>.<date field>` in place of `path` (from) or `to`, else null. */
  readonly fromPick: RecordDate | null;
  readonly toPick: RecordDate | null;
}

/** The most recent (`latest`) or first (`earliest`) stated date among the records a records fact selects. */
export interface RecordDate {
  readonly pick: 'latest' | 'earliest';
  /** The records fact's id and its date field's id. */
  readonly records: string;
  readonly field: string;
}

export interface CheckedCriterion extends Located {
  readonly id: string;
  /** The guideline's own statement of the criterion, or null. */
  readonly description: string | null;
  readonly test: Test;
  /** The situation in which the criterion applies; null means always. */
  readonly when: Cond | null;
  /** Source ids, at least one. */
  readonly citations: readonly string[];
  /** Shown when the criterion is not met (falls back to the description, then the id). */
  readonly reason: Template;
  /** Shown when the documentation needed is not stated; null: use `reason`. */
  readonly missingReason: Template | null;
  /** `if not stated …`: what a test that is not documented counts as instead; null: not documented. */
  readonly ifNotStated: { readonly counts: 'not_applicable' } | { readonly counts: 'met'; readonly note: Template } | null;
  /** The route the criterion belongs to; null: it applies on every route. */
  readonly route: string | null;
}

/** Which end of a requested range a comparison term tests. */
export type TermEnd = 'max' | 'min';

/** Reason text split into literal text and placeholders naming a fact id or `matched`. */
export interface Template {
  readonly parts: readonly TemplatePart[];
}

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'fact'; readonly fact: string }
  /** `{matched}`: the case entries that decided an exclusion, e.g. "cervical radiculopathy (M54.12)". */
  | { readonly kind: 'matched' };

export type Test =
  /** Not met when any condition is present: a value set matched by the codes fact, or a documented fact present. */
  | { readonly kind: 'exclude'; readonly conditions: readonly ExcludedCondition[] }
  /** Met when the condition is met. `max_levels N` is lowered to `levelsFact <= N` here. */
  | { readonly kind: 'require'; readonly condition: Cond }
  /** Needs clinical judgement: the physician reviewer answers the question; the case data cannot. */
  | { readonly kind: 'judgement'; readonly question: Template };

export type ExcludedCondition =
  | { readonly kind: 'value_set'; readonly valueSet: string; readonly codesFact: string }
  | { readonly kind: 'documented'; readonly fact: string };

/** Where a condition reads a value: a top-level fact, or a field of the record being examined. */
export interface FactRef {
  readonly scope: 'case' | 'record';
  readonly id: string;
}

/** Three-valued conditions: each evaluates to met, not met, or not documented. */
export type Cond =
  | { readonly kind: 'and'; readonly operands: readonly Cond[] }
  | { readonly kind: 'or'; readonly operands: readonly Cond[] }
  | { readonly kind: 'not'; readonly operand: Cond }
  | { readonly kind: 'at_least'; readonly count: number; readonly items: readonly Cond[] }
  /** A tri-state documentation item is documented present. */
  | { readonly kind: 'documented'; readonly fact: FactRef }
  /** `documented x`: present is met; absent and not stated are both not met (never not documented). */
  | { readonly kind: 'present'; readonly fact: FactRef }
  /** A codes fact holds a code in the value set. */
  | { readonly kind: 'in_value_set'; readonly fact: FactRef; readonly valueSet: string }
  /** A number (plus any added facts, same unit) compared with a threshold in the fact's unit; optionally with how long it lasted. */
  | {
      readonly kind: 'compare';
      readonly fact: FactRef;
      /** Facts added to `fact` with `+`; empty for a plain comparison. */
      readonly plus: readonly FactRef[];
      /** `max` / `min` written before `fact` and each of `plus` (same order); null: a range must pass at both ends. */
      readonly ends: readonly (TermEnd | null)[];
      readonly operator: CompareOperator;
      readonly value: number;
      readonly duration: { readonly fact: FactRef; readonly operator: CompareOperator; readonly value: number } | null;
    }
  /** A text, code or number fact equals one of the values (or none of them, when negated). */
  | { readonly kind: 'is'; readonly fact: FactRef; readonly values: readonly (string | number)[]; readonly negated: boolean }
  /** How many records of a records fact (matching `where`), plus one for this request when asked, compared with N. */
  | {
      readonly kind: 'count';
      readonly records: string;
      readonly where: Cond | null;
      readonly operator: '>=' | '<=';
      readonly count: number;
      readonly countingThisRequest: boolean;
    }
  /** Every record (matching `where`) meets `has`. Met when there are none. */
  | { readonly kind: 'every'; readonly records: string; readonly where: Cond | null; readonly has: Cond };
