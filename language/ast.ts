/**
 * The syntax tree of a Rubric document, as written: every node has a `kind` and a `span` (offsets).
 * Where error recovery left a gap, the tree holds an explicit `Missing` node, never `undefined`.
 * Names are not resolved here: see `resolve.ts` and `model.ts` for the checked meaning.
 */
import type { Span } from './source.js';

/** A place where the author left something out (or recovery skipped it). `expected` says what, in words. */
export interface Missing {
  readonly kind: 'Missing';
  readonly span: Span;
  readonly expected: string;
}

export type OrMissing<T> = T | Missing;

export const isMissing = (node: { readonly kind: string }): node is Missing => node.kind === 'Missing';

// ── Leaves ───────────────────────────────────────────────────────────────────────────────────────
/** An identifier as written: a fact, source, value set, criterion, field or library name. */
export interface Name {
  readonly kind: 'Name';
  readonly span: Span;
  readonly text: string;
}

/** Quoted text. `value` has escapes decoded; `raw` is the source text including quotes. */
export interface Text {
  readonly kind: 'Text';
  readonly span: Span;
  readonly value: string;
  readonly raw: string;
}

export interface NumberLiteral {
  readonly kind: 'Number';
  readonly span: Span;
  readonly value: number;
  readonly raw: string;
}

/** Units a number may carry. `percent` is written `%` or `percent`; singular words normalise to these. */
export type Unit = 'percent' | 'levels' | 'visits' | 'sessions' | 'hours' | 'days' | 'weeks' | 'months' | 'years' | 'degrees' | 'mg';

export interface UnitName {
  readonly kind: 'Unit';
  readonly span: Span;
  readonly unit: Unit;
  readonly raw: string;
}

/** A number with an optional unit: `70%`, `6 weeks`, `2`. */
export interface Quantity {
  readonly kind: 'Quantity';
  readonly span: Span;
  readonly number: NumberLiteral;
  readonly unit: UnitName | null;
}

/** A clinical code as written: `M54.12`, `M50.1*` (prefix), `64490`. */
export interface CodeLiteral {
  readonly kind: 'Code';
  readonly span: Span;
  /** The code without the trailing `*`. */
  readonly code: string;
  /** True when written with a trailing `*`: matches the code and every code below it. */
  readonly prefix: boolean;
  readonly raw: string;
}

/** A path into the case file: `documentation.formal_rehabilitation_plan`, `request.levels`. */
export interface Path {
  readonly kind: 'Path';
  readonly span: Span;
  /** The segment names, as written (`prior_treatments[]` keeps its `[]`). */
  readonly segments: readonly string[];
  /** The same segments with their own spans (for hover, rename and a diagnostic on one segment). */
  readonly parts: readonly PathSegment[];
  readonly raw: string;
}

/** One dot-separated segment of a path. */
export interface PathSegment {
  readonly name: string;
  readonly span: Span;
}

export type CodeSystem = 'icd10' | 'cpt' | 'hcpcs';

export interface Comment {
  readonly kind: 'Comment';
  readonly span: Span;
  /** The comment text including the leading `#`. */
  readonly text: string;
}

// ── Document ─────────────────────────────────────────────────────────────────────────────────────
export interface Document {
  readonly kind: 'Document';
  readonly span: Span;
  readonly uri: string;
  readonly header: OrMissing<GuidelineHeader | LibraryHeader>;
  readonly sections: readonly Section[];
  readonly comments: readonly Comment[];
}

export interface GuidelineHeader {
  readonly kind: 'GuidelineHeader';
  readonly span: Span;
  readonly name: OrMissing<Name>;
  readonly clauses: readonly HeaderClause[];
}

export interface LibraryHeader {
  readonly kind: 'LibraryHeader';
  readonly span: Span;
  readonly name: OrMissing<Name>;
  readonly clauses: readonly HeaderClause[];
}

/** `title "…"`, `version "…"`, `edition "…"`, `jurisdiction "…"`. */
export interface TextClause {
  readonly kind: 'TextClause';
  readonly span: Span;
  readonly keyword: 'title' | 'version' | 'edition' | 'jurisdiction';
  readonly value: OrMissing<Text>;
}

