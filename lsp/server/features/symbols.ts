/**
 * The outline (document symbols: the guideline or library, its sections, each source, fact and its fields, threshold,
 * value set, route and criterion) and workspace symbols (the same declarations across every checked document), plus
 * folding ranges (one per section and per multi-line statement) and selection ranges (the chain of nodes around the
 * cursor, innermost first).
 */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type Position, type SelectionRange, type WorkspaceSymbol } from 'vscode-languageserver';
import type { Fact, Name, Node, OrMissing, Section } from '../../../language/index.js';
import { isMissing } from '../../../language/index.js';
import type { FileState, Snapshot } from '../analysis.js';
import { descendants, pathAt } from '../locate.js';

const nameText = (n: OrMissing<Name>, fallback: string) => (isMissing(n) ? fallback : n.text);

function symbol(file: FileState, name: string, kind: SymbolKind, node: Node, nameNode: OrMissing<Name> | null, detail: string, children: DocumentSymbol[] = []): DocumentSymbol {
  const range = file.lines.range(node.span);
  const selection = nameNode && !isMissing(nameNode) ? file.lines.range(nameNode.span) : range;
  return { name: name || '(unnamed)', kind, range, selectionRange: selection, detail, children };
}

function factSymbol(file: FileState, fact: Fact): DocumentSymbol {
  const fields = fact.type.kind === 'RecordsType' ? fact.type.fields.map((f) => factSymbol(file, f)) : [];
  return symbol(file, nameText(fact.name, ''), fact.keyword === 'field' ? SymbolKind.Field : SymbolKind.Variable, fact, fact.name, isMissing(fact.label) ? '' : fact.label.value, fields);
}

function sectionSymbol(file: FileState, section: Section): DocumentSymbol {
  switch (section.kind) {
    case 'Uses':
      return symbol(file, 'uses', SymbolKind.Namespace, section, null, section.libraries.map((l) => nameText(l, '?')).join(', '));
    case 'Sources':
      return symbol(file, 'sources', SymbolKind.Namespace, section, null, '', section.sources.map((s) => symbol(file, nameText(s.name, ''), SymbolKind.Object, s, s.name, isMissing(s.citation) ? '' : s.citation.value)));
    case 'Facts':
      return symbol(file, 'facts', SymbolKind.Namespace, section, null, '', section.facts.map((f) => factSymbol(file, f)));
    case 'Thresholds':
      return symbol(file, 'thresholds', SymbolKind.Namespace, section, null, '', section.thresholds.map((t) => symbol(file, nameText(t.name, ''), SymbolKind.Constant, t, t.name, isMissing(t.label) ? '' : t.label.value)));
    case 'Criteria':
      return symbol(file, 'criteria', SymbolKind.Namespace, section, null, '', section.criteria.map((c) => symbol(file, nameText(c.name, ''), SymbolKind.Function, c, c.name, c.description?.value ?? '')));
    case 'Routes':
      return symbol(file, 'routes', SymbolKind.Namespace, section, null, '', section.routes.map((r) => symbol(file, nameText(r.name, ''), SymbolKind.EnumMember, r, r.name, isMissing(r.label) ? '' : r.label.value)));
    case 'ValueSet':
      return symbol(file, nameText(section.name, ''), SymbolKind.Enum, section, section.name, isMissing(section.label) ? '' : section.label.value);
  }
}

export function documentSymbols(file: FileState): DocumentSymbol[] {
  const doc = file.parsed.document;
  const sections = doc.sections.map((s) => sectionSymbol(file, s));
  if (isMissing(doc.header)) return sections;
  const header = doc.header;
  const kind = header.kind === 'GuidelineHeader' ? 'guideline' : 'library';
  return [symbol(file, nameText(header.name, kind), SymbolKind.Module, { ...header, span: { start: header.span.start, end: doc.span.end } } as Node, header.name, kind, sections)];
}

export function workspaceSymbols(snapshot: Snapshot, query: string): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbol[] = [];
  const visit = (file: FileState, s: DocumentSymbol, container: string | undefined) => {
    if (s.kind !== SymbolKind.Namespace && s.name.toLowerCase().includes(q)) {
      out.push({ name: s.name, kind: s.kind, location: { uri: file.uri, range: s.selectionRange }, ...(container ? { containerName: container } : {}) });
    }
    for (const c of s.children ?? []) visit(file, c, s.kind === SymbolKind.Namespace ? container : s.name);
  };
  for (const file of snapshot.files.values()) for (const s of documentSymbols(file)) visit(file, s, undefined);
  return out.slice(0, 1000);
}

const foldable = new Set<Node['kind']>(['Sources', 'Facts', 'Thresholds', 'Criteria', 'Routes', 'ValueSet', 'Uses', 'Source', 'Criterion', 'Fact', 'AppliesClause', 'GuidelineHeader', 'LibraryHeader', 'Group']);

export function foldingRanges(file: FileState): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const node of descendants(file.parsed.document)) {
    if (!foldable.has(node.kind)) continue;
    const r = file.lines.range(node.span);
    if (r.end.line > r.start.line) out.push({ startLine: r.start.line, endLine: r.end.line });
  }
  // Runs of comment lines (a guideline's header table).
  let run: { start: number; end: number } | null = null;
  for (const c of file.parsed.document.comments) {
    const line = file.lines.positionAt(c.span.start).line;
    if (run && line === run.end + 1) run.end = line;
    else {
      if (run && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
      run = { start: line, end: line };
    }
  }
  if (run && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

export function selectionRanges(file: FileState, positions: readonly Position[]): SelectionRange[] {
  return positions.map((p) => {
    let parent: SelectionRange | undefined;
    for (const node of pathAt(file.parsed.document, file.lines.offsetAt(p))) {
      const range = file.lines.range(node.span);
      // A child range must lie inside its parent's.
      if (parent && (range.start.line < parent.range.start.line || range.end.line > parent.range.end.line)) continue;
      parent = parent ? { range, parent } : { range };
    }
    return parent ?? { range: file.lines.range({ start: 0, end: 0 }) };
  });
}
