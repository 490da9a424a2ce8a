import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocuments } from './index.js';
import { tokenize } from './lexer.js';
import { parseDocument } from './parse.js';
import { SourceFile } from './source.js';

const root = join(import.meta.dirname, '..');
const testdata = join(import.meta.dirname, 'testdata', 'parse');

function rubricFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return rubricFiles(path);
    return path.endsWith('.rubric') ? [path] : [];
  });
}

/** The AST with spans shown as `start-end` so a snapshot reads top to bottom. */
const readable = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'span' && v && typeof v === 'object' ? `${(v as { start: number }).start}-${(v as { end: number }).end}` : v)));

const render = (source: SourceFile, diagnostics: readonly { code: string; span: { start: number }; message: string }[]) =>
  diagnostics.map((d) => {
    const { line, column } = source.positionAt(d.span.start);
    return `${source.uri}:${line}:${column} ${d.code} ${d.message}`;
  });

describe('parser fixtures: every construct parses cleanly into the AST a person read', () => {
  for (const file of readdirSync(testdata).filter((f) => f.endsWith('.rubric'))) {
    it(file, async () => {
      const source = new SourceFile(file, readFileSync(join(testdata, file), 'utf8'));
      const { document, diagnostics } = parseDocument(source);
      expect(render(source, diagnostics)).toEqual([]);
      await expect(JSON.stringify(readable(document), null, 2) + '\n').toMatchFileSnapshot(join(testdata, file.replace(/\.rubric$/, '.ast.json')));
    });
  }
});

describe('shipped guidelines', () => {
  const files = rubricFiles(join(root, 'guidelines'));

  it('are found', () => {
    expect(files.length).toBeGreaterThan(1);
  });

  const libraries = files
    .map((f) => new SourceFile(relative(root, f), readFileSync(f, 'utf8')))
    .filter((source) => /^library /m.test(source.text));

  for (const file of files) {
    const name = relative(root, file);
    const text = readFileSync(file, 'utf8');

    it(`${name} parses without syntax errors`, () => {
      const source = new SourceFile(name, text);
      expect(render(source, parseDocument(source).diagnostics)).toEqual([]);
    });

    it(`${name}: every prefix cut at a token boundary yields a document and diagnostics, never an exception`, () => {
      // The value-set libraries a guideline may use; other guidelines have no bearing on this one.
      const others = libraries.filter((l) => l.uri !== name);
      const cuts = new Set<number>([0, text.length]);
      for (const token of tokenize(new SourceFile(name, text)).tokens) {
        cuts.add(token.startOffset);
        cuts.add(token.startOffset + token.image.length);
      }
      for (const cut of [...cuts].sort((a, b) => a - b)) {
        const source = new SourceFile(name, text.slice(0, cut));
        const { documents, diagnostics } = checkDocuments([source, ...others]);
        expect(documents[0]?.kind).toBe('Document');
        for (const d of diagnostics.filter((d) => d.uri === name)) {
          expect(d.code, `internal error at cut ${cut}: ${d.message}`).not.toBe('RUB1999');
          expect(Number.isFinite(d.span.start) && Number.isFinite(d.span.end), `${d.code} at cut ${cut}`).toBe(true);
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(cut);
          expect(d.message.length).toBeGreaterThan(0);
        }
      }
    });
  }
});

describe('what parseDocument returns besides the AST', () => {
  const text = '# before\nguideline g # after the name\ncriteria\n  criterion c\n    require a\n';
  const source = new SourceFile('extras.rubric', text);
  const parsed = parseDocument(source);

  it('the CST, rooted at the document rule', () => {
    expect(parsed.cst.name).toBe('document');
    expect(parsed.cst.children.guidelineHeader?.[0]?.children.Kw_guideline[0]?.image).toBe('guideline');
  });

  it("the lexer's tokens, without comments or white space", () => {
    expect(parsed.tokens.map((t) => t.image)).toEqual(['guideline', 'g', 'criteria', 'criterion', 'c', 'require', 'a']);
  });

  it('the comments, with their spans, in source order', () => {
    expect(parsed.comments).toEqual([
      { kind: 'Comment', span: { start: 0, end: 8 }, text: '# before' },
      { kind: 'Comment', span: { start: 21, end: 37 }, text: '# after the name' },
    ]);
    expect(parsed.comments.map((c) => source.slice(c.span))).toEqual(['# before', '# after the name']);
  });
});