/** `service "Facet joint injection, cervical" cpt 64490, 64491 region cervical` */
export interface ServiceClause {
  readonly kind: 'ServiceClause';
  readonly span: Span;
  readonly label: Text | null;
  readonly codes: readonly CodeList[];
  readonly region: OrMissing<Name> | null;
}

/** `cpt 64490, 64491` or `icd10 M50.1*, M54.1*`. The grammar starts a list with its system, so it is never missing. */
export interface CodeList {
  readonly kind: 'CodeList';
  readonly span: Span;
  readonly system: CodeSystem;
  readonly codes: readonly CodeLiteral[];
}

export type RecommendationStatus = 'recommended' | 'conditionally_recommended' | 'not_recommended';

/** `recommendation not recommended, criteria if used anyway cite acoem_ch8` */
export interface RecommendationClause {
  readonly kind: 'RecommendationClause';
  readonly span: Span;
  readonly status: OrMissing<{ readonly kind: 'Status'; readonly span: Span; readonly status: RecommendationStatus }>;
  /** ODG's "not recommended; criteria for use if used anyway". */
  readonly criteriaIfUsedAnyway: boolean;
  /** How that phrase was written: with or without the comma before it; null when there is none. */
  readonly anywaySpelling: ', criteria if used anyway' | 'criteria if used anyway' | null;
  readonly cite: CiteClause | null;
}

export type MissingDocumentationPolicy = 'not_met' | 'insufficient_information';

/** `missing documentation counts as not met` / `… counts as insufficient information` */
export interface MissingDocumentationClause {
  readonly kind: 'MissingDocumentationClause';
  readonly span: Span;
  readonly policy: OrMissing<{ readonly kind: 'Policy'; readonly span: Span; readonly policy: MissingDocumentationPolicy }>;
}

/**
 * `applies when <condition>` with its `cite`, `reason "…"` and `missing "…"` lines: the guideline's scope. Several
 * clauses AND together; a case that does not meet them is outside the guideline ("this guideline does not apply").
 */
export interface AppliesClause {
  readonly kind: 'AppliesClause';
  readonly span: Span;
  readonly condition: OrMissing<Condition>;
  readonly clauses: readonly (CiteClause | ReasonClause)[];
}

export type HeaderClause = TextClause | ServiceClause | RecommendationClause | MissingDocumentationClause | AppliesClause;

// ── Sections ─────────────────────────────────────────────────────────────────────────────────────
export type Section = UsesSection | SourcesSection | FactsSection | ThresholdsSection | CriteriaSection | ValueSet | RoutesSection;

/** `routes` then `route <name> "<label>"` lines: the alternative ways a request may meet the guideline. */
export interface RoutesSection {
  readonly kind: 'Routes';
  readonly span: Span;
  readonly routes: readonly Route[];
}

/** `route red_flag "a red-flag diagnosis is being evaluated"` */
export interface Route {
  readonly kind: 'Route';
  readonly span: Span;
  readonly name: OrMissing<Name>;
  readonly label: OrMissing<Text>;
}

/** `uses spine, knee` */
export interface UsesSection {
  readonly kind: 'Uses';
  readonly span: Span;
  readonly libraries: readonly OrMissing<Name>[];
}

export interface SourcesSection {
  readonly kind: 'Sources';
  readonly span: Span;
  readonly sources: readonly Source[];
}

/** `source odg_facet "ODG Neck and Upper Back, …"` with optional `document`, `chapter`, `section`, `page`, `quote`. */
export interface Source {
  readonly kind: 'Source';
  readonly span: Span;
  readonly name: OrMissing<Name>;
  readonly citation: OrMissing<Text>;
  readonly fields: readonly SourceField[];
}

export interface SourceField {
  readonly kind: 'SourceField';
  readonly span: Span;
  readonly field: 'document' | 'chapter' | 'section' | 'page' | 'quote';
  readonly value: OrMissing<Text | NumberLiteral>;
}

export interface FactsSection {
  readonly kind: 'Facts';
  readonly span: Span;
  readonly facts: readonly Fact[];
}

export interface ThresholdsSection {
  readonly kind: 'Thresholds';
  readonly span: Span;
  readonly thresholds: readonly Threshold[];
}

/** `threshold initial_relief_needed "initial pain relief" 70%`: a number the guideline states, named once. */
export interface Threshold {
  readonly kind: 'Threshold';
  readonly span: Span;
  readonly name: OrMissing<Name>;
  readonly label: OrMissing<Text>;
  readonly value: OrMissing<Quantity>;
}

