/**
 * Token definitions. Lexer order matters and is, top to bottom:
 *   1. skipped white space and comments (comments go to their own group, for the formatter);
 *   2. quoted text, then unterminated text (reported, but parsed as text so one missing quote is one error);
 *   3. dotted case-file paths (`documentation.formal_rehabilitation_plan`), before any word;
 *   4. punctuation and operators (longest first: `>=` before `>`);
 *   5. clinical codes (`M50.1*`, `0213T`), before numbers;
 *   6. numbers;
 *   7. keywords, each with `longer_alt: Identifier` so `max_levels_note` and `excluded` stay names;
 *   8. unit words; 9. identifiers.
 * That is the vocabulary (`allTokens`, which the parser reads). The lexer itself (`lexerTokens`) matches every word
 * with the one Identifier pattern and then looks the whole word up (`wordTypes`, lexer.ts): a keyword or a unit word
 * is a word that is exactly it, which is what `longer_alt` decides, without trying some eighty keyword patterns in
 * turn at every word (the lexer's first-character optimisation still leaves a dozen candidates for a word starting
 * with `c`).
 *
 * Keywords that never start a condition are "soft": they also belong to the `AnyName` category, so
 * `date`, `text`, `section` … can still name a fact or a field.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });

/** Anything that is quoted text, closed or not. */
export const AnyText = createToken({ name: 'AnyText', pattern: Lexer.NA, label: 'quoted text' });
export const TextLiteral = createToken({ name: 'TextLiteral', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/, categories: [AnyText], label: 'quoted text' });
export const UnterminatedText = createToken({ name: 'UnterminatedText', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*/, categories: [AnyText], label: 'quoted text' });

/** Any word that can name something: identifiers and soft keywords. */
export const AnyName = createToken({ name: 'AnyName', pattern: Lexer.NA, label: 'a name' });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [AnyName], label: 'a name' });

export const Path = createToken({
  name: 'Path',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:\[\])?(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\])?)+/,
  label: 'a case-file path like documentation.formal_rehabilitation_plan',
});

export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: />=|≥/, label: '">="' });
export const LessEqual = createToken({ name: 'LessEqual', pattern: /<=|≤/, label: '"<="' });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: '">"' });
export const Less = createToken({ name: 'Less', pattern: /</, label: '"<"' });
export const Equal = createToken({ name: 'Equal', pattern: /=/, label: '"="' });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: 'a comma' });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: '"("' });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: '")"' });
export const PercentSign = createToken({ name: 'PercentSign', pattern: /%/, label: '"%"' });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: '"+"' });

export const Code = createToken({
  name: 'Code',
  pattern: /[A-Z][0-9][A-Z0-9]*(?:\.[A-Z0-9]*)?\*?|[0-9]{4}[A-Z](?![A-Za-z0-9_])|[0-9]+\*/,
  label: 'a code like M54.12 or 64490',
});
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /-?[0-9]+(?:\.[0-9]+)?/, label: 'a number' });

const keywordTokens: TokenType[] = [];
const softKeywordTokens: TokenType[] = [];

/** A keyword. `soft` keywords may also be used as names. */
function keyword(word: string, soft: boolean): TokenType {
  const token = createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `"${word}"`,
    ...(soft ? { categories: [AnyName] } : {}),
  });
  keywordTokens.push(token);
  if (soft) softKeywordTokens.push(token);
  return token;
}

// Words that start a statement or a section are hard: a list of names ends where one of them begins.
// The rest are soft: they may also name a fact, a field or a region.
export const Guideline = keyword('guideline', false);
export const Library = keyword('library', false);
export const Title = keyword('title', false);
export const Version = keyword('version', false);
export const Edition = keyword('edition', false);
export const Jurisdiction = keyword('jurisdiction', false);
export const Service = keyword('service', false);
export const Region = keyword('region', true);
export const Cpt = keyword('cpt', true);
export const Hcpcs = keyword('hcpcs', true);
export const Icd10 = keyword('icd10', true);
export const Recommendation = keyword('recommendation', false);
export const Recommended = keyword('recommended', true);
export const Conditionally = keyword('conditionally', true);
export const Criteria = keyword('criteria', false);
export const If = keyword('if', true);
export const Used = keyword('used', true);
export const Anyway = keyword('anyway', true);
export const MissingKw = keyword('missing', false);
export const Documentation = keyword('documentation', true);
export const Counts = keyword('counts', true);
export const As = keyword('as', true);
export const Met = keyword('met', true);
export const Insufficient = keyword('insufficient', true);
export const Information = keyword('information', true);
export const Uses = keyword('uses', false);
export const Sources = keyword('sources', false);
export const SourceKw = keyword('source', false);
export const DocumentKw = keyword('document', true);
export const Chapter = keyword('chapter', true);
export const SectionKw = keyword('section', true);
export const Page = keyword('page', true);
export const Quote = keyword('quote', true);
export const Facts = keyword('facts', false);
export const FactKw = keyword('fact', false);
export const Thresholds = keyword('thresholds', false);
export const ThresholdKw = keyword('threshold', false);
export const Field = keyword('field', false);
export const Documented = keyword('documented', true);
export const NumberKw = keyword('number', true);
export const Count = keyword('count', true);
export const Codes = keyword('codes', true);
export const TextKw = keyword('text', true);
export const DateKw = keyword('date', true);
export const Records = keyword('records', true);
export const Total = keyword('total', true);
export const Elapsed = keyword('elapsed', true);
export const To = keyword('to', true);
export const ValueSetKw = keyword('valueset', false);
export const CriterionKw = keyword('criterion', false);
export const Exclude = keyword('exclude', false);
export const MaxLevels = keyword('max_levels', false);
export const Require = keyword('require', false);
export const When = keyword('when', false);
export const Cite = keyword('cite', false);
export const Reason = keyword('reason', false);
// Scope, routes and clinical judgement: `applies when …`, `routes` / `route <name>`, `judgement "<question>"`.
export const Applies = keyword('applies', false);
export const Routes = keyword('routes', false);
export const RouteKw = keyword('route', false);
export const Judgement = keyword('judgement', false);
export const This = keyword('this', true);
export const Request = keyword('request', true);
export const One = keyword('one', true);
export const Least = keyword('least', true);
export const Most = keyword('most', true);

