/**
 * The evaluation plan: the checked model with every name resolved to what compiled code does.
 *
 * Facts become concrete reads (path segments into the case or into one record, the requirement path a
 * "missing" report names); value sets become indexes into the guideline's table; `max_levels`, durations
 * and `any` are already plain conditions. `emit.ts` turns this into straight-line code without looking
 * anything up.
 */
import type { CompareOperator } from '../language/ast.js';
import type { DataRequirement, GuidelineMeta } from '../runtime/contract.js';
import type { FactKind, TermEnd } from '../language/model.js';
import type { Data } from './literal.js';

export interface IrProgram {
  /** By id, as the model orders them. */
  readonly guidelines: readonly IrGuideline[];
}

export interface IrGuideline {
  readonly id: string;
  readonly meta: GuidelineMeta;
  readonly caseSchema: { readonly [key: string]: Data };
  readonly requirements: readonly DataRequirement[];
  /** Value sets the criteria read; conditions refer to them by index. */
  readonly valueSets: readonly IrValueSet[];
  /** In declaration order. */
  readonly criteria: readonly IrCriterion[];
  /** `applies when` clauses, ANDed, in declaration order (empty: applies to every case). */
  readonly scope: readonly IrScope[];
  /** Records facts whose count a reason shows, each compiled to a small counting function. */
  readonly recordCounts: readonly IrRecords[];
  /** `total of records.field` facts, each compiled to a small summing function; terms refer to them by index. */
  readonly totals: readonly IrTotal[];
  /** `latest` / `earliest <records>.<date field>` endpoints, each compiled to a small picking function (by index). */
  readonly recordDates: readonly IrRecordDate[];
}

/** The most recent (`latest`) or first (`earliest`) stated date of a field among the records a records fact selects. */
export interface IrRecordDate {
  readonly records: IrRecords;
  readonly field: IrRead;
  readonly pick: 'latest' | 'earliest';
}

/** One date of an elapsed time: read from the case or a record, or picked among records (`IrGuideline.recordDates`). */
export type IrDate = { readonly kind: 'read'; readonly read: IrRead } | { readonly kind: 'record_date'; readonly index: number };

/** A field added up over the records a records fact selects. */
export interface IrTotal {
  readonly records: IrRecords;
  readonly field: IrRead;
}

/** A number a comparison adds up: a value read from the case or a record, or a total (by index). */
export type IrNumber =
  /** `range`: the read may be a requested range `{ min, max }` (a request path of language/numbers.ts). */
  | { readonly kind: 'read'; readonly read: IrRead; readonly range: boolean }
  | { readonly kind: 'total'; readonly index: number }
  | IrElapsed;

/** The time from one date of the case (or of one record) to another, in a time unit. */
export interface IrElapsed {
  readonly kind: 'elapsed';
  readonly from: IrDate;
  readonly to: IrDate;
  readonly unit: 'hours' | 'days' | 'weeks' | 'months' | 'years';
}

export interface IrValueSet {
  readonly id: string;
  /** Exact codes, upper case, sorted, unique. */
  readonly codes: readonly string[];
  /** Prefixes (from `M50.1*`), upper case, sorted, unique. */
  readonly prefixes: readonly string[];
}

/** One value read from the case: from the case root, or from the record the enclosing loop examines. */
export interface IrRead {
  readonly scope: 'case' | 'record';
  readonly kind: FactKind;
  readonly path: readonly string[];
  /** Dotted path: the whole evidence path for case reads, the part after `records[i].` for record reads. */
  readonly dotted: string;
  /** `DataRequirement.path`, e.g. `prior_treatments[].response.initial_relief_percent`. */
  readonly requirement: string;
}

/** A records fact as a loop: the list to read and the fact's own filter. */
export interface IrRecords {
  readonly list: IrRead;
  readonly where: IrCond | null;
}

export type IrCond =
  | { readonly op: 'and' | 'or'; readonly operands: readonly IrCond[] }
  | { readonly op: 'not'; readonly operand: IrCond }
  | { readonly op: 'at_least'; readonly count: number; readonly items: readonly IrCond[] }
  | { readonly op: 'documented'; readonly read: IrRead }
  /** Documented present: met; absent or not stated: not met. */
  | { readonly op: 'present'; readonly read: IrRead }
  | { readonly op: 'in_value_set'; readonly read: IrRead; readonly valueSet: number }
  /** The sum of the terms (one, usually) compared with a threshold; not stated when any term is. */
  | {
      readonly op: 'compare';
      readonly terms: readonly IrNumber[];
      /** `max` / `min` per term (same order); null compares a range at both ends. */
      readonly ends: readonly (TermEnd | null)[];
      readonly operator: CompareOperator;
      readonly value: number;
    }
  | { readonly op: 'is'; readonly read: IrRead; readonly values: readonly (string | number)[]; readonly negated: boolean }
  | {
      readonly op: 'count';
      readonly records: IrRecords;
      readonly where: IrCond | null;
      readonly operator: '>=' | '<=';
      readonly count: number;
      readonly countingThisRequest: boolean;
    }
  | { readonly op: 'every'; readonly records: IrRecords; readonly where: IrCond | null; readonly has: IrCond };

/** An exclusion: codes lists checked against value sets, and documented items that must not be present. */
export interface IrExclude {
  readonly kind: 'exclude';
  readonly codes: readonly { readonly read: IrRead; readonly valueSets: readonly number[] }[];
  readonly documented: readonly { readonly read: IrRead; readonly label: string }[];
}

export type IrTest = IrExclude | { readonly kind: 'require'; readonly condition: IrCond } | { readonly kind: 'judgement' };

/** One `applies when` clause. */
export interface IrScope {
  readonly when: IrCond;
  readonly citations: readonly string[];
  /** Text when not met. */
  readonly reason: IrTemplate;
  /** Text when not documented. */
  readonly missingReason: IrTemplate;
}

export type IrTemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly read: IrRead }
  /** A records fact: how many records it selects (`IrGuideline.recordCounts[index]`). */
  | { readonly kind: 'records'; readonly index: number }
  /** A total fact's value (`IrGuideline.totals[index]`). */
  | { readonly kind: 'total'; readonly index: number }
  /** An elapsed-time fact's value. */
  | { readonly kind: 'elapsed'; readonly elapsed: IrElapsed }
  | { readonly kind: 'matched' }
  /** The labels of the facts found not stated (requirement path → label, in declaration order). */
  | { readonly kind: 'not_stated'; readonly labels: readonly (readonly [string, string])[] };

export type IrTemplate = readonly IrTemplatePart[];

export interface IrCriterion {
  readonly id: string;
  readonly citations: readonly string[];
  readonly when: IrCond | null;
  readonly test: IrTest;
  /** Text when not met (for a judgement: the question, shown when it needs judgement). */
  readonly reason: IrTemplate;
  /** Text when not documented. */
  readonly missingReason: IrTemplate;
  /** Text when met or not applicable. */
  readonly description: IrTemplate;
  /** `if not stated …`: the status a test that is not documented reports instead (with the note, for met). */
  readonly ifNotStated: { readonly counts: 'not_applicable' } | { readonly counts: 'met'; readonly note: IrTemplate } | null;
}
