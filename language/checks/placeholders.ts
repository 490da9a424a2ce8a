/**
 * `{placeholders}` in reasons name a top-level fact, a threshold, or `{matched}` in a criterion that excludes.
 */
import type { JudgementClause, NotStatedClause, ReasonClause, Text } from '../ast.js';
import { UnknownPlaceholder } from '../codes.js';
import { closest } from '../suggest.js';
import { parseTemplate } from '../template.js';
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
  const known = [...scope.facts.keys(), ...scope.thresholds.keys(), ...(excludes ? ['matched'] : [])];
  for (const p of parseTemplate(text).placeholders) {
    if (known.includes(p.name)) continue;
    const suggestion = closest(p.name, known);
    ctx.report(UnknownPlaceholder, p.span, [p.name, suggestion], { suggestion });
  }
}

/** `judgement "…"`: the question is printed like a reason, with its facts filled in. */
function questionPlaceholdersNameFacts(clause: JudgementClause, ctx: CheckContext): void {
  if (clause.question.kind === 'Text') placeholdersIn(clause.question, ctx);
}

export const placeholderChecks: Checks = {
  ReasonClause: [placeholdersNameFacts],
  NotStatedClause: [notePlaceholdersNameFacts],
  JudgementClause: [questionPlaceholdersNameFacts],
};
