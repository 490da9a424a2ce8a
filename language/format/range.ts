/**
 * Range formatting (the language server's `textDocument/rangeFormatting`): format only the statements a range
 * touches, leaving the rest of the file exactly as it is.
 *
 * Prettier core cannot do this for a plugin (prettier/prettier#7639: its range search knows only the built-in
 * languages' node types), so this formats the whole file through the plugin and copies back the statements the
 * range touches. Formatting changes only white space, so the i-th token of the formatted text is the i-th token of
 * the source: the statements are found by token index in both. When the comments inside the region do not match
 * (they always should), the whole file is formatted instead, so a comment can never be lost.
 */
import type { Span } from '../source.js';
import { statementTypes } from './comments.js';
import { formatRubric, type FormatOptions, type FormatResult } from './format.js';
import { parse, tokensOf, type FormatNode, type FormatRoot, type FormatToken } from './prettier-parser.js';

export type RangeResult =
  | { readonly ok: true; readonly text: string; readonly edit: { readonly start: number; readonly end: number; readonly newText: string } | undefined }
  | Extract<FormatResult, { ok: false }>;

interface Statement {
  readonly node: FormatNode;
  readonly parent: FormatNode | undefined;
  readonly first: number;
  readonly last: number;
}

/** Every statement (at every depth) with the indices of its first and last tokens, outermost first. */
function statementsOf(root: FormatRoot, index: ReadonlyMap<FormatToken, number>): Statement[] {
  const out: Statement[] = [];
  const visit = (node: FormatNode, parent: FormatNode | undefined) => {
    if (statementTypes.has(node.type)) {
      const tokens = tokensOf(node);
      out.push({ node, parent, first: index.get(tokens[0] as FormatToken) ?? 0, last: index.get(tokens[tokens.length - 1] as FormatToken) ?? 0 });
    }
    for (const child of node.children) if (child.type !== 'token') visit(child as FormatNode, node);
  };
  visit(root, undefined);
  return out;
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text: string, offset: number): number => {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
};

const commentsIn = (root: FormatRoot, start: number, end: number): string[] =>
  (root.comments ?? [])
    .filter((c) => c.start >= start && c.end <= end)
    .map((c) => c.value.trimEnd())
    .sort();

export async function formatRange(text: string, range: Span, options: FormatOptions = {}): Promise<RangeResult> {
  const whole = await formatRubric(text, options);
  if (!whole.ok) return whole;
  const before = parse(text);
  const after = parse(whole.text);
  const beforeTokens = tokensOf(before);
  const afterTokens = tokensOf(after);
  const same = beforeTokens.length === afterTokens.length && beforeTokens.every((t, i) => t.image === afterTokens[i]?.image);
  if (!same) return { ok: false, diagnostics: [], message: 'the formatter changed a token; nothing was formatted.' };

  const first = beforeTokens.findIndex((t) => t.end > range.start);
  let last = -1;
  beforeTokens.forEach((t, i) => (t.start < Math.max(range.end, range.start + 1) ? (last = i) : undefined));
  if (first < 0 || last < first) return { ok: true, text, edit: undefined };

  // The innermost statements holding the range's first and last tokens, raised until they are siblings.
  const index = new Map(beforeTokens.map((t, i) => [t, i] as const));
  const statements = statementsOf(before, index);
  const holding = (i: number) => statements.filter((s) => s.first <= i && i <= s.last);
  const startChain = holding(first);
  const endChain = holding(last);
  let from: Statement | undefined;
  let to: Statement | undefined;
  for (let depth = Math.min(startChain.length, endChain.length) - 1; depth >= 0 && from === undefined; depth--) {
    const a = startChain[depth];
    const b = endChain[depth];
    if (a && b && (a === b || a.parent === b.parent)) [from, to] = [a, b];
  }
  if (from === undefined || to === undefined) return { ok: true, text: whole.text, edit: { start: 0, end: text.length, newText: whole.text } };

  const startToken = beforeTokens[from.first] as FormatToken;
  const endToken = beforeTokens[to.last] as FormatToken;
  const newStartToken = afterTokens[from.first] as FormatToken;
  const newEndToken = afterTokens[to.last] as FormatToken;
  const startsLine = text.slice(lineStart(text, startToken.start), startToken.start).trim() === '';
  const restOfLine = text.slice(endToken.end, lineEnd(text, endToken.end)).trim();
  const endsLine = restOfLine === '' || restOfLine.startsWith('#');
  const start = startsLine ? lineStart(text, startToken.start) : startToken.start;
  const end = endsLine ? lineEnd(text, endToken.end) : endToken.end;
  const newStart = lineStart(whole.text, newStartToken.start);
  const newEnd = lineEnd(whole.text, newEndToken.end);
  let newText = whole.text.slice(newStart, newEnd);
  if (!startsLine) newText = `\n${newText}`;
  if (!endsLine) {
    const next = afterTokens[to.last + 1];
    newText += next ? `\n${whole.text.slice(lineStart(whole.text, next.start), next.start)}` : '\n';
  }
  if (commentsIn(before, start, end).join('\n') !== commentsIn(after, newStart, newEnd).join('\n')) {
    return { ok: true, text: whole.text, edit: { start: 0, end: text.length, newText: whole.text } };
  }
  return { ok: true, text: text.slice(0, start) + newText + text.slice(end), edit: { start, end, newText } };
}

