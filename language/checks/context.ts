/**
 * What a check sees: the node (by kind), and a context saying where it is and how to report.
 * A check is a small pure function of both; it reports through `ctx.report` and returns nothing.
 */
import type { Criterion, Fact, Node } from '../ast.js';
import type { CodeDef, ReportOptions } from '../codes.js';
import type { Links } from '../links.js';
import type { GuidelineScope, Scope } from '../resolve.js';
import type { SourceFile, Span } from '../source.js';

export interface CheckContext {
  readonly source: SourceFile;
  readonly uri: string;
  readonly scope: Scope;
  /** Every name resolved once, across the documents checked together (links.ts). */
  readonly links: Links;
  /** The guideline scope names are looked up in; null in a library or a headerless document. */
  readonly guideline: GuidelineScope | null;
  /** The records fact whose fields are in scope (inside `where`, `has`, or a records declaration). */
  readonly records: Fact | null;
  /** The criterion being checked, if any. */
  readonly criterion: Criterion | null;
  /** True when a syntax error was reported inside the span: structural checks stay quiet there. */
  readonly hasParseErrorIn: (span: Span) => boolean;
  readonly report: <Args extends unknown[]>(def: CodeDef<Args>, span: Span, args: Args, options?: ReportOptions) => void;
}

export type CheckFn<N> = (node: N, ctx: CheckContext) => void;

export type NodeOfKind<K extends Node['kind']> = Extract<Node, { kind: K }>;

/** Checks registered by node kind (Langium's `ValidationChecks`). */
export type Checks = { readonly [K in Node['kind']]?: readonly CheckFn<NodeOfKind<K>>[] };

/** Name of a criterion for messages. */
export const criterionName = (criterion: Criterion | null): string =>
  criterion === null || criterion.name.kind === 'Missing' ? 'this criterion' : criterion.name.text;
