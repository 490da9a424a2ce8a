/**
 * Symbol tables. For every document: what it declares; for every guideline: the sources, facts,
 * fields, criteria and value sets (its own and those of the libraries it `uses`) that names in it
 * may refer to, each a symbol (links.ts). Reports duplicate names (RUB1206) and unknown libraries (RUB1205).
 * Uses of names are linked to these declarations once, by links.ts; the checks report names that link to nothing.
 */
import type {
  Criterion,
  Document,
  Fact,
  FactType,
  GuidelineHeader,
  LibraryHeader,
  Name,
  OrMissing,
  Quantity,
  Route,
  Source,
  Threshold,
  Unit,
  ValueSet,
} from './ast.js';
import { isMissing } from './ast.js';
import { diagnostic, DuplicateName, UnknownLibrary } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import type { Links, Symbol } from './links.js';
import type { FactKind } from './model.js';
import { closest } from './suggest.js';

/** A declaration of one kind and where it is: the symbol of links.ts, with its declaring node typed. */
export type Declared<T> = Extract<Symbol, { readonly node: T }>;

export interface LibraryScope {
  readonly kind: 'library';
  readonly uri: string;
  readonly document: Document;
  readonly header: LibraryHeader;
  readonly id: string | null;
  /** The library itself, when it has a name. */
  readonly symbol: Declared<Document> | null;
  readonly valueSets: ReadonlyMap<string, Declared<ValueSet>>;
  /** Every declaration of the document, in source order, including second declarations of a name (RUB1206). */
  readonly declarations: readonly Symbol[];
  /** Diagnostics about the document's own declarations (duplicates). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface GuidelineScope {
  readonly kind: 'guideline';
  readonly uri: string;
  readonly document: Document;
  readonly header: GuidelineHeader;
  readonly id: string | null;
  /** The guideline itself, when it has a name. */
  readonly symbol: Declared<Document> | null;
  readonly sources: ReadonlyMap<string, Declared<Source>>;
  /** Top-level facts. */
  readonly facts: ReadonlyMap<string, Declared<Fact>>;
  /** Named numbers (`threshold initial_relief_needed "…" 70%`); they share the facts' names. */
  readonly thresholds: ReadonlyMap<string, Declared<Threshold>>;
  /** The fields of each records fact. */
  readonly fields: ReadonlyMap<Fact, ReadonlyMap<string, Declared<Fact>>>;
  readonly criteria: ReadonlyMap<string, Declared<Criterion>>;
  /** Routes declared under `routes`, in declaration order. */
  readonly routes: ReadonlyMap<string, Declared<Route>>;
  /** The guideline's own value sets and those of the libraries it uses. */
  readonly valueSets: ReadonlyMap<string, Declared<ValueSet>>;
  /** The libraries each `uses` name resolved to (the names that resolved). */
  readonly usedLibraries: ReadonlyMap<Name, LibraryScope>;
  /** Uris of the libraries it uses (resolved ones only). */
  readonly libraries: readonly string[];
  /** True when a `uses` names a library that was not found: an unknown value set may be one it would have held. */
  readonly missingLibrary: boolean;
  /** Every declaration of the document, in source order, including second declarations of a name (RUB1206). */
  readonly declarations: readonly Symbol[];
  /** Diagnostics about the document's declarations and `uses` lines (duplicates, unknown libraries). */
  readonly diagnostics: readonly Diagnostic[];
}

/** A document without a readable header: nothing can be resolved in it (the parser reported why). */
export interface UnknownScope {
  readonly kind: 'none';
  readonly uri: string;
  readonly document: Document;
  readonly declarations: readonly Symbol[];
  readonly diagnostics: readonly Diagnostic[];
}

export type Scope = GuidelineScope | LibraryScope | UnknownScope;

/** The scopes of a set of documents, and the libraries found by name across them. */
export interface Resolved {
  readonly scopes: readonly Scope[];
  readonly libraries: ReadonlyMap<string, LibraryScope>;
}

