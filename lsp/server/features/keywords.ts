/**
 * The keywords the grammar allows at the cursor, from the parser's own expectations: Chevrotain's
 * computeContentAssist, started at the grammar rule of the statement around the cursor with the tokens of that
 * statement before it. (From the top of the document the parser's stray-word recovery, which accepts any word, would
 * make every keyword of the header look possible.) The server keeps one parser of its own for this, built on first
 * use: content assist walks the grammar, not the language's singleton parser's input.
 */
import type { IToken, TokenType } from 'chevrotain';
import type { Node } from '../../../language/index.js';
import { RubricParser, type RuleName } from '../../../language/parser.js';
import { keywords } from '../../../language/tokens.js';

let parser: RubricParser | undefined;
const keywordSet = new Set<TokenType>(keywords);

/** The grammar rule that parses each node kind, for the kinds a cursor sits in. */
const ruleOf: Partial<Record<Node['kind'], RuleName>> = {
  Document: 'document',
  GuidelineHeader: 'guidelineHeader',
  LibraryHeader: 'libraryHeader',
  AppliesClause: 'appliesClause',
  ServiceClause: 'serviceClause',
  RecommendationClause: 'recommendationClause',
  MissingDocumentationClause: 'missingDocumentationClause',
  Sources: 'sourcesSection',
  Source: 'source',
  Facts: 'factsSection',
  Thresholds: 'thresholdsSection',
  Threshold: 'threshold',
  Routes: 'routesSection',
  ValueSet: 'valueSet',
  Criteria: 'criteriaSection',
  Criterion: 'criterion',
  RequireClause: 'requireClause',
  WhenClause: 'whenClause',
  ExcludeClause: 'excludeClause',
  CiteClause: 'citeClause',
  NotStatedClause: 'notStatedClause',
  MaxLevelsClause: 'maxLevelsClause',
};

/** Nodes that hold a list of statements, each starting on its own line with a keyword. */
const holders = new Set<Node['kind']>(['Document', 'GuidelineHeader', 'LibraryHeader', 'AppliesClause', 'Sources', 'Source', 'Facts', 'Thresholds', 'Routes', 'Criteria', 'Criterion']);

/**
 * Sections whose rule is their keyword and then a repetition of statements (or stray words): after each complete
 * statement the grammar is back at the start of the repetition, so the statements before the one being written do
 * not change what may follow. Content assist gets the keyword and that last statement's tokens, not the whole
 * section's (a 2,000-line criteria section made every completion walk every criterion).
 */
const sections = new Set<Node['kind']>(['Sources', 'Facts', 'Thresholds', 'Routes', 'Criteria']);

function assist(rule: RuleName, tokens: readonly IToken[]): string[] {
  parser ??= new RubricParser({ skipValidations: true });
  const words: string[] = [];
  for (const path of parser.computeContentAssist(rule, [...tokens])) {
    if (keywordSet.has(path.nextTokenType)) words.push(String((path.nextTokenType.PATTERN as RegExp).source));
  }
  return words;
}

/**
 * Keyword words (`require`, `cite`, …) valid at the cursor. `chain` is the nodes before the cursor, outermost first;
 * `before` the tokens before the word being typed; `lineStart` says the word is the first on its line.
 */
export function expectedKeywords(chain: readonly Node[], before: readonly IToken[], lineStart: boolean): string[] {
  const words = new Set<string>();
  const from = (node: Node) => before.filter((t) => t.startOffset >= node.span.start);
  /** The section's keyword and the tokens of its last statement before the cursor (the next node in `chain`). */
  const fromSection = (node: Node): IToken[] => {
    const statement = chain[chain.indexOf(node) + 1];
    const tokens = from(node);
    if (statement === undefined) return tokens;
    const at = tokens.findIndex((t) => t.startOffset >= statement.span.start);
    return at <= 1 ? tokens : [tokens[0] as IToken, ...tokens.slice(at)];
  };
  const inner = [...chain].reverse();
  if (lineStart) {
    const lists = inner.filter((n) => holders.has(n.kind)).slice(0, 2);
    for (const node of lists) {
      const rule = ruleOf[node.kind];
      if (rule !== undefined) for (const w of assist(rule, node.kind === 'Document' ? before : sections.has(node.kind) ? fromSection(node) : from(node))) words.add(w);
    }
  } else {
    const node = inner.find((n) => ruleOf[n.kind] !== undefined);
    const rule = node && ruleOf[node.kind];
    if (node && rule) for (const w of assist(rule, from(node))) words.add(w);
  }
  return [...words].sort();
}
