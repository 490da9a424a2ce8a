/**
 * The printer: the ordered syntax tree (prettier-parser.ts) → Prettier's document, one function per rule.
 *
 * Layout, in short: a statement per line, two spaces deeper per level (a guideline's header lines, a section's
 * items, a criterion's clauses, a source's fields, a records fact's `where` and fields); at most one blank line kept
 * where the author left one; a quoted text that does not fit after its keyword moves to a line of its own; `cpt`,
 * `icd10`, `uses`, `cite` and `exclude` lists and `is one of (…)` fill lines up to `printWidth`; a condition too long
 * for its line breaks before `or` and then before `and` (the `and` lines one level deeper when both appear), and
 * inside parentheses and `all of (…)` lists.
 *
 * Every token is printed as written (the tree has nothing else to print). Between two tokens the printer chooses
 * only white space; where the source has a comment between them the line always breaks there, so an end-of-line
 * comment stays after the word it followed.
 */
import type { AstPath, Doc, ParserOptions, Printer } from 'prettier';
import { builders } from 'prettier/doc';
import { canAttachComment, getCommentChildNodes, handleComments, hasPrettierIgnore, isBlockComment, printComment, statementTypes } from './comments.js';
import type { RubricOptions } from './options.js';
import type { FormatAny, FormatChild, FormatComment, FormatNode, FormatToken } from './prettier-parser.js';
import { locEnd, locStart } from './prettier-parser.js';

const { fill, group, hardline, indent, line, softline } = builders;

type Options = ParserOptions<FormatAny> & RubricOptions;
type Print = (path: AstPath<FormatAny>) => Doc;

/** What a rule's printer gets: the node, its children's printed docs (comments included) and the source text. */
interface Printing {
  readonly node: FormatNode;
  readonly docs: readonly Doc[];
  readonly text: string;
  readonly options: Options;
}

/** The children of each rule that are statements of their own line, below the rule's first line. */
const bodyOf: Readonly<Record<string, ReadonlySet<string>>> = {
  guidelineHeader: new Set(['textClause', 'serviceClause', 'recommendationClause', 'missingDocumentationClause', 'appliesClause']),
  libraryHeader: new Set(['textClause', 'serviceClause', 'recommendationClause', 'missingDocumentationClause', 'appliesClause']),
  appliesClause: new Set(['citeClause', 'reasonClause']),
  recommendationClause: new Set(['citeClause']),
  sourcesSection: new Set(['source']),
  source: new Set(['sourceField']),
  factsSection: new Set(['fact']),
  thresholdsSection: new Set(['threshold']),
  criteriaSection: new Set(['criterion']),
  routesSection: new Set(['route']),
  valueSet: new Set(['codeList']),
  criterion: new Set(['excludeClause', 'maxLevelsClause', 'requireClause', 'whenClause', 'citeClause', 'reasonClause', 'notStatedClause', 'routeClause', 'judgementClause']),
};

const isToken = (child: FormatChild | undefined, ...names: string[]): child is FormatToken =>
  child?.type === 'token' && (names.length === 0 || names.includes((child as FormatToken).token));

const firstToken = (child: FormatChild): FormatToken | undefined =>
  child.type === 'token' ? (child as FormatToken) : (child as FormatNode).children[0] && firstToken((child as FormatNode).children[0] as FormatChild);

/** True when the source has a comment between two neighbouring children (only white space and comments can be). */
const commentBetween = (text: string, a: FormatChild, b: FormatChild): boolean => text.slice(a.end, b.start).includes('#');

/** The white space before `b` when it follows `a` on one line: none before a comma, `)` or `%`, none after `(`. */
function space(a: FormatChild, b: FormatChild): Doc {
  const first = firstToken(b);
  if (isToken(first, 'Comma', 'RParen', 'PercentSign') || isToken(a, 'LParen')) return '';
  return ' ';
}

/**
 * Children `from`…`to` on one line, each after the white space `space` gives; where a comment lies between two of
 * them the line breaks (one level deeper), so the comment stays at the end of its line.
 */
