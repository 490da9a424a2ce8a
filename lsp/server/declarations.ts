/**
 * What a name in a document stands for, for hover, completion, inlay hints and semantic tokens: a look-up in the
 * name tables language/resolve.ts builds (the same tables the checks read), by the name's place in the tree (a name
 * after `cite` is a source, after `route` a route, inside a records fact or a condition over records a field).
 * Go to definition, references and rename are to use the stored name links (language/links.ts) instead.
 */
import type { Criterion, Fact, Name, Node, Route, Source, Threshold, ValueSet } from '../../language/index.js';
import { isMissing } from '../../language/index.js';
import type { Declared, GuidelineScope, Scope } from '../../language/resolve.js';

export type Declaration =
  | { readonly kind: 'fact' | 'field'; readonly declared: Declared<Fact>; readonly records: Fact | null }
  | { readonly kind: 'threshold'; readonly declared: Declared<Threshold> }
  | { readonly kind: 'valueset'; readonly declared: Declared<ValueSet> }
  | { readonly kind: 'source'; readonly declared: Declared<Source> }
  | { readonly kind: 'criterion'; readonly declared: Declared<Criterion> }
  | { readonly kind: 'route'; readonly declared: Declared<Route> };

/** The records fact whose fields are in scope at the end of `chain` (inside its declaration or a condition over it). */
export function recordsInScope(scope: GuidelineScope, chain: readonly Node[]): Fact | null {
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i];
    if (node === undefined) continue;
    if (node.kind === 'Fact' && node.type.kind === 'RecordsType') return node;
    if (node.kind === 'RecordCount' || node.kind === 'AnyRecord' || node.kind === 'EveryRecord') {
      if (isMissing(node.records)) continue;
      const records = scope.facts.get(node.records.text)?.node;
      if (records?.type.kind === 'RecordsType') return records;
    }
  }
  return null;
}

export function declarationOf(scope: Scope | undefined, chain: readonly Node[], name: Name): Declaration | undefined {
  if (scope === undefined || scope.kind === 'none') return undefined;
  const parent = chain.at(-2);
  if (scope.kind === 'library') {
    const v = scope.valueSets.get(name.text);
    return v && { kind: 'valueset', declared: v };
  }
  const text = name.text;
  if (parent?.kind === 'CiteClause') {
    const s = scope.sources.get(text);
    return s && { kind: 'source', declared: s };
  }
  if (parent?.kind === 'RouteClause' || parent?.kind === 'Route') {
    const r = scope.routes.get(text);
    return r && { kind: 'route', declared: r };
  }
  if (parent?.kind === 'Criterion') {
    const c = scope.criteria.get(text);
    if (c) return { kind: 'criterion', declared: c };
  }
  if (parent?.kind === 'Source') {
    const s = scope.sources.get(text);
    if (s) return { kind: 'source', declared: s };
  }
  const records = recordsInScope(scope, chain);
  if (records !== null) {
    const field = scope.fields.get(records)?.get(text);
    if (field) return { kind: 'field', declared: field, records };
  }
  const fact = scope.facts.get(text);
  if (fact) return { kind: 'fact', declared: fact, records: null };
  const threshold = scope.thresholds.get(text);
  if (threshold) return { kind: 'threshold', declared: threshold };
  const valueSet = scope.valueSets.get(text);
  if (valueSet) return { kind: 'valueset', declared: valueSet };
  const criterion = scope.criteria.get(text);
  if (criterion) return { kind: 'criterion', declared: criterion };
  const source = scope.sources.get(text);
  if (source) return { kind: 'source', declared: source };
  const route = scope.routes.get(text);
  if (route) return { kind: 'route', declared: route };
  return undefined;
}

/** The records fact a field declaration belongs to. */
export function recordsOfField(scope: GuidelineScope, field: Fact): Fact | null {
  for (const [records, fields] of scope.fields) for (const f of fields.values()) if (f.node === field) return records;
  return null;
}