// Condition words (hard: a condition may start with them, or they join conditions).
export const Not = keyword('not', false);
export const And = keyword('and', false);
export const Or = keyword('or', false);
export const All = keyword('all', false);
export const Any = keyword('any', false);
export const At = keyword('at', false);
export const Every = keyword('every', false);
export const No = keyword('no', false);
export const Of = keyword('of', false);
export const Is = keyword('is', false);
export const Where = keyword('where', false);
export const Has = keyword('has', false);
export const For = keyword('for', false);
export const In = keyword('in', false);
export const From = keyword('from', false);
export const Lasting = keyword('lasting', false);
export const Counting = keyword('counting', false);
// `if not stated not applicable` / `if not stated met "…"` (soft: may also name a fact).
export const Stated = keyword('stated', true);
export const Applicable = keyword('applicable', true);
// Which end of a range a comparison term tests (`max requested_visits <= 10 visits`), and which record's date an
// `elapsed` endpoint reads (`latest surgeries.date`). Hard: a term or an endpoint starts with them.
export const MaxKw = keyword('max', false);
export const MinKw = keyword('min', false);
export const Latest = keyword('latest', false);
export const Earliest = keyword('earliest', false);

/** The unit words, singular and plural (normalised by the AST builder). */
export const unitWords: readonly string[] = [
  'percent', 'level', 'levels', 'visit', 'visits', 'session', 'sessions', 'hour', 'hours', 'day', 'days', 'week', 'weeks',
  'month', 'months', 'year', 'years', 'degree', 'degrees', 'mg',
];

/** Unit words, singular or plural (normalised by the AST builder). Also names: a field may be called `levels`. */
export const UnitWord = createToken({
  name: 'UnitWord',
  pattern: new RegExp([...unitWords].sort((a, b) => b.length - a.length).join('|')),
  longer_alt: Identifier,
  categories: [AnyName],
  label: 'a unit like %, weeks or levels',
});

/**
 * Every concrete token also belongs to `AnyToken`, so the parser can step over a stray word (see `stray` in
 * parser.ts) and carry on with the next statement instead of abandoning the rest of the file.
 */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA, label: 'a word' });

/** Words that begin a statement somewhere in a file: a stray-word run ends at the first of them. */
export const statementStarts: readonly TokenType[] = [
  Guideline, Library, Title, Version, Edition, Jurisdiction, Service, Recommendation, MissingKw, Uses, Sources, SourceKw,
  DocumentKw, Chapter, SectionKw, Page, Quote, Facts, FactKw, Field, Thresholds, ThresholdKw, ValueSetKw, Criteria, CriterionKw, Exclude, MaxLevels,
  Require, When, Cite, Reason,
  Applies, Routes, RouteKw, Judgement,
];

/** Keywords longest first, so a keyword that is a prefix of another never shadows it. */
const keywordsLongestFirst = [...keywordTokens].sort(
  (a, b) => String((b.PATTERN as RegExp).source).length - String((a.PATTERN as RegExp).source).length,
);

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  AnyText,
  TextLiteral,
  UnterminatedText,
  Path,
  GreaterEqual,
  LessEqual,
  Greater,
  Less,
  Equal,
  Comma,
  LParen,
  RParen,
  PercentSign,
  Plus,
  Code,
  NumberLiteral,
  ...keywordsLongestFirst,
  UnitWord,
  AnyName,
  Identifier,
  AnyToken,
];

for (const token of allTokens) {
  if (token !== AnyToken && token.PATTERN !== Lexer.NA) token.CATEGORIES = [...(token.CATEGORIES ?? []), AnyToken];
}

export const keywords: readonly TokenType[] = keywordTokens;

/** What the lexer matches: the vocabulary without the keywords and unit words, which are Identifier matches looked up in `wordTypes`. */
export const lexerTokens: TokenType[] = allTokens.filter((token) => token !== UnitWord && !keywordTokens.includes(token));

/** The token type of a word that is exactly a keyword or a unit word. */
export const wordTypes: ReadonlyMap<string, TokenType> = new Map([
  ...keywordTokens.map((token): [string, TokenType] => [(token.PATTERN as RegExp).source, token]),
  ...unitWords.map((word): [string, TokenType] => [word, UnitWord]),
]);
export const softKeywords: readonly TokenType[] = softKeywordTokens;
