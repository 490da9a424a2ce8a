/**
 * A limit on how deeply conditions nest, checked on the tokens before parsing. The parser, the AST builder, the
 * checks and the compiler all recurse into nested conditions; at a few hundred levels (`((((…))))`, `not not …`,
 * `all of (all of (…))`, `every a has every b has …`) one of them would run out of stack and the whole file would
 * become one internal error. Instead the statement that nests too deeply gets a located RUB1008 and is left out
 * of the parse; the rest of the file is read as usual. No guideline needs anywhere near this many levels.
 *
 * Records nest across statements too: every `field` line after a `field … records` belongs to that field's records
 * (the grammar reads them greedily), so a run of `field <name> "<label>" records …` lines nests one level per line.
 * Those levels count with the conditions inside them; past the limit, one RUB1008 at the first `field` too many,
 * and the `field` lines from there to the next other statement are left out.
 */
import type { IToken } from 'chevrotain';
import { diagnostic, TooDeeplyNested } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import * as T from './tokens.js';

/** The deepest nesting read: parentheses, `where` and `has`, and a run of `not`, each count one level. */
export const nestingLimit = 100;

export interface NestingResult {
  /** The tokens to parse: all of them, or all but the statements that nest too deeply. */
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

const startsStatement: boolean[] = [];
for (const type of T.statementStarts) startsStatement[type.tokenTypeIdx as number] = true;
const LParen = T.LParen.tokenTypeIdx;
const RParen = T.RParen.tokenTypeIdx;
const Not = T.Not.tokenTypeIdx;
const Where = T.Where.tokenTypeIdx;
const Has = T.Has.tokenTypeIdx;
const Comma = T.Comma.tokenTypeIdx;
const Field = T.Field.tokenTypeIdx;
const Records = T.Records.tokenTypeIdx;

/** Whether the statement starting at `i` is `field <name> "<label>" records …`: the fields after it nest inside it. */
const recordsField = (tokens: readonly IToken[], i: number): boolean =>
  tokens[i]?.tokenTypeIdx === Field && tokens[i + 3]?.tokenTypeIdx === Records;

export function limitNesting(tokens: IToken[], uri: string): NestingResult {
  const diagnostics: Diagnostic[] = [];
  /** Token index ranges [from, to) left out of the parse. */
  const cuts: [number, number][] = [];
  let depth = 0;
  let nots = 0;
  /** The depth outside each open parenthesis. */
  const opened: number[] = [];
  let statement = 0;
  /** The `field … records` lines read so far in a row of `field` lines: the levels of records around the next. */
  let records = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = (tokens[i] as IToken).tokenTypeIdx;
    if (startsStatement[type] === true) {
      depth = 0;
      nots = 0;
      opened.length = 0;
      statement = i;
      if (type !== Field) records = 0;
      else if (recordsField(tokens, i) && records >= nestingLimit) {
        // One level of records too many: leave it out with the rest of this run of `field` lines.
        const token = tokens[i] as IToken;
        diagnostics.push(diagnostic(TooDeeplyNested, uri, { start: token.startOffset, end: token.startOffset + token.image.length }, [nestingLimit, 'records']));
        let end = i + 1;
        while (end < tokens.length && (startsStatement[(tokens[end] as IToken).tokenTypeIdx] !== true || (tokens[end] as IToken).tokenTypeIdx === Field)) end++;
        cuts.push([i, end]);
        i = end - 1;
        records = 0;
        continue;
      }
      if (recordsField(tokens, i)) records++;
      continue;
    }
    if (type === Not) nots++;
    else {
      nots = 0;
      if (type === LParen) opened.push(depth++);
      else if (type === RParen) depth = opened.pop() ?? 0;
      else if (type === Where || type === Has) depth++;
      else if (type === Comma) depth = opened.length > 0 ? (opened[opened.length - 1] as number) + 1 : 0;
    }
    if (records + depth + nots > nestingLimit) {
      const token = tokens[i] as IToken;
      diagnostics.push(diagnostic(TooDeeplyNested, uri, { start: token.startOffset, end: token.startOffset + token.image.length }, [nestingLimit]));
      let end = i + 1;
      while (end < tokens.length && startsStatement[(tokens[end] as IToken).tokenTypeIdx] !== true) end++;
      cuts.push([statement, end]);
      i = end - 1;
      depth = 0;
      nots = 0;
      opened.length = 0;
    }
  }
  if (cuts.length === 0) return { tokens, diagnostics };
  const kept: IToken[] = [];
  let from = 0;
  for (const [start, end] of cuts) {
    for (let i = from; i < start; i++) kept.push(tokens[i] as IToken);
    from = end;
  }
  for (let i = from; i < tokens.length; i++) kept.push(tokens[i] as IToken);
  return { tokens: kept, diagnostics };
}
