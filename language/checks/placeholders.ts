/**
 * `{placeholders}` in reasons name a top-level fact, a threshold, or `{matched}` in a criterion that excludes.
 */
import type { Fact, JudgementClause, Name, NotStatedClause, OrMissing, ReasonClause, Text, Threshold } from '../ast.js';
import { ReservedName, UnknownPlaceholder } from '../codes.js';
import { closest } from '../suggest.js';
import type { CheckContext, Checks } from './context.js';

function placeholdersNameFacts(clause: ReasonClause, ctx: CheckContext): void {
  if (clause.text.kind !== 'Missing') placeholdersIn(clause.text, ctx);
}

/** `if not stated met "…"`: the note is reason text too. */
function notePlaceholdersNameFacts(clause: NotStatedClause, ctx: CheckContext): void {
  if (clause.note?.kind === 'Text') placeholdersIn(clause.note, ctx);
}

function placeholdersIn(text: Text, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null) return;
  const excludes = ctx.criterion?.clauses.some((c) => c.kind === 'ExcludeClause') ?? false;
  let known: string[] | undefined;
  for (const { placeholder, name } of ctx.links.templateOf(text).names) {
    // Linked to a top-level fact or a threshold (links.ts); `{matched}` is the diagnoses an exclusion matched.
    if (ctx.links.declarationOf(name) !== undefined || (excludes && name.text === 'matched')) continue;
    known ??= [...scope.facts.keys(), ...scope.thresholds.keys(), ...(excludes ? ['matched'] : [])];
    const suggestion = closest(placeholder.name, known);
    ctx.report(UnknownPlaceholder, placeholder.span, [placeholder.name, suggestion], { suggestion });
  }
}

/** `judgement "…"`: the question is printed like a reason, with its facts filled in. */
function questionPlaceholdersNameFacts(clause: JudgementClause, ctx: CheckContext): void {
  if (clause.question.kind === 'Text') placeholdersIn(clause.question, ctx);
}

/** `{matched}` means the diagnoses an exclusion matched, so no fact or threshold may take that name. */
const RESERVED = ['matched'];
function notReserved(what: string, name: OrMissing<Name>, ctx: CheckContext): void {
  if (name.kind === 'Name' && RESERVED.includes(name.text)) ctx.report(ReservedName, name.span, [what, name.text]);
}

export const placeholderChecks: Checks = {
  Fact: [(fact: Fact, ctx: CheckContext) => notReserved(fact.keyword, fact.name, ctx)],
  Threshold: [(threshold: Threshold, ctx: CheckContext) => notReserved('threshold', threshold.name, ctx)],
  ReasonClause: [placeholdersNameFacts],
  NotStatedClause: [notePlaceholdersNameFacts],
  JudgementClause: [questionPlaceholdersNameFacts],
};