function inline(p: Printing, from = 0, to = p.node.children.length): Doc[] {
  const parts: Doc[] = [];
  for (let i = from; i < to; i++) {
    const child = p.node.children[i] as FormatChild;
    const doc = p.docs[i] as Doc;
    const previous = p.node.children[i - 1];
    if (i === from || previous === undefined) parts.push(doc);
    else if (commentBetween(p.text, previous, child)) parts.push(indent([hardline, doc]));
    else parts.push(space(previous, child), doc);
  }
  return parts;
}

/** The white space between children `i - 1` and `i` on one line, or a line break (one level deeper) where a comment is. */
function joint(p: Printing, i: number, doc: Doc): Doc {
  const a = p.node.children[i - 1] as FormatChild;
  const b = p.node.children[i] as FormatChild;
  return commentBetween(p.text, a, b) ? indent([hardline, doc]) : [space(a, b), doc];
}

/** The separator where a list may break: a line break where a comment is, otherwise `line` (or `softline` before `)`). */
const lineBetween = (p: Printing, a: FormatChild, b: FormatChild, soft = false): Doc => (commentBetween(p.text, a, b) ? hardline : soft ? softline : line);

/** True when the line before `offset` (and before the comments leading the statement there) is blank. */
function blankLineBefore(text: string, child: FormatChild): boolean {
  const leading = (child.comments ?? []).filter((c) => c.leading === true).map((c) => c.start);
  let i = Math.min(child.start, ...leading) - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (text[i] !== '\n') return false;
  i--;
  if (text[i] === '\r') i--;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i--;
  return text[i] === '\n';
}

/** Statements, one per line; at most one blank line between two where the source had one or more. */
function statements(p: Printing, indices: readonly number[], leadingBreak: boolean): Doc[] {
  const parts: Doc[] = [];
  indices.forEach((index, n) => {
    const child = p.node.children[index] as FormatChild;
    if (n > 0 || leadingBreak) parts.push(hardline);
    if ((n > 0 || leadingBreak) && blankLineBefore(p.text, child)) parts.push(hardline);
    parts.push(p.docs[index] as Doc);
  });
  return parts;
}

/** A statement's first line, then its own statements below it, one level deeper. */
function block(p: Printing): Doc {
  const body = bodyOf[p.node.type] ?? new Set<string>();
  const first = p.node.children.findIndex((c) => body.has(c.type));
  if (first < 0) return inline(p);
  const indices = p.node.children.map((_, i) => i).filter((i) => i >= first);
  return [inline(p, 0, first), indent(statements(p, indices, true))];
}

/** `reason "…"`, `title "…"`, `quote "…"`: the text moves to a line of its own when it does not fit after its keyword. */
function keywordAndText(p: Printing): Doc {
  const last = p.node.children.length - 1;
  const text = p.node.children[last];
  if (!isToken(text, 'TextLiteral', 'UnterminatedText') || last === 0 || p.options.rubricWrapText === false) return inline(p);
  const before = p.node.children[last - 1] as FormatChild;
  return group([inline(p, 0, last), indent([lineBetween(p, before, text), p.docs[last] as Doc])]);
}

/**
 * A comma-separated list (`cpt 64490, 64491`, `cite a, b`, `exclude a, b`, `("a", "b")`): children `from`…`to`, each
 * item with the comma after it, and a `line` (a line break where a comment is) between items.
 */
function commaParts(p: Printing, from: number, to: number): Doc[] {
  const items: { doc: Doc[]; first: FormatChild; last: FormatChild }[] = [];
  for (let i = from; i < to; i++) {
    const child = p.node.children[i] as FormatChild;
    const doc = p.docs[i] as Doc;
    const current = items[items.length - 1];
    if (isToken(child, 'Comma') && current) {
      current.doc.push(commentBetween(p.text, current.last, child) ? indent([hardline, doc]) : doc);
      current.last = child;
    } else items.push({ doc: [doc], first: child, last: child });
  }
  const parts: Doc[] = [];
  items.forEach((item, n) => {
    const previous = items[n - 1];
    if (previous) parts.push(lineBetween(p, previous.last, item.first));
    parts.push(item.doc);
  });
  return parts;
}

