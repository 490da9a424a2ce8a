/**
 * Text → tokens. A module-singleton Chevrotain lexer; `tokenize` never throws: characters it does not
 * understand become RUB1001 diagnostics (one per run of bad characters) and lexing continues.
 */
import { Lexer, type IToken } from 'chevrotain';
import { grammarCheck } from './grammar-check.js';
import { diagnostic, UnexpectedCharacter, UnterminatedText as UnterminatedTextCode } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import type { SourceFile } from './source.js';
import { Identifier, lexerTokens, UnterminatedText, wordTypes } from './tokens.js';

/** Built on first use, like the parser: `rubric --help` never lexes. */
let lexer: Lexer | undefined;

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function tokenize(source: SourceFile): LexResult {
  lexer ??= new Lexer(lexerTokens, { ensureOptimizations: true, positionTracking: 'onlyOffset', skipValidations: !grammarCheck });
  const result = lexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = [];
  for (const error of result.errors) {
    const text = source.text.slice(error.offset, error.offset + error.length);
    diagnostics.push(
      diagnostic(UnexpectedCharacter, source.uri, { start: error.offset, end: error.offset + error.length }, [
        text.length > 20 ? `${text.slice(0, 20)}…` : text,
      ]),
    );
  }
  // `onlyOffset` tracking gives tokens a start but no end; the parser needs both for its CST node locations.
  // A word that is exactly a keyword or a unit word becomes that token (tokens.ts, `lexerTokens`).
  const identifier = Identifier.tokenTypeIdx;
  for (const token of result.tokens) {
    token.endOffset = token.startOffset + token.image.length - 1;
    if (token.tokenTypeIdx === identifier) {
      const type = wordTypes.get(token.image);
      if (type !== undefined) {
        token.tokenType = type;
        token.tokenTypeIdx = type.tokenTypeIdx as number;
      }
    } else if (token.tokenType === UnterminatedText) {
      diagnostics.push(diagnostic(UnterminatedTextCode, source.uri, { start: token.startOffset, end: token.startOffset + token.image.length }, []));
    }
  }
  return { tokens: result.tokens, comments: result.groups['comments'] ?? [], diagnostics };
}