describe('the AST keeps what the author wrote', () => {
  const conditionOf = (text: string) => {
    const { document, diagnostics } = parseDocument(new SourceFile('w.rubric', `guideline g\ncriteria\n  criterion c\n    require ${text}\n`));
    const criteria = document.sections.flatMap((s) => (s.kind === 'Criteria' ? s.criteria : []));
    const clause = criteria[0]?.clauses[0];
    return { condition: clause?.kind === 'RequireClause' ? clause.condition : undefined, diagnostics };
  };

  it.each([
    ['a >= 2', '>=', '>='],
    ['a ≥ 2', '>=', '≥'],
    ['a at least 2', '>=', 'at least'],
    ['a <= 2', '<=', '<='],
    ['a ≤ 2', '<=', '≤'],
    ['a at most 2', '<=', 'at most'],
  ])('`%s` is operator %s, spelled %s', (text, operator, spelling) => {
    expect(conditionOf(text).condition).toMatchObject({ kind: 'Compare', operator, spelling });
  });

  it('a comparison left without its operator by recovery holds a Missing operator, not an invented `>=`', () => {
    const { condition, diagnostics } = conditionOf('a at 5');
    expect(diagnostics.map((d) => d.code)).toContain('RUB1003');
    expect(condition).toMatchObject({ kind: 'Compare', operator: { kind: 'Missing' }, spelling: { kind: 'Missing' } });
  });

  it('`if not stated` with nothing after it counts as Missing, not as `not applicable`', () => {
    const { document } = parseDocument(new SourceFile('n.rubric', 'guideline g\ncriteria\n  criterion c\n    require a\n    if not stated\n'));
    const criteria = document.sections.flatMap((s) => (s.kind === 'Criteria' ? s.criteria : []));
    expect(criteria[0]?.clauses[1]).toMatchObject({ kind: 'NotStatedClause', counts: { kind: 'Missing' } });
  });

  it('every path segment has its own span', () => {
    const text = 'guideline g\nfacts\n  fact plan "plan" documented from documentation.formal_rehabilitation_plan\n';
    const source = new SourceFile('p.rubric', text);
    const facts = parseDocument(source).document.sections.flatMap((s) => (s.kind === 'Facts' ? s.facts : []));
    const type = facts[0]?.type;
    const path = type?.kind === 'DocumentedType' ? type.path : undefined;
    expect(path?.kind === 'Path' ? path.parts.map((p) => [p.name, source.slice(p.span)]) : []).toEqual([
      ['documentation', 'documentation'],
      ['formal_rehabilitation_plan', 'formal_rehabilitation_plan'],
    ]);
  });
});