const nameOf = (node: OrMissing<Name>): Name | null => (isMissing(node) ? null : node);

export const factKind = (type: OrMissing<FactType>): FactKind | null => {
  switch (type.kind) {
    case 'DocumentedType':
      return 'documented';
    case 'NumberType':
      return 'number';
    case 'CountType':
      return 'count';
    case 'TotalType':
    case 'ElapsedType':
      // To the checks, a total or an elapsed time is a number like any other; the model records how it is computed.
      return 'number';
    case 'CodesType':
      return 'codes';
    case 'TextType':
      return 'text';
    case 'DateType':
      return 'date';
    case 'RecordsType':
      return 'records';
    case 'Missing':
      return null;
  }
};

/** Makes a symbol for every declaration, and keeps the first of each name in a table, reporting a second one. */
class Table<S extends Symbol> {
  readonly map = new Map<string, S>();
  constructor(
    private readonly what: string,
    private readonly diagnostics: Diagnostic[],
    private readonly declarations: Symbol[],
  ) {}

  /** Declares `node` under `name`; returns its symbol (null when the name is missing). */
  declare(kind: S['kind'], node: S['node'], name: OrMissing<Name>, uri: string, container?: Symbol): S | null {
    const n = nameOf(name);
    if (n === null) return null;
    const symbol = { kind, name: n.text, uri, nameNode: n, node, ...(container !== undefined ? { container } : {}) } as S;
    this.declarations.push(symbol);
    this.add(symbol);
    return symbol;
  }

  /** Adds a symbol declared elsewhere (a library's value set); `reportAt` is where a clash is reported. */
  add(symbol: S, reportAt?: { uri: string; span: Name['span'] }): void {
    const first = this.map.get(symbol.name);
    if (first !== undefined) {
      const at = reportAt ?? { uri: symbol.uri, span: symbol.nameNode.span };
      this.diagnostics.push(
        diagnostic(DuplicateName, at.uri, at.span, [this.what, symbol.name], {
          related: [{ uri: first.uri, span: first.nameNode.span, message: `'${symbol.name}' is first declared here.` }],
        }),
      );
      return;
    }
    this.map.set(symbol.name, symbol);
  }
}

/** What a library declares: its value sets. Depends on its own document only. */
export function libraryScope(document: Document, header: LibraryHeader): LibraryScope {
  const diagnostics: Diagnostic[] = [];
  const declarations: Symbol[] = [];
  const libraryName = nameOf(header.name);
  const symbol: Declared<Document> | null =
    libraryName === null ? null : { kind: 'library', name: libraryName.text, uri: document.uri, nameNode: libraryName, node: document };
  if (symbol !== null) declarations.push(symbol);
  const valueSets = new Table<Declared<ValueSet>>('value set', diagnostics, declarations);
  for (const section of document.sections) {
    if (section.kind === 'ValueSet') valueSets.declare('valueset', section, section.name, document.uri);
  }
  return { kind: 'library', uri: document.uri, document, header, id: libraryName?.text ?? null, symbol, valueSets: valueSets.map, declarations, diagnostics };
}

