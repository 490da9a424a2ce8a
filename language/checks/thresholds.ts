/**
 * Numbers that count things: `max_levels N`, `at least N of (…)`, `at most N records`.
 * They are whole, not negative, and possible to meet.
 */
import type { GroupCondition, MaxLevelsClause, Name, NumberLiteral, RecordCountCondition } from '../ast.js';
import { ImpossibleAtLeast, LevelsFactNeeded, NegativeNumber, NeverMet, NotWholeNumber, UnitMismatch, UnknownThreshold } from '../codes.js';
import { amountOf, levelsFacts } from '../resolve.js';
import { closest } from '../suggest.js';
import type { CheckContext, Checks } from './context.js';

/** Reports a negative or fractional count; true when the number is a whole number ≥ 0. */
function wholeCount(n: NumberLiteral, what: string, ctx: CheckContext): boolean {
  if (n.value < 0) {
    ctx.report(NegativeNumber, n.span, [n.raw, `a number of ${what}`]);
    return false;
  }
  if (!Number.isInteger(n.value)) {
    ctx.report(NotWholeNumber, n.span, [n.raw, what]);
    return false;
  }
  return true;
}

function maxLevels(clause: MaxLevelsClause, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null) return;
  const facts = levelsFacts(scope);
  if (facts.length !== 1) ctx.report(LevelsFactNeeded, clause.span, [facts.length]);
  if (clause.limit.kind === 'Missing') return;
  const limit = levelsLimit(clause.limit, facts[0]?.name ?? 'the levels requested', ctx);
  if (limit !== undefined && wholeCount(limit, 'levels', ctx) && limit.value === 0) {
    ctx.report(NeverMet, limit.span, [`\`max_levels ${limit.raw}\` allows no levels, so every request would fail it.`]);
  }
}

/** The number `max_levels` is given, written out or through a threshold (then located at the threshold's name). */
function levelsLimit(limit: NumberLiteral | Name, levelsFact: string, ctx: CheckContext): NumberLiteral | undefined {
  if (limit.kind === 'Number') return limit;
  const scope = ctx.guideline;
  if (scope === null) return undefined;
  const quantity = amountOf(ctx.links, limit);
  if (quantity === undefined) {
    if (ctx.links.declarationOf(limit)?.kind !== 'threshold') {
      const suggestion = closest(limit.text, scope.thresholds.keys());
      ctx.report(UnknownThreshold, limit.span, [limit.text, suggestion], { suggestion });
    }
    return undefined;
  }
  if (quantity.unit !== null && quantity.unit.unit !== 'levels') {
    ctx.report(UnitMismatch, limit.span, [levelsFact, 'levels', quantity.unit.unit]);
    return undefined;
  }
  return { kind: 'Number', span: limit.span, value: quantity.number.value, raw: quantity.number.raw };
}

function atLeastOf(group: GroupCondition, ctx: CheckContext): void {
  if (group.quantifier !== 'at_least' || group.count === null || group.count.kind === 'Missing') return;
  const n = group.count;
  if (!wholeCount(n, 'items', ctx)) return;
  if (n.value === 0) {
    ctx.report(NeverMet, n.span, ['`at least 0 of` is met by every case, so it checks nothing. Use 1 or more.']);
  } else if (n.value > group.items.length) {
    ctx.report(ImpossibleAtLeast, n.span, [n.value, group.items.length]);
  }
}

function recordCount(condition: RecordCountCondition, ctx: CheckContext): void {
  if (condition.count === null || condition.count.kind === 'Missing') return;
  wholeCount(condition.count, 'records', ctx);
}

export const thresholdChecks: Checks = {
  MaxLevelsClause: [maxLevels],
  Group: [atLeastOf],
  RecordCount: [recordCount],
};
