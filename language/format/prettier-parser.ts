/**
 * Prettier's parser for `.rubric`: text → the tree the printer walks, with the lexer's comments beside it.
 *
 * The tree is the concrete syntax tree, ordered: one node per grammar rule (`criterion`, `requireClause`,
 * `condition`, …; wrapper rules that only choose an alternative are dropped) holding its tokens and sub-rules in
 * source order. Every token of the file is a leaf with its exact image, so the printer can only change the white
 * space and the line breaks between tokens, never a word (see plugin.ts for why the CST and not the AST).
 *
 * A file with syntax errors is not formatted: `parse` throws a Prettier-style error (`loc` for Prettier's code
 * frame) carrying the diagnostics, and `rubric fmt` prints them and leaves the file as it is.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostic.js';
import { parseDocument } from '../parse.js';
import { SourceFile } from '../source.js';

/** A token of the file, exactly as written. `token` is its token type (`Identifier`, `Kw_require`, `Comma`, …). */
export interface FormatToken {
  readonly type: 'token';
  readonly token: string;
  readonly image: string;
  readonly start: number;
  readonly end: number;
  comments?: FormatComment[];
}

/** A grammar rule's node: its tokens and sub-rules in source order. `type` is the rule's name in parser.ts. */
export interface FormatNode {
  readonly type: string;
  readonly children: readonly FormatChild[];
  readonly start: number;
  readonly end: number;
  comments?: FormatComment[];
}

export type FormatChild = FormatNode | FormatToken;

/** A `#` comment from the lexer's comment group; Prettier's attacher adds `leading`/`trailing`/`printed`. */
export interface FormatComment {
  readonly type: 'comment';
  /** The comment as written, from `#` to the end of its line. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
  leading?: boolean;
  trailing?: boolean;
  printed?: boolean;
}

/** The whole file. Prettier takes `comments` away to attach them to the nodes around each one. */
export interface FormatRoot extends FormatNode {
  readonly type: 'document';
  comments?: FormatComment[];
}

export type FormatAny = FormatChild | FormatComment;

/** Rules that only choose one alternative: their one child takes their place in the tree. */
const wrappers: ReadonlySet<string> = new Set(['section', 'headerClause', 'criterionClause', 'atom']);

/** A source with syntax errors: Prettier prints `message` with a code frame at `loc`; `diagnostics` are all of them. */
export class RubricSyntaxError extends SyntaxError {
  readonly loc: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } };
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    source: SourceFile,
  ) {
    const first = diagnostics[0];
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    super(`${first ? `${first.code} ${first.message}${more}` : 'The file has syntax errors.'} It is not formatted.`);
    this.name = 'RubricSyntaxError';
    this.loc = { start: source.positionAt(first?.span.start ?? 0), end: source.positionAt(first?.span.end ?? 0) };
  }
}

export const locStart = (node: FormatAny): number => node.start;
export const locEnd = (node: FormatAny): number => node.end;

/** `# @format` or `# @prettier` on the first comment lines: for Prettier's `--require-pragma`. */
export function hasPragma(text: string): boolean {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('#')) return false;
    if (/^#\s*@(format|prettier)\b/.test(trimmed)) return true;
  }
  return false;
}

export function parse(text: string, options?: { filepath?: string }): FormatRoot {
  const source = new SourceFile(options?.filepath ?? 'input.rubric', text);
  const parsed = parseDocument(source);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new RubricSyntaxError(errors, source);
  const root = toFormatNode(parsed.cst);
  const comments: FormatComment[] = parsed.comments.map((c) => ({ type: 'comment', value: c.text, start: c.span.start, end: c.span.end }));
  return { type: 'document', children: root.children, start: 0, end: text.length, comments };
}

function toFormatNode(node: CstNode): FormatNode {
  const children: FormatChild[] = [];
  for (const elements of Object.values(node.children)) {
    for (const element of elements as CstElement[]) children.push(isNode(element) ? unwrap(toFormatNode(element)) : toFormatToken(element));
  }
  children.sort((a, b) => a.start - b.start);
  const first = children[0];
  const last = children[children.length - 1];
  return { type: node.name, children, start: first?.start ?? 0, end: last?.end ?? 0 };
}

const unwrap = (node: FormatNode): FormatNode =>
  wrappers.has(node.type) && node.children.length === 1 && node.children[0]?.type !== 'token' ? (node.children[0] as FormatNode) : node;

const toFormatToken = (token: IToken): FormatToken => ({
  type: 'token',
  token: token.tokenType.name,
  image: token.image,
  start: token.startOffset,
  end: token.startOffset + token.image.length,
});

const isNode = (element: CstElement): element is CstNode => 'children' in element;

/** Every token of a tree in source order: formatting must leave this sequence exactly as it was. */
export function tokensOf(node: FormatChild): FormatToken[] {
  if (node.type === 'token') return [node as FormatToken];
  return (node as FormatNode).children.flatMap(tokensOf);
}
