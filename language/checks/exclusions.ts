/**
 * Clinical logic across criteria: a condition that one criterion excludes and another requires,
 * both unconditionally, can never be met by any case.
 */
import type { Condition, Criterion, Document, Name, OrMissing } from '../ast.js';
import { ExcludedAndRequired } from '../codes.js';
import type { Symbol } from '../links.js';
import { listOf } from '../lists.js';
import { factKind } from '../resolve.js';
import type { CheckContext, Checks } from './context.js';

const unconditional = (criterion: Criterion): boolean => !criterion.clauses.some((c) => c.kind === 'WhenClause');

/** Bare names a condition requires whatever else holds: the name itself, or through `and` / `all of`. */
function requiredNames(condition: OrMissing<Condition>): Name[] {
  switch (condition.kind) {
    case 'NameCondition':
      return [condition.name];
    case 'And':
      return condition.operands.flatMap(requiredNames);
    case 'Group':
      return condition.quantifier === 'all' || (condition.parenthesised && condition.items.length === 1)
        ? condition.items.flatMap(requiredNames)
        : [];
    default:
      return [];
  }
}

function excludedAndRequired(document: Document, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null) return;
  // What a name was linked to: a documented fact or a value set is a condition.
  const isCondition = (name: Name): boolean => {
    const symbol: Symbol | undefined = ctx.links.declarationOf(name);
    return symbol?.kind === 'fact' ? factKind(symbol.node.type) === 'documented' : symbol?.kind === 'valueset';
  };
  const excluded = new Map<string, Name>();
  const criteria = listOf([...scope.criteria.values()], (c) => c.node).filter(unconditional);
  for (const criterion of criteria) {
    for (const clause of criterion.clauses) {
      if (clause.kind !== 'ExcludeClause') continue;
      for (const c of clause.conditions) if (c.kind === 'Name' && isCondition(c) && !excluded.has(c.text)) excluded.set(c.text, c);
    }
  }
  for (const criterion of criteria) {
    for (const clause of criterion.clauses) {
      if (clause.kind !== 'RequireClause') continue;
      for (const name of requiredNames(clause.condition)) {
        const first = excluded.get(name.text);
        if (first === undefined || !isCondition(name)) continue;
        ctx.report(ExcludedAndRequired, name.span, [name.text], {
          related: [{ uri: document.uri, span: first.span, message: `'${name.text}' is excluded here.` }],
        });
      }
    }
  }
}

export const exclusionChecks: Checks = {
  Document: [excludedAndRequired],
};
