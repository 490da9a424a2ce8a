/**
 * Names resolved once, links stored (Langium's linker): every use of a name (an AST `Name`, a `{placeholder}` in
 * reason text, a segment of `total of x.y` / `latest x.y`) → the declaration it stands for, and every declaration →
 * its uses, across documents and the libraries guidelines `use`. The records scope of `where` / `every … has` is
 * decided here: inside it, the fields of those records come before the guideline's facts.
 *
 * The checks, build-model.ts and the language server read these links; nothing else resolves a name. A name that
 * links to nothing is reported by the check that knows what was expected there (with a did-you-mean).
 */
import type {
  Condition,
  CriterionClause,
  Document,
  Criterion,
  Fact,
  FactType,
  Name,
  OrMissing,
  Path,
  Route,
  Source,
  Text,
  Threshold,
  ValueSet,
} from './ast.js';
import { listOf } from './lists.js';
import { factKind } from './resolve.js';
import type { Declared, GuidelineScope, LibraryScope, Resolved, Scope } from './resolve.js';
import type { Span } from './source.js';
import { parseTemplate } from './template.js';
import type { ParsedTemplate, Placeholder } from './template.js';

export type SymbolKind = 'fact' | 'field' | 'valueset' | 'source' | 'threshold' | 'criterion' | 'route' | 'library' | 'guideline';

interface SymbolOf<K extends SymbolKind, N> {
  readonly kind: K;
  /** The declared name. */
  readonly name: string;
  /** The document that declares it. */
  readonly uri: string;
  /** The name as written in the declaration. */
  readonly nameNode: Name;
  /** The declaration: the fact, value set, source, … (for a guideline or a library, its document). */
  readonly node: N;
  /** For a field: the records fact it belongs to. */
  readonly container?: Symbol;
}

/** Something a name can stand for. */
export type Symbol =
  | SymbolOf<'fact', Fact>
  | SymbolOf<'field', Fact>
  | SymbolOf<'valueset', ValueSet>
  | SymbolOf<'source', Source>
  | SymbolOf<'threshold', Threshold>
  | SymbolOf<'criterion', Criterion>
  | SymbolOf<'route', Route>
  | SymbolOf<'library', Document>
  | SymbolOf<'guideline', Document>;

/** One use of a declared name. */
export interface NameUse {
  readonly uri: string;
  readonly name: Name;
  readonly symbol: Symbol;
}

/** A `{placeholder}` of reason text: its braces and the name between them (a `Name` the links resolve). */
export interface LinkedPlaceholder {
  readonly placeholder: Placeholder;
  readonly name: Name;
}

/** A reason, note or question template, parsed once. */
export interface LinkedTemplate extends ParsedTemplate {
  readonly names: readonly LinkedPlaceholder[];
}

export interface Links {
  /** The declaration a name stands for; undefined when it stands for nothing (a check reports it). */
  declarationOf(use: Name): Symbol | undefined;
  /** Every use of a symbol, in every document, in source order per document. */
  usesOf(symbol: Symbol): readonly NameUse[];
  /** The symbol whose declaration or use is under the offset (an offset just after a name counts). */
  symbolAt(uri: string, offset: number): { readonly symbol: Symbol; readonly name: Name } | undefined;
  /** Every declaration in a document, in source order (a second declaration of a name too). */
  declarationsIn(uri: string): readonly Symbol[];
  /**
   * What a name written at the offset could stand for, for completion: the fields of the records in scope first,
   * then the facts, thresholds, value sets (the libraries' too), sources, criteria, routes, and every library.
   */
  visibleAt(uri: string, offset: number): readonly Symbol[];
  /** The names the segments of a path stand for, with their spans (`prior_pt` and `visits` in `total of prior_pt.visits`). */
  segmentsOf(path: Path): readonly Name[];
  /** A reason text's template, with its placeholders as names. */
  templateOf(text: Text): LinkedTemplate;
  /** The symbol a declaration declares (a fact, a field, a value set, …). */
  symbolOf(node: Symbol['node']): Symbol | undefined;
}