/** `fact <name> "<label>" <type>`; in a records fact, `field <name> "<label>" <type>`. */
export interface Fact {
  readonly kind: 'Fact';
  readonly span: Span;
  /** `fact` at the top level, `field` inside a records fact. */
  readonly keyword: 'fact' | 'field';
  readonly name: OrMissing<Name>;
  readonly label: OrMissing<Text>;
  readonly type: OrMissing<FactType>;
}

export type FactType = DocumentedType | NumberType | CountType | TotalType | ElapsedType | CodesType | TextType | DateType | RecordsType;

/** Tri-state documentation item: documented present / documented absent / not stated. `documented from <path>` */
export interface DocumentedType {
  readonly kind: 'DocumentedType';
  readonly span: Span;
  readonly path: OrMissing<Path>;
}

/** `number percent from <path> [lasting <field>]` */
export interface NumberType {
  readonly kind: 'NumberType';
  readonly span: Span;
  readonly unit: UnitName | null;
  readonly path: OrMissing<Path>;
  /** The fact (or sibling field) holding how long this value lasted, for `>= 50% for >= 6 weeks`. */
  readonly lasting: OrMissing<Name> | null;
}

/** `count levels of <path>`: the number of entries in a list of the case file. */
export interface CountType {
  readonly kind: 'CountType';
  readonly span: Span;
  readonly unit: UnitName | null;
  readonly path: OrMissing<Path>;
}

/** `total of <records>.<field>`: the sum of a number field over the records a records fact selects. */
export interface TotalType {
  readonly kind: 'TotalType';
  readonly span: Span;
  /** `prior_physical_therapy.visits`: the records fact, then its field. */
  readonly path: OrMissing<Path>;
}

/** `elapsed weeks from patient.date_of_injury to request.date_requested`: the time between two dates of the case. */
export interface ElapsedType {
  readonly kind: 'ElapsedType';
  readonly span: Span;
  /** hours, days, weeks, months or years. */
  readonly unit: UnitName | null;
  readonly path: OrMissing<Path>;
  readonly to: OrMissing<Path>;
  /** `latest` / `earliest` before each date: `path` is then `<records>.<date field>`. */
  readonly fromPick: RecordPick | null;
  readonly toPick: RecordPick | null;
}

/** `latest` or `earliest` before `<records>.<date field>`. */
export interface RecordPick {
  readonly kind: 'RecordPick';
  readonly span: Span;
  readonly pick: 'latest' | 'earliest';
}

/** `codes icd10 from <path>`: a list of coded entries `{ code, text }`. */
export interface CodesType {
  readonly kind: 'CodesType';
  readonly span: Span;
  readonly system: OrMissing<{ readonly kind: 'System'; readonly span: Span; readonly system: CodeSystem }>;
  readonly path: OrMissing<Path>;
}

export interface TextType {
  readonly kind: 'TextType';
  readonly span: Span;
  readonly path: OrMissing<Path>;
}

export interface DateType {
  readonly kind: 'DateType';
  readonly span: Span;
  readonly path: OrMissing<Path>;
}

/** `records from <path> [where <condition>]` followed by `field` declarations. */
export interface RecordsType {
  readonly kind: 'RecordsType';
  readonly span: Span;
  readonly path: OrMissing<Path>;
  readonly where: OrMissing<Condition> | null;
  readonly fields: readonly Fact[];
}

/** `valueset radiculopathy "radiculopathy" icd10 M50.1*, M54.1*` */
export interface ValueSet {
  readonly kind: 'ValueSet';
  readonly span: Span;
  readonly name: OrMissing<Name>;
  readonly label: OrMissing<Text>;
  readonly codes: readonly CodeList[];
}

export interface CriteriaSection {
  readonly kind: 'Criteria';
  readonly span: Span;
  readonly criteria: readonly Criterion[];
}

/** `criterion <name> ["<the guideline's statement>"]` followed by its clauses, in any order. */
export interface Criterion {
  readonly kind: 'Criterion';
  readonly span: Span;
  readonly name: OrMissing<Name>;
  readonly description: Text | null;
  readonly clauses: readonly CriterionClause[];
}

