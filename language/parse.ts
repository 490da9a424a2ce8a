/**
 * Text → AST with diagnostics: the language front door for the checker, the formatter and the LSP.
 * Never throws on user input; a document always comes back, with Missing nodes where text was broken.
 */
import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import type { Comment, Document } from './ast.js';
import { buildAst } from './build-ast.js';
import type { DocumentCstNode } from './cst.generated.js';
import { diagnostic, MissingHeader, SyntaxError, UnexpectedWords } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import { tokenize } from './lexer.js';
import { parseTokens } from './parser.js';
import type { SourceFile, Span } from './source.js';

export interface ParsedDocument {
  readonly document: Document;
  /** Lexical, syntax and AST-building diagnostics, in that order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The concrete syntax tree (types in cst.generated.ts), for tools that need every token in place. */
  readonly cst: DocumentCstNode;
  /** The lexer's tokens (comments and white space excluded), in source order. */
  readonly tokens: readonly IToken[];
  /** The comments, in source order (the lexer's `comments` group); the same list as `document.comments`. */
  readonly comments: readonly Comment[];
}

export function parseDocument(source: SourceFile): ParsedDocument {
  const lexed = tokenize(source);
  const parsed = parseTokens(lexed.tokens);
  const built = buildAst(parsed.cst, source.uri, source.text, lexed.comments);
  const syntax = syntaxDiagnostics(source, parsed.errors, lexed.diagnostics);
  syntax.push(...strayDiagnostics(source, parsed.cst, [...lexed.diagnostics, ...syntax]));
  if (built.document.header.kind === 'Missing') headerMissing(source, lexed.tokens[0]?.startOffset, syntax);
  return {
    document: built.document,
    diagnostics: [...lexed.diagnostics, ...syntax, ...built.diagnostics],
    cst: parsed.cst,
    tokens: lexed.tokens,
    comments: built.document.comments,
  };
}

/** A file that does not start with `guideline` or `library` gets RUB1004 in place of the grammar's first complaint. */
function headerMissing(source: SourceFile, firstOffset: number | undefined, syntax: Diagnostic[]): void {
  const start = firstOffset ?? source.text.trimEnd().length;
  const firstWord = /^[A-Za-z0-9_]+/.exec(source.text.slice(start))?.[0] ?? '';
  const at = syntax.findIndex((d) => d.span.start === start);
  if (at >= 0) syntax.splice(at, 1);
  syntax.unshift(diagnostic(MissingHeader, source.uri, { start, end: start + firstWord.length }, []));
}

/**
 * One diagnostic per place: recovery can report the same gap twice, and a character the lexer already
 * rejected explains any grammar error on its line.
 */
function syntaxDiagnostics(source: SourceFile, errors: readonly IRecognitionException[], lexical: readonly Diagnostic[]): Diagnostic[] {
  const lexicalLines = new Set(lexical.map((d) => source.positionAt(d.span.start).line));
  const offsetsReported = new Set<number>();
  const out: Diagnostic[] = [];
  for (const error of errors) {
    const span = errorSpan(source, error);
    if (lexicalLines.has(source.positionAt(span.start).line) || offsetsReported.has(span.start)) continue;
    offsetsReported.add(span.start);
    out.push(diagnostic(SyntaxError, source.uri, span, [error.message]));
  }
  return out;
}

function errorSpan(source: SourceFile, error: IRecognitionException): Span {
  const token = error.token;
  if (Number.isFinite(token.startOffset) && token.tokenType.name !== 'EOF') {
    return { start: token.startOffset, end: token.startOffset + token.image.length };
  }
  const previous = (error as IRecognitionException & { previousToken?: { startOffset: number; image: string } }).previousToken;
  if (previous && Number.isFinite(previous.startOffset)) {
    const end = previous.startOffset + previous.image.length;
    return { start: end, end };
  }
  const end = source.text.trimEnd().length;
  return { start: end, end };
}

/** What each statement list holds, for the message about words that start none of its statements. */
const listHints: Readonly<Record<string, string>> = {
  document: 'A new part starts with `uses`, `sources`, `facts`, `thresholds`, `criteria` or `valueset`.',
  guidelineHeader: 'The guideline\'s lines start with `title`, `version`, `edition`, `jurisdiction`, `service`, `recommendation` or `missing documentation`.',
  libraryHeader: 'A library\'s header lines start with `title`, `version`, `edition` or `jurisdiction`.',
  sourcesSection: 'Each source starts with `source`, like `source odg_facet "ODG Neck and Upper Back"`.',
  source: 'A source\'s lines start with `document`, `chapter`, `section`, `page` or `quote`.',
  factsSection: 'Each fact starts with `fact`, like `fact rehabilitation_plan "formal plan of rehabilitation" documented from documentation.formal_rehabilitation_plan`.',
  factType: 'Each field of these records starts with `field`, like `field initial_relief "initial pain relief" number percent from response.initial_relief_percent`.',
  criteriaSection: 'Each criterion starts with `criterion`, like `criterion two_levels`.',
  thresholdsSection: 'Each threshold starts with `threshold`, like `threshold initial_relief_needed "initial pain relief" 70%`.',
  criterion:
    'A criterion\'s lines start with `exclude`, `max_levels`, `require`, `when`, `cite`, `reason` or `missing`; list several conditions with commas, like `exclude radiculopathy, spinal_stenosis`, and join conditions with `and` or `or` after `require`.',
};

/**
 * The parser steps over words that begin no statement (`stray` in parser.ts) so the rest of the file is still
 * read; each run of them on one line is reported once, unless that line already has an error explaining it.
 */
function strayDiagnostics(source: SourceFile, cst: CstNode, reported: readonly Diagnostic[]): Diagnostic[] {
  const strays: { token: IToken; list: string }[] = [];
  const visit = (node: CstNode) => {
    for (const [key, children] of Object.entries(node.children)) {
      for (const child of children ?? []) {
        if (!('children' in child)) continue;
        if (key === 'stray') {
          const token = child.children['AnyToken']?.[0];
          if (token && 'image' in token && Number.isFinite(token.startOffset)) strays.push({ token, list: node.name });
        } else visit(child);
      }
    }
  };
  visit(cst);
  strays.sort((a, b) => a.token.startOffset - b.token.startOffset);

  const linesWithErrors = new Set(reported.map((d) => source.positionAt(d.span.start).line));
  const out: Diagnostic[] = [];
  let i = 0;
  while (i < strays.length) {
    const first = strays[i] as { token: IToken; list: string };
    const line = source.positionAt(first.token.startOffset).line;
    let last = first;
    while (i + 1 < strays.length && source.positionAt((strays[i + 1] as { token: IToken }).token.startOffset).line === line) {
      i++;
      last = strays[i] as { token: IToken; list: string };
    }
    i++;
    if (linesWithErrors.has(line)) continue;
    const span = { start: first.token.startOffset, end: last.token.startOffset + last.token.image.length };
    const text = source.text.slice(span.start, span.end);
    const words = text.length > 40 ? `'${text.slice(0, 40)}…'` : `'${text}'`;
    out.push(diagnostic(UnexpectedWords, source.uri, span, [words, listHints[first.list] ?? listHints['document'] ?? '']));
  }
  return out;
}
