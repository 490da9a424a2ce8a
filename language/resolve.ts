/**
 * Symbol tables. For every document: what it declares; for every guideline: the sources, facts,
 * fields, criteria and value sets (its own and those of the libraries it `uses`) that names in it
 * may refer to. Reports duplicate names (RUB1206) and unknown libraries (RUB1205); everything else
 * about names is reported by the checks, which look names up here.
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
import type { FactKind } from './model.js';
import { closest } from './suggest.js';

/** A declaration and where it is. */
export interface Declared<T> {
  readonly node: T;
  readonly name: Name;
  readonly uri: string;
}

export interface LibraryScope {
  readonly kind: 'library';
  readonly uri: string;
  readonly document: Document;
  readonly header: LibraryHeader;
  readonly id: string | null;
  readonly valueSets: ReadonlyMap<string, Declared<ValueSet>>;
}

export interface GuidelineScope {
  readonly kind: 'guideline';
  readonly uri: string;
  readonly document: Document;
  readonly header: GuidelineHeader;
  readonly id: string | null;
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
  /** Uris of the libraries it uses (resolved ones only). */
  readonly libraries: readonly string[];
  /** True when a `uses` names a library that was not found: an unknown value set may be one it would have held. */
  readonly missingLibrary: boolean;
}

/** A document without a readable header: nothing can be resolved in it (the parser reported why). */
export interface UnknownScope {
  readonly kind: 'none';
  readonly uri: string;
  readonly document: Document;
}

export type Scope = GuidelineScope | LibraryScope | UnknownScope;

export interface Workspace {
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

/** Collects declarations of one namespace, reporting a second declaration of a name. */
class Table<T> {
  readonly map = new Map<string, Declared<T>>();
  constructor(
    private readonly what: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  add(node: T, name: OrMissing<Name>, uri: string, reportAt?: { uri: string; span: Name['span'] }): void {
    const n = nameOf(name);
    if (n === null) return;
    const first = this.map.get(n.text);
    if (first !== undefined) {
      const at = reportAt ?? { uri, span: n.span };
      this.diagnostics.push(
        diagnostic(DuplicateName, at.uri, at.span, [this.what, n.text], {
          related: [{ uri: first.uri, span: first.name.span, message: `'${n.text}' is first declared here.` }],
        }),
      );
      return;
    }
    this.map.set(n.text, { node, name: n, uri });
  }
}

function libraryScope(document: Document, header: LibraryHeader, diagnostics: Diagnostic[]): LibraryScope {
  const valueSets = new Table<ValueSet>('value set', diagnostics);
  for (const section of document.sections) {
    if (section.kind === 'ValueSet') valueSets.add(section, section.name, document.uri);
  }
  const id = nameOf(header.name)?.text ?? null;
  return { kind: 'library', uri: document.uri, document, header, id, valueSets: valueSets.map };
}

function guidelineScope(
  document: Document,
  header: GuidelineHeader,
  libraries: ReadonlyMap<string, LibraryScope>,
  diagnostics: Diagnostic[],
): GuidelineScope {
  const uri = document.uri;
  const sources = new Table<Source>('source', diagnostics);
  const facts = new Table<Fact>('fact', diagnostics);
  const thresholds = new Table<Threshold>('threshold', diagnostics);
  const criteria = new Table<Criterion>('criterion', diagnostics);
  const routes = new Table<Route>('route', diagnostics);
  const valueSets = new Table<ValueSet>('value set', diagnostics);
  const fields = new Map<Fact, ReadonlyMap<string, Declared<Fact>>>();
  const used: string[] = [];
  let missingLibrary = false;

  // Local value sets first, so a clash with a library is reported at the guideline's own line.
  for (const section of document.sections) {
    if (section.kind === 'ValueSet') valueSets.add(section, section.name, uri);
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
          if (used.includes(library.uri)) continue;
          used.push(library.uri);
          for (const declared of library.valueSets.values()) {
            const local = valueSets.map.get(declared.name.text);
            if (local !== undefined && local.uri === uri) {
              diagnostics.push(
                diagnostic(DuplicateName, uri, local.name.span, ['value set', declared.name.text], {
                  related: [{ uri: declared.uri, span: declared.name.span, message: `'${declared.name.text}' is declared in library '${n.text}'.` }],
                }),
              );
              continue;
            }
            valueSets.add(declared.node, declared.name, declared.uri, { uri, span: n.span });
          }
        }
        break;
      case 'Sources':
        for (const source of section.sources) sources.add(source, source.name, uri);
        break;
      case 'Facts':
        for (const fact of section.facts) {
          facts.add(fact, fact.name, uri);
          if (fact.type.kind === 'RecordsType') {
            const table = new Table<Fact>(`field of ${nameOf(fact.name)?.text ?? 'these records'}`, diagnostics);
            for (const field of fact.type.fields) table.add(field, field.name, uri);
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
                related: [{ uri: fact.uri, span: fact.name.span, message: `'${name.text}' is first declared here.` }],
              }),
            );
            continue;
          }
          thresholds.add(threshold, threshold.name, uri);
        }
        break;
      case 'Criteria':
        for (const criterion of section.criteria) criteria.add(criterion, criterion.name, uri);
        break;
      case 'Routes':
        for (const route of section.routes) routes.add(route, route.name, uri);
        break;
      case 'ValueSet':
        break;
    }
  }
  return {
    kind: 'guideline',
    uri,
    document,
    header,
    id: nameOf(header.name)?.text ?? null,
    sources: sources.map,
    facts: facts.map,
    thresholds: thresholds.map,
    fields,
    criteria: criteria.map,
    routes: routes.map,
    valueSets: valueSets.map,
    libraries: used,
    missingLibrary,
  };
}

