/**
 * Text → AST with diagnostics: the language front door for the checker, the formatter and the LSP.
 * Never throws on user input; a document always comes back, with Missing nodes where text was broken.
 */
import type { IRecognitionException } from 'chevrotain';
import type { Document } from './ast.js';
import { buildAst } from './build-ast.js';
import { diagnostic, MissingHeader, SyntaxError } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import { tokenize } from './lexer.js';
import { parseTokens } from './parser.js';
import type { SourceFile, Span } from './source.js';

export interface ParsedDocument {
  readonly document: Document;
  readonly diagnostics: readonly Diagnostic[];
}

export function parseDocument(source: SourceFile): ParsedDocument {
  const lexed = tokenize(source);
  const parsed = parseTokens(lexed.tokens);
  const built = buildAst(parsed.cst, source.uri, source.text, lexed.comments);
  const syntax = syntaxDiagnostics(source, parsed.errors, lexed.diagnostics);
  if (built.document.header.kind === 'Missing') headerMissing(source, lexed.tokens[0]?.startOffset, syntax);
  return { document: built.document, diagnostics: [...lexed.diagnostics, ...syntax, ...built.diagnostics] };
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