describe('broken input', () => {
  const check = (text: string) => {
    const source = new SourceFile('broken.rubric', text);
    return render(source, parseDocument(source).diagnostics);
  };

  it('asks for a number of levels in the words of the statement', () => {
    expect(check('guideline g\ncriteria\n  criterion two_levels\n    max_levels\n    cite odg')).toEqual([
      "broken.rubric:5:5 RUB1003 Expected a number of levels, like `max_levels 2`, but found 'cite'.",
    ]);
  });

  it('reports each broken line and keeps parsing the rest', () => {
    const text = [
      'guideline g',
      '  title "unclosed',
      'criteria',
      '  criterion a',
      '    exclude radiculapathy,',
      '    require initial_relief >=',
      '    reason "x"',
      '  criterion b',
      '    require every prior_blocks has initial_relief >= 70%',
    ].join('\n');
    const source = new SourceFile('broken.rubric', text);
    const { document, diagnostics } = parseDocument(source);
    expect(render(source, diagnostics)).toEqual([
      'broken.rubric:2:9 RUB1002 This text has no closing quotation mark ("). Close it on the same line.',
      "broken.rubric:6:5 RUB1003 Expected a condition to exclude, like `exclude radiculopathy`, but found 'require'.",
      "broken.rubric:7:5 RUB1003 Expected a number here, like `70%` or `6 weeks`, but found 'reason'.",
    ]);
    const criteria = document.sections.flatMap((s) => (s.kind === 'Criteria' ? s.criteria : []));
    expect(criteria.map((c) => (c.name.kind === 'Name' ? c.name.text : c.name.kind))).toEqual(['a', 'b']);
    expect(criteria[1]?.clauses.map((c) => c.kind)).toEqual(['RequireClause']);
  });

  it('puts a Missing node, not undefined, where recovery left a gap', () => {
    const source = new SourceFile('gap.rubric', 'guideline g\ncriteria\n  criterion\n    max_levels 2');
    const { document } = parseDocument(source);
    const criteria = document.sections.flatMap((s) => (s.kind === 'Criteria' ? s.criteria : []));
    expect(criteria[0]?.name).toMatchObject({ kind: 'Missing', expected: "the criterion's name" });
  });

  it('reports a file that is not a guideline or a library', () => {
    expect(check('criteria\n  criterion a')).toEqual([
      'broken.rubric:1:1 RUB1004 A Rubric file starts with `guideline <name>` (a guideline) or `library <name>` (shared value sets).',
    ]);
  });

  it('ends a records fact at the next `fact`: only `field` lines belong to it', () => {
    const text = [
      'guideline g',
      'facts',
      '  fact blocks "prior blocks" records from prior_treatments',
      '    field relief "relief" number % from response.initial_relief_percent',
      '  fact plan "rehabilitation plan" documented from documentation.formal_rehabilitation_plan',
    ].join('\n');
    const { document, diagnostics } = parseDocument(new SourceFile('facts.rubric', text));
    expect(diagnostics).toEqual([]);
    const facts = document.sections.flatMap((s) => (s.kind === 'Facts' ? s.facts : []));
    expect(facts.map((f) => (f.name.kind === 'Name' ? f.name.text : '?'))).toEqual(['blocks', 'plan']);
    const records = facts[0]?.type;
    expect(records?.kind === 'RecordsType' ? records.fields.map((f) => f.keyword) : []).toEqual(['field']);
  });

  it('steps over stray words in every kind of list, reports each run once, and reads what follows', () => {
    const text = [
      'guideline g',
      '  title "T" oops',
      'sources',
      '  source s "S" page 1 stray words',
      '  source t "T"',
      'facts',
      '  fact a "a" documented from documentation.a 42',
      '  fact b "b" records from prior_treatments',
      '    field x "x" text from x and more',
      '    field y "y" text from y',
      'criteria',
      '  criterion c',
      '    exclude radiculopathy and stenosis',
      '    cite s',
      '  criterion d',
      '    require a',
    ].join('\n');
    const source = new SourceFile('stray.rubric', text);
    const { document, diagnostics } = parseDocument(source);
    expect(diagnostics.map((d) => `${source.positionAt(d.span.start).line}:${d.code} ${source.slice(d.span)}`)).toEqual([
      '2:RUB1006 oops',
      '4:RUB1006 stray words',
      '7:RUB1006 42',
      '9:RUB1006 and more',
      '13:RUB1006 and stenosis',
    ]);
    const names = (kind: string) =>
      document.sections.flatMap((s) => (s.kind === 'Sources' && kind === 'Sources' ? s.sources.map((x) => x.name) : s.kind === 'Facts' && kind === 'Facts' ? s.facts.map((x) => x.name) : s.kind === 'Criteria' && kind === 'Criteria' ? s.criteria.map((x) => x.name) : []))
        .map((n) => (n.kind === 'Name' ? n.text : '?'));
    expect(names('Sources')).toEqual(['s', 't']);
    expect(names('Facts')).toEqual(['a', 'b']);
    expect(names('Criteria')).toEqual(['c', 'd']);
  });

  it('survives garbage without hanging', () => {
    const garbage = ['((((((((((', ')))) and or not', 'at least at most every no any of', '"\n"\n"', '∑∂ƒ©˙∆˚¬', 'criterion criterion criterion'];
    for (const text of garbage) {
      const { document } = parseDocument(new SourceFile('g.rubric', `guideline g\ncriteria\n criterion c\n require ${text}`));
      expect(document.kind).toBe('Document');
    }
  });
});
