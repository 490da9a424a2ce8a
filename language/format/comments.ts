/**
 * Comments through Prettier's comment API. Every `#` comment runs to the end of its line, so each one is either on
 * a line of its own ("ownLine") or after a statement's tokens ("endOfLine"); Prettier's attacher finds the nodes
 * around it and these hooks decide which one it belongs to:
 *
 *   - an end-of-line comment stays after the token it follows (Prettier's default: trailing the preceding node);
 *     the printer breaks the line after any token a comment follows, so the comment never moves past a word;
 *   - a comment on its own line belongs to the statement after it (leading), unless it is indented deeper than
 *     that statement: then it closes the statement before it, at the depth it was written (`ownLine` below), e.g.
 *     a note under a criterion's last clause stays inside that criterion;
 *   - nothing is left "remaining" (that needs a comment with code after it on the same line, which `#` cannot be).
 *
 * The attached comments are printed by Prettier (`printComment`); the printer checks where they lie to break lines.
 */
import type { AstPath } from 'prettier';
import type { FormatAny, FormatChild, FormatComment, FormatNode } from './prettier-parser.js';

/** Rules printed on lines of their own: the statements of a guideline. */
export const statementTypes: ReadonlySet<string> = new Set([
  'guidelineHeader', 'libraryHeader', 'textClause', 'serviceClause', 'recommendationClause', 'missingDocumentationClause',
  'appliesClause', 'usesSection', 'sourcesSection', 'source', 'sourceField', 'factsSection', 'fact', 'field',
  'thresholdsSection', 'threshold', 'criteriaSection', 'criterion', 'excludeClause', 'maxLevelsClause', 'requireClause',
  'whenClause', 'citeClause', 'reasonClause', 'notStatedClause', 'routeClause', 'judgementClause', 'valueSet', 'codeList',
  'routesSection', 'route',
]);

export const canAttachComment = (node: FormatAny): boolean => node.type !== 'comment';

export const isBlockComment = (): boolean => false;

/** The comment as written, without the white space the line may end with. */
export const printComment = (path: AstPath<FormatComment>): string => path.node.value.trimEnd();

export const getCommentChildNodes = (node: FormatAny): FormatAny[] => ('children' in node ? [...node.children] : []);

/** `# prettier-ignore` on the line before a statement keeps that statement exactly as written. */
export const hasPrettierIgnore = (path: AstPath<FormatAny>): boolean =>
  path.node.type !== 'comment' && ((path.node as FormatChild).comments ?? []).some((c) => c.leading === true && /^#\s*prettier-ignore\s*$/.test(c.value));

interface AttachedComment extends FormatComment {
  precedingNode?: FormatChild;
  followingNode?: FormatChild;
  enclosingNode?: FormatNode;
}

function column(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** The last child of a statement when that child is a statement too (a criterion's last clause, a fact's last field). */
function lastStatement(node: FormatChild): FormatNode | undefined {
  if (node.type === 'token') return undefined;
  const children = (node as FormatNode).children;
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i];
    if (child === undefined || child.type === 'token') return undefined;
    if (statementTypes.has(child.type)) return child as FormatNode;
    // A records fact's fields sit in its type: look through it.
    if (child.type === 'factType') return lastStatement(child);
    return undefined;
  }
  return undefined;
}

function addTrailing(node: FormatChild, comment: FormatComment): void {
  comment.leading = false;
  comment.trailing = true;
  comment.printed = false;
  (node.comments ??= []).push(comment);
}

/**
 * A comment on its own line, indented deeper than the statement after it (or at the end of the file), belongs to
 * the deepest statement before it that starts at or left of its column: it is printed after that statement, at
 * that statement's indentation. Never deeper than another comment before it, which would print them out of order
 * (Prettier flushes each node's trailing comments at the next line break).
 */
function ownLine(comment: AttachedComment, text: string): boolean {
  const { precedingNode, followingNode } = comment;
  if (precedingNode === undefined || !statementTypes.has(precedingNode.type)) return false;
  const col = column(text, comment.start);
  if (followingNode !== undefined && column(text, followingNode.start) >= col) return false;
  let target: FormatChild = precedingNode;
  // Deeper only while no other comment lies between: comments must come out in the order they were written.
  const deeper = (next: FormatNode | undefined): next is FormatNode =>
    next !== undefined && column(text, next.start) <= col && !text.slice(next.end, comment.start).includes('#');
  for (let next = lastStatement(target); deeper(next); next = lastStatement(target)) target = next;
  addTrailing(target, comment);
  return true;
}

const endOfLine = (): boolean => false;
const remaining = (): boolean => false;

export const handleComments = { ownLine, endOfLine, remaining };