/** What a guideline declares and which libraries its `uses` lines name. Depends on its document and those libraries. */
export function guidelineScope(document: Document, header: GuidelineHeader, libraries: ReadonlyMap<string, LibraryScope>): GuidelineScope {
  const uri = document.uri;
  const diagnostics: Diagnostic[] = [];
  const declarations: Symbol[] = [];
  const guidelineName = nameOf(header.name);
  const symbol: Declared<Document> | null =
    guidelineName === null ? null : { kind: 'guideline', name: guidelineName.text, uri, nameNode: guidelineName, node: document };
  if (symbol !== null) declarations.push(symbol);
  const sources = new Table<Declared<Source>>('source', diagnostics, declarations);
  const facts = new Table<Declared<Fact>>('fact', diagnostics, declarations);
  const thresholds = new Table<Declared<Threshold>>('threshold', diagnostics, declarations);
  const criteria = new Table<Declared<Criterion>>('criterion', diagnostics, declarations);
  const routes = new Table<Declared<Route>>('route', diagnostics, declarations);
  const valueSets = new Table<Declared<ValueSet>>('value set', diagnostics, declarations);
  const fields = new Map<Fact, ReadonlyMap<string, Declared<Fact>>>();
  const usedLibraries = new Map<Name, LibraryScope>();
  const used: string[] = [];
  let missingLibrary = false;

  // Local value sets first, so a clash with a library is reported at the guideline's own line.
  for (const section of document.sections) {
    if (section.kind === 'ValueSet') valueSets.declare('valueset', section, section.name, uri);
  }
  for (const section of document.sections) {
    switch (section.kind) {
      case 'Uses':
        for (const lib of section.libraries) {
          const n = nameOf(lib);
          if (n === null) continue;
          const library = libraries.get(n.text);
          if (library === undefined) {
            const suggestion = closest(n.text, libraries.keys());
            diagnostics.push(diagnostic(UnknownLibrary, uri, n.span, [n.text, suggestion], { suggestion }));
            missingLibrary = true;
            continue;
          }
          usedLibraries.set(n, library);
          if (used.includes(library.uri)) continue;
          used.push(library.uri);
          for (const declared of library.valueSets.values()) {
            const local = valueSets.map.get(declared.name);
            if (local !== undefined && local.uri === uri) {
              diagnostics.push(
                diagnostic(DuplicateName, uri, local.nameNode.span, ['value set', declared.name], {
                  related: [{ uri: declared.uri, span: declared.nameNode.span, message: `'${declared.name}' is declared in library '${n.text}'.` }],
                }),
              );
              continue;
            }
            valueSets.add(declared, { uri, span: n.span });
          }
        }
        break;
      case 'Sources':
        for (const source of section.sources) sources.declare('source', source, source.name, uri);
        break;
      case 'Facts':
        for (const fact of section.facts) {
          const records = facts.declare('fact', fact, fact.name, uri);
          if (fact.type.kind === 'RecordsType') {
            const table = new Table<Declared<Fact>>(`field of ${nameOf(fact.name)?.text ?? 'these records'}`, diagnostics, declarations);
            for (const field of fact.type.fields) table.declare('field', field, field.name, uri, records ?? undefined);
            fields.set(fact, table.map);
          }
        }
        break;
      case 'Thresholds':
        for (const threshold of section.thresholds) {
          const name = nameOf(threshold.name);
          const fact = name === null ? undefined : facts.map.get(name.text);
          if (name !== null && fact !== undefined) {
            // Facts and thresholds share names: `{x}` in a reason must mean one thing.
            diagnostics.push(
              diagnostic(DuplicateName, uri, name.span, ['fact', name.text], {
                related: [{ uri: fact.uri, span: fact.nameNode.span, message: `'${name.text}' is first declared here.` }],
              }),
            );
            declarations.push({ kind: 'threshold', name: name.text, uri, nameNode: name, node: threshold });
            continue;
          }
          thresholds.declare('threshold', threshold, threshold.name, uri);
        }
        break;
      case 'Criteria':
        for (const criterion of section.criteria) criteria.declare('criterion', criterion, criterion.name, uri);
        break;
      case 'Routes':
        for (const route of section.routes) routes.declare('route', route, route.name, uri);
        break;
      case 'ValueSet':
        break;
    }
  }
  declarations.sort((a, b) => a.nameNode.span.start - b.nameNode.span.start);
  return {
    kind: 'guideline',
    uri,
    document,
    header,
    id: guidelineName?.text ?? null,
    symbol,
    sources: sources.map,
    facts: facts.map,
    thresholds: thresholds.map,
    fields,
    criteria: criteria.map,
    routes: routes.map,
    valueSets: valueSets.map,
    usedLibraries,
    libraries: used,
    missingLibrary,
    declarations,
    diagnostics,
  };
}