// ── The records scope ────────────────────────────────────────────────────────────────────────────

/** The facts a name may stand for where `records` are in scope: their fields first, then the guideline's facts. */
export function visibleFacts(scope: GuidelineScope, records: Fact | null): Declared<Fact>[] {
  const fields = records === null ? undefined : scope.fields.get(records);
  return [...(fields?.values() ?? []), ...scope.facts.values()];
}

function findFact(scope: GuidelineScope, records: Fact | null, name: string): Declared<Fact> | undefined {
  return (records === null ? undefined : scope.fields.get(records)?.get(name)) ?? scope.facts.get(name);
}

/** True when a symbol is a records fact (or a field holding records). */
export const isRecordsSymbol = (symbol: Symbol | undefined): symbol is Declared<Fact> =>
  (symbol?.kind === 'fact' || symbol?.kind === 'field') && factKind(symbol.node.type) === 'records';

/** The fact (or field) a symbol declares, if it is one. */
export const factOf = (symbol: Symbol | undefined): Fact | undefined =>
  symbol?.kind === 'fact' || symbol?.kind === 'field' ? symbol.node : undefined;

// ── Linking one document ─────────────────────────────────────────────────────────────────────────

/** Where a records scope holds: inside `where` / `has`, or a records declaration. */
interface Region {
  readonly span: Span;
  readonly records: Fact;
}

/** The links of one document; the workspace keeps them while the document and the libraries it uses are unchanged. */
export interface DocumentLinks {
  readonly uri: string;
  readonly scope: Scope;
  readonly uses: ReadonlyMap<Name, Symbol>;
  /** Uses in source order. */
  readonly useList: readonly NameUse[];
  readonly regions: readonly Region[];
  readonly templates: ReadonlyMap<Text, LinkedTemplate>;
  readonly segments: ReadonlyMap<Path, readonly Name[]>;
}

type PathSegment = string | { readonly name: string; readonly span?: Span };

/** Names for a path's segments: their own spans when the parser gives them, else computed from the raw text. */
function segmentNames(path: Path): Name[] {
  const names: Name[] = [];
  let at = 0;
  for (const segment of path.segments as readonly PathSegment[]) {
    const text = typeof segment === 'string' ? segment : segment.name;
    if (typeof segment !== 'string' && segment.span !== undefined) {
      names.push({ kind: 'Name', span: segment.span, text });
      continue;
    }
    const index = path.raw.indexOf(text, at);
    const start = path.span.start + (index < 0 ? at : index);
    names.push({ kind: 'Name', span: { start, end: start + text.length }, text });
    at = (index < 0 ? at : index) + text.length;
  }
  return names;
}

/** Parses a template and makes a name of each placeholder, spanning the name between the braces. */
function linkTemplate(text: Text, sourceText: string | undefined): LinkedTemplate {
  const raw = text.raw;
  if (raw.indexOf('{') < 0 && raw.indexOf('}') < 0 && raw.indexOf('\\') < 0) {
    // No braces and no escapes (most reasons): the text between the quotes is the one part, as parseTemplate finds.
    const first = raw.startsWith('"') ? 1 : 0;
    const close = raw.indexOf('"', first);
    const literal = raw.slice(first, close < 0 ? raw.length : close);
    return { parts: literal === '' ? [] : [{ kind: 'text', text: literal }], placeholders: [], names: [] };
  }
  const template = parseTemplate(text);
  const names = listOf(template.placeholders, (placeholder): LinkedPlaceholder => {
    const inner = sourceText?.slice(placeholder.span.start, placeholder.span.end) ?? '';
    const index = inner.indexOf(placeholder.name);
    const start = index < 0 ? placeholder.span.start + 1 : placeholder.span.start + index;
    return { placeholder, name: { kind: 'Name', span: { start, end: start + placeholder.name.length }, text: placeholder.name } };
  });
  return { ...template, names };
}

