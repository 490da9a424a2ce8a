/**
 * Facts that read one case-file path must agree on what it holds: two facts may read `findings.imaging` as
 * records (x-rays and MRIs of one list), or one documentation item twice, but not one path as a documented item
 * and as a number. The same holds for the fields of each records fact.
 */
import type { Document, Fact } from '../ast.js';
import { PathInsideList, PathReadTwoWays } from '../codes.js';
import type { FactKind } from '../model.js';
import { factKind } from '../resolve.js';
import type { Span } from '../source.js';
import type { CheckContext, Checks } from './context.js';
import { describeKind } from './describe.js';

function pathsAgree(_document: Document, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null) return;
  agree([...scope.facts.values()].map((f) => f.node), ctx);
  for (const fields of scope.fields.values()) agree([...fields.values()].map((f) => f.node), ctx);
}

/** The case paths a fact reads, each with the kind of value it reads there. */
function reads(fact: Fact): { path: string; span: Span; kind: FactKind }[] {
  const type = fact.type;
  if (type.kind === 'Missing' || type.kind === 'TotalType') return [];
  if (type.kind === 'ElapsedType') {
    // `latest surgeries.date` reads a field of records, which that records fact's own fields account for.
    const dates = [type.fromPick === null ? type.path : null, type.toPick === null ? type.to : null];
    return dates.flatMap((p) => (p?.kind === 'Path' ? [{ path: p.segments.join('.'), span: p.span, kind: 'date' as const }] : []));
  }
  const kind = factKind(type);
  return type.path.kind === 'Path' && kind !== null ? [{ path: type.path.segments.join('.'), span: type.path.span, kind }] : [];
}

const lists: readonly FactKind[] = ['records', 'codes', 'count'];

function agree(facts: readonly Fact[], ctx: CheckContext): void {
  const first = new Map<string, { fact: Fact; kind: FactKind }>();
  const all = facts.filter((f) => f.name.kind === 'Name').flatMap((fact) => reads(fact).map((read) => ({ fact, ...read })));
  // Paths read as lists, each with the first read of it as one (its place in `all`).
  const listAt = new Map<string, number>();
  all.forEach((read, i) => {
    if (lists.includes(read.kind) && !listAt.has(read.path)) listAt.set(read.path, i);
  });
  for (const read of all) {
    // A path through a list: `prior_treatments.date` where `prior_treatments` is read as records (the first such read).
    let at: number | undefined;
    for (let dot = read.path.indexOf('.'); dot >= 0; dot = read.path.indexOf('.', dot + 1)) {
      const i = listAt.get(read.path.slice(0, dot));
      if (i !== undefined && (at === undefined || i < at)) at = i;
    }
    const list = at === undefined ? undefined : all[at];
    if (list !== undefined && read.fact.name.kind === 'Name' && list.fact.name.kind === 'Name') {
      ctx.report(PathInsideList, read.span, [read.fact.name.text, read.path, list.path, list.fact.name.text]);
    }
  }
  for (const read of all) {
    const fact = read.fact;
    if (fact.name.kind === 'Missing') continue;
    const earlier = first.get(read.path);
    if (earlier === undefined) {
      first.set(read.path, { fact, kind: read.kind });
      continue;
    }
    if (earlier.kind === read.kind) continue;
    ctx.report(PathReadTwoWays, read.span, [
      fact.name.text,
      read.path,
      earlier.fact.name.kind === 'Name' ? earlier.fact.name.text : 'another fact',
      describeKind(earlier.kind),
      describeKind(read.kind),
    ]);
  }
}

export const pathChecks: Checks = {
  Document: [pathsAgree],
};