/** Builds the scopes of every document; libraries are found by name across all of them. */
export function resolve(documents: readonly Document[]): { workspace: Workspace; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const libraries = new Map<string, LibraryScope>();
  const libraryNames = new Table<Document>('library', diagnostics);
  const guidelineNames = new Table<Document>('guideline', diagnostics);
  const scopes = new Map<Document, Scope>();

  for (const document of documents) {
    if (document.header.kind !== 'LibraryHeader') continue;
    const scope = libraryScope(document, document.header, diagnostics);
    scopes.set(document, scope);
    libraryNames.add(document, document.header.name, document.uri);
    if (scope.id !== null && !libraries.has(scope.id)) libraries.set(scope.id, scope);
  }
  for (const document of documents) {
    const header = document.header;
    if (header.kind === 'GuidelineHeader') {
      guidelineNames.add(document, header.name, document.uri);
      scopes.set(document, guidelineScope(document, header, libraries, diagnostics));
    } else if (header.kind === 'Missing') {
      scopes.set(document, { kind: 'none', uri: document.uri, document });
    }
  }
  return {
    workspace: { scopes: documents.map((d) => scopes.get(d) ?? { kind: 'none', uri: d.uri, document: d }), libraries },
    diagnostics,
  };
}

// ── Looking names up ─────────────────────────────────────────────────────────────────────────────

/** A fact found for a name: a field of the records in scope, or a top-level fact. */
export interface FoundFact {
  readonly fact: Fact;
  readonly scope: 'case' | 'record';
  readonly id: string;
}

/** Fields of the records in scope first, then top-level facts. */
export function lookupFact(scope: GuidelineScope, records: Fact | null, name: string): FoundFact | undefined {
  const field = records === null ? undefined : scope.fields.get(records)?.get(name);
  if (field !== undefined) return { fact: field.node, scope: 'record', id: name };
  const fact = scope.facts.get(name);
  if (fact !== undefined) return { fact: fact.node, scope: 'case', id: name };
  return undefined;
}

/** The names `lookupFact` could have found, for did-you-mean. */
export function factNames(scope: GuidelineScope, records: Fact | null): string[] {
  const fields = records === null ? [] : [...(scope.fields.get(records)?.keys() ?? [])];
  return [...fields, ...scope.facts.keys()];
}

/** Top-level facts of one kind (and, for codes facts, one system). */
export function topLevelFacts(scope: GuidelineScope, kind: FactKind, predicate: (fact: Fact) => boolean = () => true): Declared<Fact>[] {
  return [...scope.facts.values()].filter((f) => factKind(f.node.type) === kind && predicate(f.node));
}

export const codesSystemOf = (fact: Fact): string | null =>
  fact.type.kind === 'CodesType' && !isMissing(fact.type.system) ? fact.type.system.system : null;

export const valueSetSystem = (valueSet: ValueSet): string | null => valueSet.codes[0]?.system ?? null;

/** The records fact and field a `total of <records>.<field>` adds up, when both are declared. */
export function totalOf(scope: GuidelineScope, fact: Fact): { readonly records: Fact; readonly field: Fact } | undefined {
  if (fact.type.kind !== 'TotalType' || isMissing(fact.type.path)) return undefined;
  const [recordsName, fieldName, ...rest] = fact.type.path.segments;
  if (recordsName === undefined || fieldName === undefined || rest.length > 0) return undefined;
  const records = scope.facts.get(recordsName)?.node;
  if (records === undefined || records.type.kind !== 'RecordsType') return undefined;
  const field = scope.fields.get(records)?.get(fieldName)?.node;
  return field === undefined ? undefined : { records, field };
}

/** The unit a number fact is measured in: its declared unit, or for a total, its field's. */
export function unitOf(scope: GuidelineScope | null, fact: Fact): Unit | null {
  switch (fact.type.kind) {
    case 'NumberType':
    case 'CountType':
    case 'ElapsedType':
      return fact.type.unit?.unit ?? null;
    case 'TotalType': {
      const total = scope === null ? undefined : totalOf(scope, fact);
      return total === undefined ? null : unitOf(scope, total.field);
    }
    default:
      return null;
  }
}

/** The number a comparison or `max_levels` is given: written out, or the quantity of the threshold it names. */
export function amountOf(scope: GuidelineScope, value: Quantity | Name): Quantity | undefined {
  if (value.kind === 'Quantity') return value;
  const threshold = scope.thresholds.get(value.text)?.node;
  return threshold === undefined || isMissing(threshold.value) ? undefined : threshold.value;
}

/** A threshold as reason text prints it: `70%`, `6 weeks`, `2 levels`, `2`. */
export function quantityText(quantity: Quantity): string {
  const unit = quantity.unit;
  if (unit === null) return quantity.number.raw;
  return unit.raw === '%' ? `${quantity.number.raw}%` : `${quantity.number.raw} ${unit.raw}`;
}