/**
 * Scopes already built, reused while their inputs are the same: a library's scope while its document is, a
 * guideline's while its document is and its `uses` names find the same libraries (the workspace keeps one).
 */
export class ScopeCache {
  readonly #libraries = new WeakMap<Document, LibraryScope>();
  readonly #guidelines = new WeakMap<Document, { readonly key: readonly unknown[]; readonly scope: GuidelineScope }>();

  library(document: Document, header: LibraryHeader): LibraryScope {
    let scope = this.#libraries.get(document);
    if (scope === undefined) this.#libraries.set(document, (scope = libraryScope(document, header)));
    return scope;
  }

  guideline(document: Document, header: GuidelineHeader, libraries: ReadonlyMap<string, LibraryScope>): GuidelineScope {
    const key = usesKey(document, libraries);
    const cached = this.#guidelines.get(document);
    if (cached !== undefined && cached.key.length === key.length && cached.key.every((k, i) => k === key[i])) return cached.scope;
    const scope = guidelineScope(document, header, libraries);
    this.#guidelines.set(document, { key, scope });
    return scope;
  }
}

/** What a guideline's scope depends on beyond its document: the library each `uses` name finds (and, for a name that finds none, which names there are to suggest). */
function usesKey(document: Document, libraries: ReadonlyMap<string, LibraryScope>): unknown[] {
  const key: unknown[] = [];
  let unknown = false;
  for (const section of document.sections) {
    if (section.kind !== 'Uses') continue;
    for (const lib of section.libraries) {
      const library = lib.kind === 'Name' ? libraries.get(lib.text) : undefined;
      key.push(library ?? null);
      if (lib.kind === 'Name' && library === undefined) unknown = true;
    }
  }
  if (unknown) key.push([...libraries.keys()].join(' '));
  return key;
}

/**
 * Builds the scopes of every document; libraries are found by name across all of them. Returns every diagnostic
 * about declarations: each scope's own and those across documents (two libraries or guidelines with one name).
 */
export function resolve(documents: readonly Document[], cache: ScopeCache = new ScopeCache()): { resolved: Resolved; diagnostics: Diagnostic[] } {
  const across: Diagnostic[] = [];
  const libraries = new Map<string, LibraryScope>();
  const libraryNames = new Table<Declared<Document>>('library', across, []);
  const guidelineNames = new Table<Declared<Document>>('guideline', across, []);
  const scopes = new Map<Document, Scope>();

  for (const document of documents) {
    if (document.header.kind !== 'LibraryHeader') continue;
    const scope = cache.library(document, document.header);
    scopes.set(document, scope);
    if (scope.symbol !== null) libraryNames.add(scope.symbol);
    if (scope.id !== null && !libraries.has(scope.id)) libraries.set(scope.id, scope);
  }
  for (const document of documents) {
    const header = document.header;
    if (header.kind !== 'GuidelineHeader') continue;
    const scope = cache.guideline(document, header, libraries);
    if (scope.symbol !== null) guidelineNames.add(scope.symbol);
    scopes.set(document, scope);
  }
  const all = documents.map((d): Scope => scopes.get(d) ?? { kind: 'none', uri: d.uri, document: d, declarations: [], diagnostics: [] });
  return { resolved: { scopes: all, libraries }, diagnostics: [...all.flatMap((s) => s.diagnostics), ...across] };
}

// ── Questions about declarations ─────────────────────────────────────────────────────────────────
// Names are resolved once, in links.ts; these answer questions about what they resolved to.

/** Top-level facts of one kind (and, for codes facts, one system). */
export function topLevelFacts(scope: GuidelineScope, kind: FactKind, predicate: (fact: Fact) => boolean = () => true): Declared<Fact>[] {
  return [...scope.facts.values()].filter((f) => factKind(f.node.type) === kind && predicate(f.node));
}