export type CriterionClause =
  | ExcludeClause
  | MaxLevelsClause
  | RequireClause
  | WhenClause
  | CiteClause
  | ReasonClause
  | NotStatedClause
  | RouteClause
  | JudgementClause;

/** `route red_flag`: the criterion belongs to that route. */
export interface RouteClause {
  readonly kind: 'RouteClause';
  readonly span: Span;
  readonly route: OrMissing<Name>;
}

/** `judgement "<question>"`: a test the physician reviewer answers; the criterion needs clinical judgement. */
export interface JudgementClause {
  readonly kind: 'JudgementClause';
  readonly span: Span;
  readonly question: OrMissing<Text>;
}

/** `exclude radiculopathy, spinal_stenosis [in diagnoses]`: each name is a value set or a documented fact. */
export interface ExcludeClause {
  readonly kind: 'ExcludeClause';
  readonly span: Span;
  readonly conditions: readonly OrMissing<Name>[];
  readonly within: OrMissing<Name> | null;
}

/** `max_levels 2`, or `max_levels <threshold>` */
export interface MaxLevelsClause {
  readonly kind: 'MaxLevelsClause';
  readonly span: Span;
  readonly limit: OrMissing<NumberLiteral | Name>;
}

/** `require <condition>` */
export interface RequireClause {
  readonly kind: 'RequireClause';
  readonly span: Span;
  readonly condition: OrMissing<Condition>;
}

/** `when <condition>`: the criterion applies only in this situation. */
export interface WhenClause {
  readonly kind: 'WhenClause';
  readonly span: Span;
  readonly condition: OrMissing<Condition>;
}

/** `cite odg_facet, acoem_ch8` */
export interface CiteClause {
  readonly kind: 'CiteClause';
  readonly span: Span;
  readonly sources: readonly OrMissing<Name>[];
}

/** `reason "…"` (when not met) or `missing "…"` (when the documentation needed is not stated). */
export interface ReasonClause {
  readonly kind: 'ReasonClause';
  readonly span: Span;
  readonly keyword: 'reason' | 'missing';
  readonly text: OrMissing<Text>;
}

/** `if not stated not applicable` / `if not stated met "<note>"`: what the test counts as when it is not documented. */
export interface NotStatedClause {
  readonly kind: 'NotStatedClause';
  readonly span: Span;
  /** Missing when neither `not applicable` nor `met` follows `if not stated`. */
  readonly counts: 'not_applicable' | 'met' | Missing;
  /** For `met`: the note the letter prints; null for `not applicable`. */
  readonly note: OrMissing<Text> | null;
}

// ── Conditions ───────────────────────────────────────────────────────────────────────────────────
export type Condition =
  | AndCondition
  | OrCondition
  | NotCondition
  | GroupCondition
  | RecordCountCondition
  | AnyRecordCondition
  | EveryRecordCondition
  | NameCondition
  | DocumentedCondition
  | CompareCondition
  | IsCondition;

/** `a and b and c` */
export interface AndCondition {
  readonly kind: 'And';
  readonly span: Span;
  readonly operands: readonly OrMissing<Condition>[];
}

/** `a or b` */
export interface OrCondition {
  readonly kind: 'Or';
  readonly span: Span;
  readonly operands: readonly OrMissing<Condition>[];
}

/** `not a` */
export interface NotCondition {
  readonly kind: 'Not';
  readonly span: Span;
  readonly operand: OrMissing<Condition>;
}

/** `all of (…)`, `any of (…)`, `at least 2 of (…)`; a parenthesised condition is `all of` with one item. */
export interface GroupCondition {
  readonly kind: 'Group';
  readonly span: Span;
  readonly quantifier: 'all' | 'any' | 'at_least';
  /** For `at_least` only. */
  readonly count: OrMissing<NumberLiteral> | null;
  readonly items: readonly OrMissing<Condition>[];
  /** True for a plain `( … )`. */
  readonly parenthesised: boolean;
}

/** `at most 1 prior_blocks where type is "x", counting this request`; `at least 2 …`; `no prior_blocks where …` (= at most 0). */
export interface RecordCountCondition {
  readonly kind: 'RecordCount';
  readonly span: Span;
  readonly quantifier: 'at_least' | 'at_most' | 'no';
  readonly count: OrMissing<NumberLiteral> | null;
  readonly records: OrMissing<Name>;
  readonly where: OrMissing<Condition> | null;
  /** `counting this request`: the requested service counts as one more record. */
  readonly countingThisRequest: boolean;
  /** How that phrase was written: with or without the comma before it; null when there is none. */
  readonly countingSpelling: ', counting this request' | 'counting this request' | null;
}

