/**
 * Semantic tokens (full and delta): every token the lexer read, coloured by what it is — a keyword, text, a number or
 * code, an operator, a comment, a case-file path — and every name by what it names (a fact, a field, a threshold, a
 * value set, a source, a criterion, a route), marked `declaration` where it is declared. Deltas come from
 * vscode-languageserver's SemanticTokensBuilder, one per document, against the client's previous result.
 */
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensDelta, type SemanticTokensLegend } from 'vscode-languageserver';
import type { Name, Node } from '../../../language/index.js';
import { keywords } from '../../../language/tokens.js';
import type { FileState, Snapshot } from '../analysis.js';
import type { Symbol } from '../../../language/links.js';
import { children } from '../locate.js';

export const legend: SemanticTokensLegend = {
  tokenTypes: ['keyword', 'string', 'number', 'comment', 'variable', 'property', 'type', 'function', 'namespace', 'enumMember', 'operator'],
  tokenModifiers: ['declaration', 'readonly'],
};
const T = Object.fromEntries(legend.tokenTypes.map((t, i) => [t, i])) as Record<string, number>;
const DECLARATION = 1;
const READONLY = 2;

const keywordNames = new Set(keywords.map((k) => k.name));
const typeOf: Record<Symbol['kind'], number> = {
  fact: T['variable']!,
  field: T['property']!,
  threshold: T['variable']!,
  valueset: T['type']!,
  source: T['namespace']!,
  criterion: T['function']!,
  route: T['enumMember']!,
  library: T['namespace']!,
  guideline: T['namespace']!,
};

interface Classified {
  readonly type: number;
  readonly modifiers: number;
}

function names(snapshot: Snapshot, file: FileState): Map<number, Classified> {
  const out = new Map<number, Classified>();
  const links = snapshot.links;
  if (links === undefined) return out;
  const classify = (symbol: Symbol, name: Name, declaration: boolean) =>
    out.set(name.span.start, { type: typeOf[symbol.kind], modifiers: (declaration ? DECLARATION : 0) | (symbol.kind === 'threshold' ? READONLY : 0) });
  for (const symbol of links.declarationsIn(file.uri)) classify(symbol, symbol.nameNode, true);
  const visit = (node: Node) => {
    if (node.kind === 'Name') {
      const symbol = links.declarationOf(node);
      if (symbol !== undefined && !out.has(node.span.start)) classify(symbol, node, false);
      return;
    }
    if (node.kind === 'Path') for (const segment of links.segmentsOf(node)) {
      const symbol = links.declarationOf(segment);
      if (symbol !== undefined) classify(symbol, segment, false);
    }
    for (const c of children(node)) visit(c as Node);
  };
  visit(file.parsed.document);
  return out;
}

function tokensOf(snapshot: Snapshot, file: FileState, builder: SemanticTokensBuilder): void {
  const named = names(snapshot, file);
  const all: { start: number; length: number; c: Classified }[] = [];
  for (const token of file.parsed.tokens) {
    const start = token.startOffset;
    if (!Number.isFinite(start)) continue;
    const length = token.image.length;
    const name = named.get(start);
    const kind = token.tokenType.name;
    const c: Classified | undefined =
      name ??
      (keywordNames.has(kind) || kind === 'UnitWord' || kind === 'PercentSign'
        ? { type: T['keyword']!, modifiers: 0 }
        : kind === 'TextLiteral' || kind === 'UnterminatedText'
          ? { type: T['string']!, modifiers: 0 }
          : kind === 'NumberLiteral' || kind === 'Code'
            ? { type: T['number']!, modifiers: 0 }
            : kind === 'Path'
              ? { type: T['property']!, modifiers: 0 }
              : /Equal|Greater|Less|Plus/.test(kind)
                ? { type: T['operator']!, modifiers: 0 }
                : undefined);
    if (c !== undefined) all.push({ start, length, c });
  }
  for (const comment of file.parsed.document.comments) all.push({ start: comment.span.start, length: comment.span.end - comment.span.start, c: { type: T['comment']!, modifiers: 0 } });
  all.sort((a, b) => a.start - b.start);
  for (const t of all) {
    const p = file.lines.positionAt(t.start);
    builder.push(p.line, p.character, t.length, t.c.type, t.c.modifiers);
  }
}

export class SemanticTokensProvider {
  private readonly builders = new Map<string, SemanticTokensBuilder>();

  full(snapshot: Snapshot, file: FileState): SemanticTokens {
    const builder = new SemanticTokensBuilder();
    this.builders.set(file.uri, builder);
    tokensOf(snapshot, file, builder);
    return builder.build();
  }

  delta(snapshot: Snapshot, file: FileState, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const builder = this.builders.get(file.uri);
    if (builder === undefined) return this.full(snapshot, file);
    builder.previousResult(previousResultId);
    tokensOf(snapshot, file, builder);
    return builder.buildEdits();
  }

  forget(uri: string): void {
    this.builders.delete(uri);
  }
}
