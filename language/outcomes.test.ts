/**
 * Scope, routes and judgement in the checker: what is an error, what is a warning, and what is fine.
 * (Each new code also has its fixture in testdata/errors/; here, the cases around them.)
 */
import { describe, expect, it } from 'vitest';
import { checkDocuments, parseDocument, SourceFile } from './index.js';

const guideline = (header: string, body: string) => `guideline g
  title "G"
  version "1"
  recommendation recommended cite src
${header}
sources
  source src "S"
facts
  fact weeks_since_injury "weeks since the injury" elapsed weeks from patient.date_of_injury to request.date_requested
  fact plan "a plan" documented from documentation.plan
  fact exam "an exam" documented from documentation.exam
  fact prior_surgeries "prior surgeries" records from prior_treatments
    field type "type" text from type
${body}`;

const twoRoutes = `routes
  route a "route A"
  route b "route B"
criteria
  criterion in_a "In A."
    route a
    require plan
    cite src
    reason "No plan."
  criterion in_b "In B."
    route b
    require exam
    cite src
    reason "No exam."
`;

const codes = (text: string) => checkDocuments([new SourceFile('g.rubric', text)]).diagnostics.map((d) => `${d.code} ${d.message}`);

describe('scope', () => {
  it('an `applies when` with a reason, citing a source, is fine; its reason fills in facts', () => {
    const text = guideline('  applies when weeks_since_injury >= 12 weeks\n    cite src\n    reason "{weeks_since_injury} weeks."', twoRoutes);
    expect(codes(text)).toEqual([]);
    const model = checkDocuments([new SourceFile('g.rubric', text)]).model.guidelines[0]!;
    expect(model.scope).toHaveLength(1);
    expect(model.scope[0]).toMatchObject({ citations: ['src'], reason: { parts: [{ kind: 'fact', fact: 'weeks_since_injury' }, { kind: 'text', text: ' weeks.' }] } });
  });

  it('placeholders in the scope reason resolve like criterion reasons, with did-you-mean', () => {
    const text = guideline('  applies when weeks_since_injury >= 12 weeks\n    reason "{weeks_since_injry} weeks."', twoRoutes);
    expect(codes(text)).toEqual([expect.stringMatching(/^RUB1208 .*Did you mean 'weeks_since_injury'\?/)]);
  });

  it('reads only facts of the case: a record field is unknown there, and records are refused', () => {
    expect(codes(guideline('  applies when type is "surgery"\n    reason "R."', twoRoutes))).toEqual([expect.stringMatching(/^RUB1203 /)]);
    expect(codes(guideline('  applies when any prior_surgeries\n    reason "R."', twoRoutes))).toEqual([expect.stringMatching(/^RUB1323 /)]);
  });

  it('several `applies when` lines are allowed (they AND together), not in a library', () => {
    const text = guideline('  applies when plan\n    reason "A."\n  applies when exam\n    reason "B."', twoRoutes);
    expect(codes(text)).toEqual([]);
    expect(checkDocuments([new SourceFile('g.rubric', text)]).model.guidelines[0]?.scope).toHaveLength(2);
    expect(codes('library l\n  applies when plan\n    reason "A."\nvalueset v "v" icd10 M54.1\n')).toEqual([expect.stringMatching(/^RUB1310 /)]);
  });
});

describe('routes', () => {
  it('a route holding a single criterion is fine', () => {
    expect(codes(guideline('', twoRoutes))).toEqual([]);
    const model = checkDocuments([new SourceFile('g.rubric', guideline('', twoRoutes))]).model.guidelines[0]!;
    expect(model.routes.map((r) => [r.id, r.label])).toEqual([['a', 'route A'], ['b', 'route B']]);
    expect(model.criteria.map((c) => c.route)).toEqual(['a', 'b']);
  });

  it('a route declared twice, or named twice in one criterion, is reported', () => {
    expect(codes(guideline('', twoRoutes.replace('  route b "route B"', '  route b "route B"\n  route a "again"')))).toEqual([
      expect.stringMatching(/^RUB1206 /),
    ]);
    expect(codes(guideline('', twoRoutes.replace('    route a\n', '    route a\n    route a\n')))).toEqual([expect.stringMatching(/^RUB1305 /)]);
  });

  it('one route alone is a warning, and the guideline still compiles', () => {
    const one = twoRoutes.replace('  route b "route B"\n', '').replace('    route b\n', '');
    const result = checkDocuments([new SourceFile('g.rubric', guideline('', one))]);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['RUB1322', 'warning']]);
    expect(result.model.guidelines).toHaveLength(1);
  });
});

describe('judgement', () => {
  it('is a test on its own: no reason needed, a citation still is', () => {
    const body = 'criteria\n  criterion j "J."\n    judgement "Is it justified?"\n    cite src\n';
    expect(codes(guideline('', body))).toEqual([]);
    const model = checkDocuments([new SourceFile('g.rubric', guideline('', body))]).model.guidelines[0]!;
    expect(model.criteria[0]?.test).toEqual({ kind: 'judgement', question: { parts: [{ kind: 'text', text: 'Is it justified?' }] } });
    expect(codes(guideline('', body.replace('    cite src\n', '')))).toEqual([expect.stringMatching(/^RUB1301 /)]);
  });

  it('together with require or exclude is an error, whichever comes first', () => {
    const body = 'criteria\n  criterion j "J."\n    require plan\n    judgement "Is it justified?"\n    cite src\n';
    expect(codes(guideline('', body))).toEqual([expect.stringMatching(/^RUB1610 /)]);
    const twice = 'criteria\n  criterion j "J."\n    judgement "A?"\n    judgement "B?"\n    cite src\n';
    expect(codes(guideline('', twice))).toEqual([expect.stringMatching(/^RUB1304 /)]);
  });
});

describe('parsing', () => {
  it('a `route` line without a name leaves a Missing node and one syntax error', () => {
    const source = new SourceFile('g.rubric', guideline('', twoRoutes.replace('    route a\n', '    route\n')));
    const { document, diagnostics } = parseDocument(source);
    expect(diagnostics.map((d) => d.code)).toEqual(['RUB1003']);
    const criteria = document.sections.find((s) => s.kind === 'Criteria');
    const clause = criteria?.kind === 'Criteria' ? criteria.criteria[0]?.clauses.find((c) => c.kind === 'RouteClause') : undefined;
    expect(clause).toMatchObject({ kind: 'RouteClause', route: { kind: 'Missing' } });
  });

  it('`missing documentation counts as …` after an `applies when` is the header clause, not the scope’s wording', () => {
    const text = guideline('  applies when plan\n    reason "A."\n  missing documentation counts as insufficient information', twoRoutes);
    expect(codes(text)).toEqual([]);
    expect(checkDocuments([new SourceFile('g.rubric', text)]).model.guidelines[0]?.missingDocumentation).toBe('insufficient_information');
  });
});
