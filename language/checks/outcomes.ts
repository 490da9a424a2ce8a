/**
 * The parts of a guideline that shape the outcome rather than one criterion's test: its scope (`applies when`),
 * its routes (`routes` / `route <name>`) and criteria that need clinical judgement (structure.ts checks that a
 * `judgement` is a criterion's only test).
 */
import type { AppliesClause, Criterion, Document, Node, RouteClause } from '../ast.js';
import { JudgementReasonUnused, RepeatedClause, ScopeReadsRecords, ScopeWithoutReason, SingleRoute, UnknownRoute, UnusedRoute } from '../codes.js';
import { closest } from '../suggest.js';
import type { CheckContext, Checks } from './context.js';
import { children } from './walk.js';

/** An `applies when` says why a case is outside the guideline, once, and reads only the case's own facts. */
function scopeClause(clause: AppliesClause, ctx: CheckContext): void {
  if (ctx.hasParseErrorIn(clause.span)) return;
  const at = { start: clause.span.start, end: Math.min(clause.span.end, clause.span.start + 'applies'.length) };
  if (!clause.clauses.some((c) => c.kind === 'ReasonClause' && c.keyword === 'reason')) ctx.report(ScopeWithoutReason, at, []);
  const seen = new Set<string>();
  for (const c of clause.clauses) {
    if (c.kind !== 'ReasonClause') continue;
    if (seen.has(c.keyword)) ctx.report(RepeatedClause, c.span, [c.keyword, 'This `applies when` line']);
    seen.add(c.keyword);
  }
  const visit = (node: Node): void => {
    if (node.kind === 'RecordCount' || node.kind === 'AnyRecord' || node.kind === 'EveryRecord') {
      ctx.report(ScopeReadsRecords, node.span, [node.records.kind === 'Name' ? node.records.text : 'these records']);
      return;
    }
    for (const child of children(node)) visit(child);
  };
  if (clause.condition.kind !== 'Missing') visit(clause.condition);
}

function routeIsDeclared(clause: RouteClause, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null || clause.route.kind === 'Missing' || ctx.links.declarationOf(clause.route)?.kind === 'route') return;
  const suggestion = closest(clause.route.text, scope.routes.keys());
  ctx.report(UnknownRoute, clause.route.span, [clause.route.text, suggestion], { suggestion });
}

/** Every route holds a criterion (an empty route would be met by every case), and one route alone is no choice. */
function routesAreUsed(document: Document, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null || scope.routes.size === 0 || ctx.hasParseErrorIn(document.span)) return;
  // A misspelt route (RUB1220) most likely means one of these; it is not reported unused as well.
  const misspelt = [...scope.criteria.values()].some((criterion) =>
    criterion.node.clauses.some((c) => c.kind === 'RouteClause' && c.route.kind === 'Name' && ctx.links.declarationOf(c.route) === undefined),
  );
  if (!misspelt) for (const [id, route] of scope.routes) if (ctx.links.usesOf(route).length === 0) ctx.report(UnusedRoute, route.nameNode.span, [id]);
  const [only] = [...scope.routes.values()];
  if (scope.routes.size === 1 && only !== undefined) ctx.report(SingleRoute, only.nameNode.span, [only.name]);
}

/** A judgement criterion's text is its question: a `reason` or `missing` line there would never be printed. */
function judgementHasNoReason(criterion: Criterion, ctx: CheckContext): void {
  if (!criterion.clauses.some((c) => c.kind === 'JudgementClause')) return;
  for (const c of criterion.clauses) if (c.kind === 'ReasonClause') ctx.report(JudgementReasonUnused, c.span, [c.keyword]);
}

export const outcomeChecks: Checks = {
  Criterion: [judgementHasNoReason],
  AppliesClause: [scopeClause],
  RouteClause: [routeIsDeclared],
  Document: [routesAreUsed],
};