/** A list after its keyword, filling lines up to `printWidth`; the lines after the first one level deeper. */
const filledList = (p: Printing, from: number, to: number): Doc => indent(fill(commaParts(p, from, to)));

/** `(` items `)` breaking inside the parentheses: one per line (`all of (…)`) or filling lines (`is one of (…)`). */
function parenthesisedList(p: Printing, open: number, close: number, style: 'one per line' | 'fill'): Doc {
  const openToken = p.node.children[open] as FormatChild;
  const closeToken = p.node.children[close] as FormatChild;
  const firstItem = p.node.children[open + 1] as FormatChild;
  const lastItem = p.node.children[close - 1] as FormatChild;
  const parts = commaParts(p, open + 1, close);
  return group([
    p.docs[open] as Doc,
    indent([lineBetween(p, openToken, firstItem, true), style === 'fill' ? fill(parts) : parts]),
    lineBetween(p, lastItem, closeToken, true),
    p.docs[close] as Doc,
  ]);
}

/** `a or b or c`, each alternative's `and` lines one level deeper than the `or` lines when the chain breaks. */
function chain(p: Printing, keyword: 'Kw_or' | 'Kw_and'): Doc {
  const children = p.node.children;
  if (children.length === 1) return p.docs[0] as Doc;
  const rest: Doc[] = [];
  for (let i = 1; i < children.length; i += 2) {
    const operator = children[i] as FormatChild;
    const operand = children[i + 1] as FormatChild;
    rest.push(lineBetween(p, children[i - 1] as FormatChild, operator));
    rest.push(p.docs[i] as Doc);
    rest.push(commentBetween(p.text, operator, operand) ? indent([hardline, p.docs[i + 1] as Doc]) : [' ', p.docs[i + 1] as Doc]);
  }
  return keyword === 'Kw_or' ? group(indent([p.docs[0] as Doc, ...rest])) : group([p.docs[0] as Doc, indent(rest)]);
}

/** `fact`'s type: a records fact has its `where` and its fields on lines of their own. */
function factType(p: Printing): Doc {
  const children = p.node.children;
  const head = children[0];
  if (isToken(head, 'Kw_records')) {
    const where = children.findIndex((c) => isToken(c, 'Kw_where'));
    const fields = children.map((c, i) => (c.type === 'field' ? i : -1)).filter((i) => i >= 0);
    const headEnd = where >= 0 ? where : (fields[0] ?? children.length);
    const lines: Doc[] = [];
    if (where >= 0) {
      const condition = where + 1;
      lines.push(hardline, blankLineBefore(p.text, children[where] as FormatChild) ? hardline : '', inline(p, where, condition + 1));
    }
    return [inline(p, 0, headEnd), indent([...lines, ...statements(p, fields, true)])];
  }
  if (isToken(head, 'Kw_number')) {
    const lasting = children.findIndex((c) => isToken(c, 'Kw_lasting'));
    if (lasting > 0) {
      return [inline(p, 0, lasting), group(indent([lineBetween(p, children[lasting - 1] as FormatChild, children[lasting] as FormatChild), inline(p, lasting)]))];
    }
  }
  return inline(p);
}

/** `service "…" cpt 1, 2 region r`: the label, then each code list and the region, breaking onto lines of their own. */
function serviceClause(p: Printing): Doc {
  const children = p.node.children;
  const label = isToken(children[1], 'TextLiteral', 'UnterminatedText') ? 2 : 1;
  const parts: Doc[] = [];
  for (let i = label; i < children.length; i++) {
    const child = children[i] as FormatChild;
    const previous = children[i - 1] as FormatChild;
    if (isToken(child, 'Kw_region')) {
      parts.push(lineBetween(p, previous, child), inline(p, i, i + 2));
      i++;
    } else parts.push(lineBetween(p, previous, child), p.docs[i] as Doc);
  }
  return group([inline(p, 0, label), indent(parts)]);
}