class Linker {
  readonly uses = new Map<Name, Symbol>();
  readonly useList: NameUse[] = [];
  readonly regions: Region[] = [];
  readonly templates = new Map<Text, LinkedTemplate>();
  readonly segments = new Map<Path, readonly Name[]>();

  constructor(
    private readonly scope: GuidelineScope,
    private readonly sourceText: string | undefined,
  ) {}

  private use(name: Name, symbol: Symbol | undefined): void {
    if (symbol === undefined) return;
    this.uses.set(name, symbol);
    this.useList.push({ uri: this.scope.uri, name, symbol });
  }

  private fact(name: OrMissing<Name> | null, records: Fact | null): Declared<Fact> | undefined {
    if (name === null || name.kind === 'Missing') return undefined;
    const found = findFact(this.scope, records, name.text);
    this.use(name, found);
    return found;
  }

  private threshold(value: OrMissing<{ readonly kind: string }> | null): void {
    if (value !== null && value.kind === 'Name') {
      const name = value as Name;
      this.use(name, this.scope.thresholds.get(name.text));
    }
  }

  private cites(sources: readonly OrMissing<Name>[]): void {
    for (const s of sources) if (s.kind === 'Name') this.use(s, this.scope.sources.get(s.text));
  }

  /** `{name}` in reason text: a top-level fact or a threshold. */
  private text(text: OrMissing<Text> | null): void {
    if (text === null || text.kind === 'Missing') return;
    const linked = linkTemplate(text, this.sourceText);
    this.templates.set(text, linked);
    for (const p of linked.names) this.use(p.name, this.scope.facts.get(p.name.text) ?? this.scope.thresholds.get(p.name.text));
  }

  /** `total of x.y`, `latest x.y`: a top-level records fact, then one of its fields. */
  private recordsPath(path: OrMissing<Path>): void {
    if (path.kind === 'Missing') return;
    const names = segmentNames(path);
    this.segments.set(path, names);
    const [recordsName, fieldName, ...rest] = names;
    if (recordsName === undefined) return;
    const records = this.scope.facts.get(recordsName.text);
    this.use(recordsName, records);
    if (records === undefined || fieldName === undefined || rest.length > 0) return;
    this.use(fieldName, this.scope.fields.get(records.node)?.get(fieldName.text));
  }

  link(): void {
    const { header, document } = this.scope;
    for (const clause of header.clauses) {
      if (clause.kind === 'RecommendationClause' && clause.cite !== null) this.cites(clause.cite.sources);
      if (clause.kind === 'AppliesClause') {
        this.condition(clause.condition, null);
        for (const c of clause.clauses) if (c.kind === 'CiteClause') this.cites(c.sources);
        else this.text(c.text);
      }
    }
    for (const section of document.sections) {
      switch (section.kind) {
        case 'Uses':
          for (const lib of section.libraries) if (lib.kind === 'Name') this.use(lib, this.scope.usedLibraries.get(lib)?.symbol ?? undefined);
          break;
        case 'Facts':
          for (const fact of section.facts) this.factType(fact, null);
          break;
        case 'Criteria':
          for (const criterion of section.criteria) for (const clause of criterion.clauses) this.clause(clause);
          break;
        case 'Sources':
        case 'Thresholds':
        case 'Routes':
        case 'ValueSet':
          break;
      }
    }
  }

  /** A fact's type; `records` are those whose field it is. */
  private factType(fact: Fact, records: Fact | null): void {
    const type: OrMissing<FactType> = fact.type;
    switch (type.kind) {
      case 'NumberType':
        this.fact(type.lasting, fact.keyword === 'field' ? records : null);
        break;
      case 'TotalType':
        this.recordsPath(type.path);
        break;
      case 'ElapsedType':
        if (type.fromPick !== null) this.recordsPath(type.path);
        if (type.toPick !== null) this.recordsPath(type.to);
        break;
      case 'RecordsType':
        this.regions.push({ span: type.span, records: fact });
        if (type.where !== null) this.condition(type.where, fact);
        for (const field of type.fields) this.factType(field, fact);
        break;
      default:
        break;
    }
  }

