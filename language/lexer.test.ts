import { Lexer } from 'chevrotain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.js';
import { SourceFile } from './source.js';
import { allTokens, keywords, unitWords } from './tokens.js';

const names = (text: string) => tokenize(new SourceFile('t.rubric', text)).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lexer', () => {
  it('keeps a keyword that starts a longer word a name', () => {
    expect(names('max_levels_note excluded notes counts counting fact facts')).toEqual([
      'Identifier:max_levels_note',
      'Identifier:excluded',
      'Identifier:notes',
      'Kw_counts:counts',
      'Kw_counting:counting',
      'Kw_fact:fact',
      'Kw_facts:facts',
    ]);
  });

  it('keeps the range, record-date and stated-only words names when they start a longer word', () => {
    expect(names('max max_levels max_frequency min minimum_visits latest latest_date earliest earliest_visit stated stated_frequency applicable hours hourly')).toEqual([
      'Kw_max:max',
      'Kw_max_levels:max_levels',
      'Identifier:max_frequency',
      'Kw_min:min',
      'Identifier:minimum_visits',
      'Kw_latest:latest',
      'Identifier:latest_date',
      'Kw_earliest:earliest',
      'Identifier:earliest_visit',
      'Kw_stated:stated',
      'Identifier:stated_frequency',
      'Kw_applicable:applicable',
      'UnitWord:hours',
      'Identifier:hourly',
    ]);
  });

  it('lexes every keyword as itself, and every keyword followed by more letters as a name', () => {
    for (const keyword of keywords) {
      const word = (keyword.PATTERN as RegExp).source;
      expect(names(word)).toEqual([`${keyword.name}:${word}`]);
      expect(names(`${word}_x`)).toEqual([`Identifier:${word}_x`]);
      expect(names(`${word}s2`)).toEqual([`Identifier:${word}s2`]);
    }
  });

  it('lexes every unit word as a unit, and a unit word followed by more letters as a name', () => {
    for (const word of unitWords) {
      expect(names(word)).toEqual([`UnitWord:${word}`]);
      expect(names(`${word}_x`)).toEqual([`Identifier:${word}_x`]);
    }
  });

  it('tells keywords, unit words and names apart as a lexer with a pattern and `longer_alt` per keyword does', () => {
    // The definition the word lookup stands in for: every keyword and unit word its own pattern, longest first.
    const reference = new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'onlyOffset' });
    const words = [...keywords.map((k) => (k.PATTERN as RegExp).source), ...unitWords];
    const piece = fc.oneof(
      fc.constantFrom(...words),
      fc.constantFrom('_', 's', '2', 'x', '.', 'a.b', '[]', ' ', '\n', '"', '#', '(', ',', '>=', '%', 'M54.1*', '-3', '0213T'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        const expected = reference.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.startOffset}:${t.image}`);
        expect(tokenize(new SourceFile('t.rubric', text)).tokens.map((t) => `${t.tokenType.name}:${t.startOffset}:${t.image}`)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('reads case-file paths, codes, numbers, percentages and units', () => {
    expect(names('documentation.formal_rehabilitation_plan request.levels diagnoses[].code')).toEqual([
      'Path:documentation.formal_rehabilitation_plan',
      'Path:request.levels',
      'Path:diagnoses[].code',
    ]);
    expect(names('M50.1* M54.12 Z98.1 64490 0213T 6449*')).toEqual([
      'Code:M50.1*',
      'Code:M54.12',
      'Code:Z98.1',
      'NumberLiteral:64490',
      'Code:0213T',
      'Code:6449*',
    ]);
    expect(names('>= 70% for >= 6 weeks 2 levels 1 week -1')).toEqual([
      'GreaterEqual:>=',
      'NumberLiteral:70',
      'PercentSign:%',
      'Kw_for:for',
      'GreaterEqual:>=',
      'NumberLiteral:6',
      'UnitWord:weeks',
      'NumberLiteral:2',
      'UnitWord:levels',
      'NumberLiteral:1',
      'UnitWord:week',
      'NumberLiteral:-1',
    ]);
  });

  it('puts comments in their own group', () => {
    const result = tokenize(new SourceFile('t.rubric', '# a note\nexclude x # why\n'));
    expect(result.comments.map((t) => t.image)).toEqual(['# a note', '# why']);
    expect(result.tokens.map((t) => t.image)).toEqual(['exclude', 'x']);
  });

  it('reports unknown characters and unterminated text, and keeps going', () => {
    const result = tokenize(new SourceFile('t.rubric', 'exclude $$ x\nreason "no end\ncite y'));
    expect(result.diagnostics.map((d) => [d.code, d.span.start, d.span.end, d.message])).toEqual([
      ['RUB1001', 8, 10, "Rubric does not understand '$$' here."],
      ['RUB1002', 20, 27, 'This text has no closing quotation mark ("). Close it on the same line.'],
    ]);
    expect(result.tokens.map((t) => t.image)).toEqual(['exclude', 'x', 'reason', '"no end', 'cite', 'y']);
  });
});