/** `is [not] one of ("a", "b")` or `is [not] "a"`. */
function isTest(p: Printing): Doc {
  const open = p.node.children.findIndex((c) => isToken(c, 'LParen'));
  if (open < 0) return inline(p);
  const close = p.node.children.length - 1;
  return [inline(p, 0, open), joint(p, open, parenthesisedList(p, open, close, 'fill'))];
}

/** `(condition)`: breaks inside the parentheses, the condition one level deeper. */
function parenthesised(p: Printing): Doc {
  const [open, condition, close] = p.node.children as [FormatChild, FormatChild, FormatChild];
  return group([p.docs[0] as Doc, indent([lineBetween(p, open, condition, true), p.docs[1] as Doc]), lineBetween(p, condition, close, true), p.docs[2] as Doc]);
}

const printers: Readonly<Record<string, (p: Printing) => Doc>> = {
  document: (p) => {
    const indices = p.node.children.map((_, i) => i);
    return [...statements(p, indices, false), danglingComments(p.node), hardline];
  },
  guidelineHeader: block,
  libraryHeader: block,
  appliesClause: block,
  recommendationClause: block,
  sourcesSection: block,
  source: block,
  factsSection: block,
  thresholdsSection: block,
  criteriaSection: block,
  routesSection: block,
  valueSet: block,
  criterion: block,
  textClause: keywordAndText,
  reasonClause: keywordAndText,
  judgementClause: keywordAndText,
  sourceField: keywordAndText,
  notStatedClause: keywordAndText,
  serviceClause,
  factType,
  isTest,
  parenthesised,
  condition: (p) => chain(p, 'Kw_or'),
  andCondition: (p) => chain(p, 'Kw_and'),
  conditionList: (p) => parenthesisedList(p, 0, p.node.children.length - 1, 'one per line'),
  codeList: (p) => [p.docs[0] as Doc, joint(p, 1, filledList(p, 1, p.node.children.length))],
  usesSection: (p) => [p.docs[0] as Doc, joint(p, 1, filledList(p, 1, p.node.children.length))],
  citeClause: (p) => [p.docs[0] as Doc, joint(p, 1, filledList(p, 1, p.node.children.length))],
  excludeClause: (p) => {
    const at = p.node.children.findIndex((c) => isToken(c, 'Kw_in'));
    const end = at >= 0 ? at : p.node.children.length;
    return [p.docs[0] as Doc, joint(p, 1, filledList(p, 1, end)), at >= 0 ? joint(p, at, inline(p, at)) : ''];
  },
};

/** Comments Prettier could attach to no neighbour (none in a file that parses; printed all the same, never lost). */
function danglingComments(node: FormatNode): Doc {
  const dangling = (node.comments ?? []).filter((c) => c.leading !== true && c.trailing !== true);
  for (const c of dangling) c.printed = true;
  return dangling.map((c) => [hardline, c.value.trimEnd()]);
}

function print(path: AstPath<FormatAny>, options: Options, printChild: Print): Doc {
  const node = path.node;
  if (node.type === 'comment') return (node as FormatComment).value.trimEnd();
  if (node.type === 'token') return (node as FormatToken).image;
  const formatNode = node as FormatNode;
  const docs = path.map(printChild, 'children' as never) as Doc[];
  const printing: Printing = { node: formatNode, docs, text: options.originalText, options };
  const printer = printers[formatNode.type];
  const printed = printer ? printer(printing) : inline(printing);
  return formatNode.type === 'document' ? printed : [printed, danglingComments(formatNode)];
}

export const printer: Printer<FormatAny> = {
  print,
  canAttachComment,
  isBlockComment,
  printComment: printComment as Printer<FormatAny>['printComment'],
  getCommentChildNodes,
  handleComments: handleComments as unknown as Printer<FormatAny>['handleComments'],
  hasPrettierIgnore,
  getVisitorKeys: (node) => ('children' in node ? ['children'] : []),
};

export { locEnd, locStart, statementTypes };