/** Top-level `count`/`number` facts measured in levels: the one `max_levels` compares. */
export const levelsFacts = (scope: GuidelineScope): Declared<Fact>[] =>
  [...topLevelFacts(scope, 'count'), ...topLevelFacts(scope, 'number')].filter(
    (f) => (f.node.type.kind === 'CountType' || f.node.type.kind === 'NumberType') && f.node.type.unit?.unit === 'levels',
  );

export const codesSystemOf = (fact: Fact): string | null =>
  fact.type.kind === 'CodesType' && !isMissing(fact.type.system) ? fact.type.system.system : null;

export const valueSetSystem = (valueSet: ValueSet): string | null => valueSet.codes[0]?.system ?? null;

/** The codes fact a value set is searched in, or why there is none (each reported by references.ts). */
export type CodesFact =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly why: 'unknown' }
  | { readonly ok: false; readonly why: 'mismatch'; readonly system: string; readonly factSystem: string }
  | { readonly ok: false; readonly why: 'count'; readonly system: string; readonly found: number };

/**
 * The codes fact a value set is searched in: the one named after `in` (`within`, already linked), or the single
 * top-level codes fact of the value set's system.
 */
export function codesFactFor(scope: GuidelineScope, valueSet: ValueSet, within: Fact | null, withinName: string | null): CodesFact {
  const system = valueSetSystem(valueSet);
  if (system === null) return { ok: false, why: 'unknown' };
  if (withinName !== null) {
    const factSystem = within === null ? null : codesSystemOf(within);
    if (factSystem === null) return { ok: false, why: 'unknown' }; // reported once, at the `in` name
    if (factSystem !== system) return { ok: false, why: 'mismatch', system, factSystem };
    return { ok: true, id: withinName };
  }
  const candidates = topLevelFacts(scope, 'codes', (f) => codesSystemOf(f) === system);
  const only = candidates[0];
  if (candidates.length !== 1 || only === undefined) return { ok: false, why: 'count', system, found: candidates.length };
  return { ok: true, id: only.name };
}

/** The records fact and field a `total of <records>.<field>` adds up, when both are declared. */
export function totalOf(links: Links, fact: Fact): { readonly records: Fact; readonly field: Fact } | undefined {
  if (fact.type.kind !== 'TotalType' || isMissing(fact.type.path)) return undefined;
  const [recordsName, fieldName, ...rest] = links.segmentsOf(fact.type.path);
  if (recordsName === undefined || fieldName === undefined || rest.length > 0) return undefined;
  const records = links.declarationOf(recordsName);
  const field = links.declarationOf(fieldName);
  if (records?.kind !== 'fact' || records.node.type.kind !== 'RecordsType' || field?.kind !== 'field') return undefined;
  return { records: records.node, field: field.node };
}

/** The unit a number fact is measured in: its declared unit, or for a total, its field's. */
export function unitOf(links: Links, fact: Fact): Unit | null {
  switch (fact.type.kind) {
    case 'NumberType':
    case 'CountType':
    case 'ElapsedType':
      return fact.type.unit?.unit ?? null;
    case 'TotalType': {
      const total = totalOf(links, fact);
      return total === undefined ? null : unitOf(links, total.field);
    }
    default:
      return null;
  }
}

/** The number a comparison or `max_levels` is given: written out, or the quantity of the threshold it names. */
export function amountOf(links: Links, value: Quantity | Name): Quantity | undefined {
  if (value.kind === 'Quantity') return value;
  const threshold = links.declarationOf(value);
  return threshold?.kind !== 'threshold' || isMissing(threshold.node.value) ? undefined : threshold.node.value;
}

/** A threshold as reason text prints it: `70%`, `6 weeks`, `2 levels`, `2`. */
export function quantityText(quantity: Quantity): string {
  const unit = quantity.unit;
  if (unit === null) return quantity.number.raw;
  return unit.raw === '%' ? `${quantity.number.raw}%` : `${quantity.number.raw} ${unit.raw}`;
}
