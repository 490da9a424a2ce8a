/**
 * Numbers that count things: `max_levels N`, `at least N of (…)`, `at most N records`.
 * They are whole, not negative, and possible to meet.
 */
import type { GroupCondition, MaxLevelsClause, NumberLiteral, RecordCountCondition } from '../ast.js';
import { ImpossibleAtLeast, LevelsFactNeeded, NegativeNumber, NeverMet, NotWholeNumber } from '../codes.js';
import type { GuidelineScope } from '../resolve.js';
import { topLevelFacts } from '../resolve.js';
import type { CheckContext, Checks } from './context.js';

/** Top-level `count`/`number` facts measured in levels: the one `max_levels` compares. */
export const levelsFacts = (scope: GuidelineScope) =>
  [...topLevelFacts(scope, 'count'), ...topLevelFacts(scope, 'number')].filter(
    (f) => (f.node.type.kind === 'CountType' || f.node.type.kind === 'NumberType') && f.node.type.unit?.unit === 'levels',
  );

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
  if (wholeCount(clause.limit, 'levels', ctx) && clause.limit.value === 0) {
    ctx.report(NeverMet, clause.limit.span, ['`max_levels 0` allows no levels, so every request would fail it.']);
  }
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
