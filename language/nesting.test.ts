import { describe, expect, it } from 'vitest';
import { checkDocuments } from './index.js';
import { nestingLimit } from './nesting.js';
import { parseDocument } from './parse.js';
import { SourceFile } from './source.js';

const guideline = (require: string) =>
  ['guideline g', 'criteria', '  criterion deep', `    require ${require}`, '    cite s', '  criterion after', '    require b', ''].join('\n');

const deep: [string, (n: number) => string][] = [
  ['nested parentheses', (n) => '('.repeat(n) + 'a' + ')'.repeat(n)],
  ['chained `not`', (n) => 'not '.repeat(n) + 'a'],
  ['nested `all of`', (n) => 'all of ('.repeat(n) + 'a' + ')'.repeat(n)],
  ['nested `any of`', (n) => 'any of ('.repeat(n) + 'a' + ')'.repeat(n)],
  ['nested `every … has`', (n) => 'every r has '.repeat(n) + 'a'],
  ['nested `where`', (n) => 'any r where '.repeat(n) + 'a'],
];

describe('conditions nested too deeply for Rubric to read', () => {
  it.each(deep)('%s: up to the limit they parse cleanly', (_, make) => {
    expect(parseDocument(new SourceFile('g.rubric', guideline(make(nestingLimit)))).diagnostics).toEqual([]);
  });

  it.each(deep)('%s: far beyond it, one RUB1008 at the first level too many, and the rest of the file is read', (_, make) => {
    const text = guideline(make(2_000));
    const source = new SourceFile('g.rubric', text);
    const { diagnostics, documents } = checkDocuments([source]);
    const own = diagnostics.filter((d) => d.code.startsWith('RUB10') || d.code === 'RUB1999');
    expect(own.map((d) => [d.code, source.positionAt(d.span.start).line])).toEqual([['RUB1008', 4]]);
    expect(own[0]?.span.start).toBeGreaterThan(text.indexOf('require'));
    const criteria = documents[0]?.sections.flatMap((s) => (s.kind === 'Criteria' ? s.criteria : [])) ?? [];
    expect(criteria.map((c) => (c.name.kind === 'Name' ? c.name.text : '?'))).toEqual(['deep', 'after']);
    // Only the statement that nests too deeply is left out.
    expect(criteria[0]?.clauses.map((c) => c.kind)).toEqual(['CiteClause']);
  });

  it('counts nesting per list item: many side-by-side groups are not deep', () => {
    const wide = 'all of (' + Array.from({ length: 500 }, (_, i) => `any r${i} where a`).join(', ') + ')';
    expect(parseDocument(new SourceFile('g.rubric', guideline(wide))).diagnostics).toEqual([]);
  });
});

describe('records nested too deeply: a run of `field … records` lines, each holding the fields after it', () => {
  const nested = (n: number) =>
    [
      'guideline g',
      'facts',
      '  fact r "r" records from things',
      ...Array.from({ length: n }, (_, i) => `    field f${i} "f${i}" records from p${i}`),
      '    field t "t" text from type',
      'criteria',
      '  criterion after',
      '    require any r',
      '',
    ].join('\n');

  it('up to the limit they parse cleanly', () => {
    expect(parseDocument(new SourceFile('g.rubric', nested(nestingLimit))).diagnostics).toEqual([]);
  });

  it('far beyond it, one RUB1008 at the first `field` too many; the fields from there are left out and the rest of the file is read', () => {
    const source = new SourceFile('g.rubric', nested(2_000));
    const { diagnostics, documents } = checkDocuments([source]);
    const own = diagnostics.filter((d) => d.code.startsWith('RUB10') || d.code === 'RUB1999');
    expect(own.map((d) => [d.code, source.positionAt(d.span.start).line, source.slice(d.span)])).toEqual([['RUB1008', 4 + nestingLimit, 'field']]);
    expect(own[0]?.message).toContain('records are nested more than 100 levels deep');
    const sections = documents[0]?.sections.map((s) => s.kind);
    expect(sections).toEqual(['Facts', 'Criteria']);
  });
});

describe('criteria written without a `criteria` line above them', () => {
  it('are one diagnostic, however many there are', () => {
    const criteria = Array.from({ length: 4_000 }, (_, i) => `  criterion c${i}\n    require a${i}\n`).join('');
    const source = new SourceFile('g.rubric', `guideline g\n  title "T"\n${criteria}`);
    const { diagnostics } = parseDocument(source);
    expect(diagnostics.map((d) => `${source.positionAt(d.span.start).line} ${d.code} ${source.slice(d.span)}`)).toEqual(['3 RUB1006 criterion c0']);
    expect(diagnostics[0]?.message).toContain('add a line `criteria` above the first criterion');
  });
});