/** `any prior_blocks [where …]`: at least one record (matching). */
export interface AnyRecordCondition {
  readonly kind: 'AnyRecord';
  readonly span: Span;
  readonly records: OrMissing<Name>;
  readonly where: OrMissing<Condition> | null;
}

/** `every prior_blocks [where …] has <condition>` */
export interface EveryRecordCondition {
  readonly kind: 'EveryRecord';
  readonly span: Span;
  readonly records: OrMissing<Name>;
  readonly where: OrMissing<Condition> | null;
  readonly has: OrMissing<Condition>;
}

/** A bare name: a documented fact (documented present) or a value set (a diagnosis in it). */
export interface NameCondition {
  readonly kind: 'NameCondition';
  readonly span: Span;
  readonly name: Name;
}

/**
 * `documented flare_up`: the item is documented present; absent and not stated are both "not met". For a situation
 * that is usually not mentioned at all (a flare-up, a post-injection course), where a bare name would leave every
 * ordinary case not documented.
 */
export interface DocumentedCondition {
  readonly kind: 'DocumentedTest';
  readonly span: Span;
  readonly name: OrMissing<Name>;
}

export type CompareOperator = '>=' | '<=' | '>' | '<' | '=';

/** How a comparison was written: `at least` and `≥` mean `>=`, `at most` and `≤` mean `<=`. */
export type OperatorSpelling = '>=' | '≥' | '<=' | '≤' | '>' | '<' | '=' | 'at least' | 'at most';

/** `initial_relief >= 70%`; `sustained_relief >= 50% for >= 6 weeks`; `prior_visits + requested_visits <= 10 visits`. */
export interface CompareCondition {
  readonly kind: 'Compare';
  readonly span: Span;
  readonly subject: Name;
  /** Facts added to the subject with `+`, in order (usually none). */
  readonly addends: readonly Name[];
  /** `max` / `min` written before the subject and before each addend (same order), or null. */
  readonly ends: readonly (RangeEnd | null)[];
  /** Missing where recovery left `at` without `least` or `most`. */
  readonly operator: CompareOperator | Missing;
  /** The operator as the author wrote it (`at least` beside `>=`). */
  readonly spelling: OperatorSpelling | Missing;
  /** A number written out, or the name of a threshold. */
  readonly value: OrMissing<Quantity | Name>;
  readonly duration: DurationClause | null;
}

/** `max` or `min` before a comparison term: which end of a requested range it tests. */
export interface RangeEnd {
  readonly kind: 'RangeEnd';
  readonly span: Span;
  readonly end: 'max' | 'min';
}

/** `for >= 6 weeks` */
export interface DurationClause {
  readonly kind: 'Duration';
  readonly span: Span;
  readonly operator: CompareOperator | Missing;
  readonly spelling: OperatorSpelling | Missing;
  /** A duration written out, or the name of a threshold. */
  readonly value: OrMissing<Quantity | Name>;
}

/** `type is "x"`, `type is not "x"`, `type is one of ("x", "y")`. */
export interface IsCondition {
  readonly kind: 'Is';
  readonly span: Span;
  readonly subject: Name;
  readonly negated: boolean;
  /** `is "x"` or `is one of ("x", …)`: the same test for one value. */
  readonly spelling: 'is' | 'is one of';
  readonly values: readonly OrMissing<Text | NumberLiteral | CodeLiteral>[];
}

export type Node =
  | Document
  | GuidelineHeader
  | LibraryHeader
  | HeaderClause
  | Section
  | Source
  | SourceField
  | Route
  | Threshold
  | Fact
  | FactType
  | CodeList
  | Criterion
  | CriterionClause
  | Condition
  | DurationClause
  | RangeEnd
  | RecordPick
  | Name
  | Text
  | NumberLiteral
  | Quantity
  | UnitName
  | CodeLiteral
  | Path
  | Comment
  | Missing;

export function assertNever(value: never): never {
  throw new Error(`Unexpected node: ${JSON.stringify(value)}`);
}