  private clause(clause: CriterionClause): void {
    switch (clause.kind) {
      case 'ExcludeClause': {
        if (clause.within !== null) this.fact(clause.within, null);
        for (const c of clause.conditions) {
          if (c.kind === 'Missing') continue;
          // A documented fact, else a value set, else the fact (of the wrong kind: the check says so).
          const fact = this.scope.facts.get(c.text);
          const valueSet = this.scope.valueSets.get(c.text);
          this.use(c, fact !== undefined && factKind(fact.node.type) === 'documented' ? fact : (valueSet ?? fact));
        }
        break;
      }
      case 'MaxLevelsClause':
        this.threshold(clause.limit);
        break;
      case 'RequireClause':
      case 'WhenClause':
        this.condition(clause.condition, null);
        break;
      case 'CiteClause':
        this.cites(clause.sources);
        break;
      case 'ReasonClause':
        this.text(clause.text);
        break;
      case 'NotStatedClause':
        this.text(clause.note);
        break;
      case 'JudgementClause':
        this.text(clause.question);
        break;
      case 'RouteClause':
        if (clause.route.kind === 'Name') this.use(clause.route, this.scope.routes.get(clause.route.text));
        break;
    }
  }

  private condition(condition: OrMissing<Condition> | null, records: Fact | null): void {
    if (condition === null) return;
    switch (condition.kind) {
      case 'Missing':
        return;
      case 'And':
      case 'Or':
        for (const c of condition.operands) this.condition(c, records);
        return;
      case 'Not':
        this.condition(condition.operand, records);
        return;
      case 'Group':
        for (const c of condition.items) this.condition(c, records);
        return;
      case 'RecordCount':
      case 'AnyRecord':
      case 'EveryRecord': {
        const found = this.fact(condition.records, records);
        // Inside `where` / `has`, the fields of these records come first; records that are not found keep the scope.
        const inner = isRecordsSymbol(found) ? found.node : records;
        for (const part of condition.kind === 'EveryRecord' ? [condition.where, condition.has] : [condition.where]) {
          if (part === null || part.kind === 'Missing') continue;
          if (inner !== null && inner !== records) this.regions.push({ span: part.span, records: inner });
          this.condition(part, inner);
        }
        return;
      }
      case 'NameCondition':
        this.use(condition.name, findFact(this.scope, records, condition.name.text) ?? this.scope.valueSets.get(condition.name.text));
        return;
      case 'DocumentedTest':
        this.fact(condition.name, records);
        return;
      case 'Compare':
        this.fact(condition.subject, records);
        for (const addend of condition.addends) this.fact(addend, records);
        this.threshold(condition.value);
        if (condition.duration !== null) this.threshold(condition.duration.value);
        return;
      case 'Is':
        this.fact(condition.subject, records);
        return;
    }
  }
}

/** Links the names of one document. A library or a headerless document only declares. */
export function linkDocument(scope: Scope, sourceText?: string): DocumentLinks {
  if (scope.kind !== 'guideline') {
    return { uri: scope.uri, scope, uses: new Map(), useList: [], regions: [], templates: new Map(), segments: new Map() };
  }
  const linker = new Linker(scope, sourceText);
  linker.link();
  linker.useList.sort((a, b) => a.name.span.start - b.name.span.start);
  return { uri: scope.uri, scope, uses: linker.uses, useList: linker.useList, regions: linker.regions, templates: linker.templates, segments: linker.segments };
}

// ── The links of a set of documents ──────────────────────────────────────────────────────────────

const contains = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

class WorkspaceLinks implements Links {
  readonly #byUri = new Map<string, DocumentLinks>();
  readonly #uses = new Map<Name, Symbol>();
  readonly #libraries: readonly Symbol[];
  #usesOf: Map<Symbol, NameUse[]> | undefined;
  #symbols: Map<Symbol['node'], Symbol> | undefined;
  readonly #segments = new Map<Path, readonly Name[]>();
  readonly #templates = new Map<Text, LinkedTemplate>();

