/**
 * Candidate lists for did-you-mean, made once per scope, records in scope and purpose: suggest.ts indexes each list
 * once, so thousands of unknown names cost thousands of lookups, not thousands of scans (issue 12, finding 7).
 */
import type { Fact } from '../ast.js';
import { visibleFacts } from '../links.js';
import { factKind } from '../resolve.js';
import type { GuidelineScope } from '../resolve.js';

const candidateLists = new WeakMap<GuidelineScope, Map<Fact | null, Map<string, readonly string[]>>>();

export function kept(scope: GuidelineScope, records: Fact | null, purpose: string, make: () => readonly string[]): readonly string[] {
  let byRecords = candidateLists.get(scope);
  if (byRecords === undefined) candidateLists.set(scope, (byRecords = new Map()));
  let byPurpose = byRecords.get(records);
  if (byPurpose === undefined) byRecords.set(records, (byPurpose = new Map()));
  let list = byPurpose.get(purpose);
  if (list === undefined) byPurpose.set(purpose, (list = make()));
  return list;
}

/** The names of the facts of one kind visible where `records` are in scope (a field hides a fact of its name). */
export function visibleNames(scope: GuidelineScope, records: Fact | null, kind?: string): readonly string[] {
  return kept(scope, records, `facts ${kind ?? ''}`, () => factNames(scope, records, kind));
}

function factNames(scope: GuidelineScope, records: Fact | null, kind: string | undefined): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const f of visibleFacts(scope, records)) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    if (kind === undefined || factKind(f.node.type) === kind) names.push(f.name);
  }
  return names;
}

