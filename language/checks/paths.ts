/**
 * Facts that read one case-file path must agree on what it holds: two facts may read `findings.imaging` as
 * records (x-rays and MRIs of one list), or one documentation item twice, but not one path as a documented item
 * and as a number. The same holds for the fields of each records fact.
 */
import type { Document, Fact } from '../ast.js';
import { PathReadTwoWays } from '../codes.js';
import { factKind } from '../resolve.js';
import type { CheckContext, Checks } from './context.js';
import { describeKind } from './describe.js';

function pathsAgree(_document: Document, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null) return;
  agree([...scope.facts.values()].map((f) => f.node), ctx);
  for (const fields of scope.fields.values()) agree([...fields.values()].map((f) => f.node), ctx);
}

function agree(facts: readonly Fact[], ctx: CheckContext): void {
  const first = new Map<string, Fact>();
  for (const fact of facts) {
    if (fact.type.kind === 'Missing' || fact.type.kind === 'TotalType' || fact.type.path.kind === 'Missing' || fact.name.kind === 'Missing') continue;
    const path = fact.type.path.segments.join('.');
    const earlier = first.get(path);
    if (earlier === undefined) {
      first.set(path, fact);
      continue;
    }
    const kind = factKind(fact.type);
    const earlierKind = factKind(earlier.type);
    if (kind === null || earlierKind === null || kind === earlierKind) continue;
    ctx.report(PathReadTwoWays, fact.type.path.span, [
      fact.name.text,
      path,
      earlier.name.kind === 'Name' ? earlier.name.text : 'another fact',
      describeKind(earlierKind),
      describeKind(kind),
    ]);
  }
}

export const pathChecks: Checks = {
  Document: [pathsAgree],
};