  constructor(
    documents: readonly DocumentLinks[],
    libraries: ReadonlyMap<string, LibraryScope>,
  ) {
    for (const d of documents) {
      if (!this.#byUri.has(d.uri)) this.#byUri.set(d.uri, d);
      for (const [name, symbol] of d.uses) this.#uses.set(name, symbol);
      for (const [path, names] of d.segments) this.#segments.set(path, names);
      for (const [text, linked] of d.templates) this.#templates.set(text, linked);
    }
    this.#libraries = [...libraries.values()].flatMap((l) => (l.symbol === null ? [] : [l.symbol]));
  }

  declarationOf(use: Name): Symbol | undefined {
    return this.#uses.get(use);
  }

  usesOf(symbol: Symbol): readonly NameUse[] {
    if (this.#usesOf === undefined) {
      this.#usesOf = new Map();
      for (const d of this.#byUri.values()) {
        for (const use of d.useList) {
          const list = this.#usesOf.get(use.symbol);
          if (list === undefined) this.#usesOf.set(use.symbol, [use]);
          else list.push(use);
        }
      }
    }
    return this.#usesOf.get(symbol) ?? [];
  }

  symbolAt(uri: string, offset: number): { readonly symbol: Symbol; readonly name: Name } | undefined {
    const d = this.#byUri.get(uri);
    if (d === undefined) return undefined;
    for (const symbol of d.scope.declarations) if (contains(symbol.nameNode.span, offset)) return { symbol, name: symbol.nameNode };
    for (const use of d.useList) if (contains(use.name.span, offset)) return { symbol: use.symbol, name: use.name };
    return undefined;
  }

  declarationsIn(uri: string): readonly Symbol[] {
    return this.#byUri.get(uri)?.scope.declarations ?? [];
  }

  visibleAt(uri: string, offset: number): readonly Symbol[] {
    const d = this.#byUri.get(uri);
    if (d === undefined) return this.#libraries;
    const scope = d.scope;
    if (scope.kind === 'library') return [...scope.valueSets.values(), ...this.#libraries];
    if (scope.kind === 'none') return this.#libraries;
    // The innermost records scope around the offset.
    let records: Region | undefined;
    for (const region of d.regions) {
      if (contains(region.span, offset) && (records === undefined || region.span.start >= records.span.start)) records = region;
    }
    return [
      ...visibleFacts(scope, records?.records ?? null),
      ...scope.thresholds.values(),
      ...scope.valueSets.values(),
      ...scope.sources.values(),
      ...scope.criteria.values(),
      ...scope.routes.values(),
      ...this.#libraries,
    ];
  }

  segmentsOf(path: Path): readonly Name[] {
    let names = this.#segments.get(path);
    if (names === undefined) this.#segments.set(path, (names = segmentNames(path)));
    return names;
  }

  templateOf(text: Text): LinkedTemplate {
    let linked = this.#templates.get(text);
    if (linked === undefined) this.#templates.set(text, (linked = linkTemplate(text, undefined)));
    return linked;
  }

  symbolOf(node: Symbol['node']): Symbol | undefined {
    if (this.#symbols === undefined) {
      this.#symbols = new Map();
      for (const d of this.#byUri.values()) for (const s of d.scope.declarations) if (!this.#symbols.has(s.node)) this.#symbols.set(s.node, s);
    }
    return this.#symbols.get(node);
  }
}

/** The links of a set of documents, from each document's links. */
export function combineLinks(documents: readonly DocumentLinks[], resolved: Pick<Resolved, 'libraries'>): Links {
  return new WorkspaceLinks(documents, resolved.libraries);
}

/** Links every document of a resolved set (`checkDocuments` does this once per check). */
export function link(resolved: Resolved, sourceText: (uri: string) => string | undefined = () => undefined): Links {
  return combineLinks(resolved.scopes.map((s) => linkDocument(s, sourceText(s.uri))), resolved);
}
