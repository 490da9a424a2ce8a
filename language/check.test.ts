/**
 * The checker as a whole: shipped guidelines check clean, libraries resolve across files, one broken
 * line does not hide the rest, and nothing throws.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { allChecks } from './check.js';
import type { Checks } from './checks/context.js';
import { mergeChecks } from './checks/walk.js';
import type { Cond, Model } from './index.js';
import { checkDocuments, hasErrors, SourceFile } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function rubricFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? rubricFiles(join(dir, e.name)) : e.name.endsWith('.rubric') ? [join(dir, e.name)] : [],
  );
}

const shipped = rubricFiles(join(root, 'guidelines'))
  .sort()
  .map((f) => new SourceFile(relative(root, f), readFileSync(f, 'utf8')));

const spine = shipped.find((s) => s.uri.endsWith('valuesets/spine.rubric'));
if (spine === undefined) throw new Error('the spine library is missing');

/** A small guideline; `criteria` and `facts` are added to a header that checks clean. */
function guideline(parts: { id?: string; header?: string; facts?: string; criteria: string; extra?: string }): string {
  return `guideline ${parts.id ?? 'g'}
  title "G"
  version "1"
  recommendation recommended
    cite odg
${parts.header ?? ''}
uses spine

sources
  source odg "ODG"

facts
  fact diagnoses "diagnoses" codes icd10 from diagnoses
  fact requested_levels "levels requested" count levels of request.levels
  fact rehabilitation_plan "formal plan of rehabilitation" documented from documentation.formal_rehabilitation_plan
  fact prior_blocks "prior blocks" records from prior_treatments
    field type "type" text from type
    field relief "relief" number percent from response.relief
${parts.facts ?? ''}
criteria
${parts.criteria}
${parts.extra ?? ''}`;
}

const checkText = (text: string, uri = 'g.rubric') => checkDocuments([new SourceFile(uri, text), spine]);
const codesOf = (r: { diagnostics: readonly { code: string }[] }) => r.diagnostics.map((d) => d.code);
const onlyModel = (r: { model: Model }) => {
  const g = r.model.guidelines[0];
  if (g === undefined) throw new Error('no guideline in the model');
  return g;
};
const testOf = (text: string, criterion = 0): Cond => {
  const c = onlyModel(checkText(text)).criteria[criterion];
  if (c === undefined || c.test.kind !== 'require') throw new Error('expected a require test');
  return c.test.condition;
};

/** Drops spans (they follow every edit of the text) so the snapshot shows meaning only. */
const withoutSpans = (model: Model): unknown => JSON.parse(JSON.stringify(model, (k, v: unknown) => (k === 'span' ? undefined : v)));

describe('shipped guidelines', () => {
  test('check clean: no errors, and no warnings but those the re-encoding of the guidelines resolves', () => {
    const result = checkDocuments(shipped);
    expect(result.diagnostics).toEqual([]);
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    const declared = shipped.flatMap((s) => [...s.text.matchAll(/^guideline (\w+)/gm)].map((m) => m[1])).sort();
    expect(result.model.guidelines.map((g) => g.id)).toEqual(declared);
    expect(declared).toContain('cervical_facet_therapeutic_injection');
  });

  test('produce the checked model of the seed guideline a person read', () => {
    const seed = checkDocuments(shipped).model.guidelines.find((g) => g.id === 'cervical_facet_therapeutic_injection');
    expect(withoutSpans({ guidelines: seed === undefined ? [] : [seed] })).toMatchSnapshot();
  });

  test('give the same model whatever order the files come in', () => {
    expect(withoutSpans(checkDocuments([...shipped].reverse()).model)).toEqual(withoutSpans(checkDocuments(shipped).model));
  });
});

describe('across files', () => {
  test('a guideline uses the value sets of a library in another file', () => {
    const result = checkText(guideline({ criteria: '  criterion c\n    exclude radiculopathy\n    cite odg\n    reason "Has {matched}."' }));
    expect(result.diagnostics).toEqual([]);
    const g = onlyModel(result);
    expect(g.valueSets).toEqual([
      expect.objectContaining({ id: 'radiculopathy', uri: spine.uri, system: 'icd10', codes: ['M54.1', 'M54.10', 'M54.11', 'M54.12', 'M54.13', 'M54.14'], prefixes: ['M50.1'] }),
    ]);
    expect(g.criteria[0]?.test).toEqual({
      kind: 'exclude',
      conditions: [{ kind: 'value_set', valueSet: 'radiculopathy', codesFact: 'diagnoses' }],
    });
  });

  test('without the library file, the `uses` line is reported and the guideline stays out of the model', () => {
    const result = checkDocuments([
      new SourceFile('g.rubric', guideline({ criteria: '  criterion c\n    require rehabilitation_plan\n    cite odg\n    reason "r"' })),
    ]);
    expect(codesOf(result)).toEqual(['RUB1205']);
    expect(result.model.guidelines).toEqual([]);
  });

  test('a library with errors keeps the guidelines that use it out of the model', () => {
    const broken = new SourceFile('lib.rubric', 'library spine\n  title "x"\n\nvalueset radiculopathy "r" icd10 M5\n');
    const result = checkDocuments([
      new SourceFile('g.rubric', guideline({ criteria: '  criterion c\n    require rehabilitation_plan\n    cite odg\n    reason "r"' })),
      broken,
    ]);
    expect(result.diagnostics.map((d) => `${d.uri} ${d.code}`)).toEqual(['lib.rubric RUB1406']);
    expect(result.model.guidelines).toEqual([]);
  });

  test('guidelines are listed by id, whatever the file order', () => {
    const a = guideline({ id: 'zeta', criteria: '  criterion c\n    require rehabilitation_plan\n    cite odg\n    reason "r"' });
    const b = guideline({ id: 'alpha', criteria: '  criterion c\n    require rehabilitation_plan\n    cite odg\n    reason "r"' });
    const result = checkDocuments([new SourceFile('z.rubric', a), new SourceFile('a2.rubric', b), spine]);
    expect(result.model.guidelines.map((g) => g.id)).toEqual(['alpha', 'zeta']);
  });

  test('two guidelines with one id: the second is reported, pointing at the first', () => {
    const text = guideline({ criteria: '  criterion c\n    require rehabilitation_plan\n    cite odg\n    reason "r"' });
    const result = checkDocuments([new SourceFile('a.rubric', text), new SourceFile('b.rubric', text), spine]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ uri: 'b.rubric', code: 'RUB1206', related: [expect.objectContaining({ uri: 'a.rubric' })] }),
    ]);
    expect(result.model.guidelines.map((g) => g.uri)).toEqual(['a.rubric']);
  });
});

describe('diagnostics', () => {
  test('a typo in a condition is reported with the name it most likely meant', () => {
    const result = checkText(guideline({ criteria: '  criterion c\n    exclude radiculapathy\n    cite odg\n    reason "r"' }));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'RUB1207',
        message: "'radiculapathy' is not a condition this guideline defines. Did you mean 'radiculopathy'?",
        suggestion: 'radiculopathy',
      }),
    ]);
  });

  test('an abbreviation, word by word, is suggested its full name', () => {
    const result = checkText(guideline({ criteria: '  criterion c\n    require rehab_plan\n    cite odg\n    reason "r"' }));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'RUB1207', suggestion: 'rehabilitation_plan', message: "'rehab_plan' is not a condition this guideline defines. Did you mean 'rehabilitation_plan'?" }),
    ]);
  });

  test('when a `uses` names no library, its value sets are not reported again, but near misses of known names are', () => {
    const text = guideline({ criteria: '  criterion c\n    exclude radiculopathy\n    cite odg\n    reason "r"\n  criterion d\n    require rehabilitation_pln\n    cite odg\n    reason "r"' }).replace('uses spine', 'uses spines');
    const result = checkText(text);
    expect(result.diagnostics.map((d) => [d.code, d.suggestion])).toEqual([
      ['RUB1205', 'spine'],
      ['RUB1207', 'rehabilitation_plan'],
    ]);
  });

  test('a name far from every known one gets no suggestion', () => {
    const result = checkText(guideline({ criteria: '  criterion c\n    exclude whiplash\n    cite odg\n    reason "r"' }));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'RUB1207', message: "'whiplash' is not a condition this guideline defines." }),
    ]);
    expect(result.diagnostics[0]).not.toHaveProperty('suggestion');
  });

  test('two independent errors in one file are both reported', () => {
    const result = checkText(
      guideline({
        criteria: `  criterion a
    require requested_levels <= 2 visits
    cite odg
    reason "r"

  criterion b
    require rehabilitation_plan
    cite odgg
    reason "r"`,
      }),
    );
    expect(codesOf(result)).toEqual(['RUB1401', 'RUB1201']);
  });

  test('a syntax error does not hide the errors of the other criteria', () => {
    const result = checkText(
      guideline({
        criteria: `  criterion a
    require requested_levels <=
    cite odg
    reason "r"

  criterion b
    exclude radiculapathy
    cite odg
    reason "r"`,
      }),
    );
    expect(codesOf(result)).toEqual(['RUB1003', 'RUB1207']);
  });

  test('an unknown name is reported once, and nothing else about its expression', () => {
    const result = checkText(
      guideline({
        criteria: `  criterion a
    require at least 2.5 prior_blockz where kind is 3 and relief >= 200%
    cite odg
    reason "r"`,
      }),
    );
    expect(codesOf(result)).toEqual(['RUB1504', 'RUB1203']);
  });

  test('a placeholder is located inside its text, after escapes', () => {
    const text = guideline({
      criteria: '  criterion c\n    max_levels 2\n    cite odg\n    reason "A \\"quoted\\" \\\\ {{literal}} {requested_level} levels."',
    });
    const result = checkText(text);
    expect(result.diagnostics).toHaveLength(1);
    const d = result.diagnostics[0];
    expect(d?.code).toBe('RUB1208');
    expect(d?.suggestion).toBe('requested_levels');
    expect(text.slice(d?.span.start, d?.span.end)).toBe('{requested_level}');
  });

  test('text ending in an escaped backslash ends at its closing quote (issue 12, finding 3)', () => {
    const text = guideline({ criteria: '  criterion c\n    max_levels 2\n    cite odg\n    reason "Saved in C:\\\\"' });
    const result = checkText(text);
    expect(result.diagnostics).toEqual([]);
    const reason = result.model.guidelines[0]?.criteria[0]?.reason;
    expect(reason).toEqual({ parts: [{ kind: 'text', text: 'Saved in C:\\' }] });
  });

  test('duplicates point at the first declaration', () => {
    const result = checkText(guideline({ facts: '', criteria: '  criterion c\n    require rehabilitation_plan\n    cite odg, odg\n    reason "r"\n  criterion c\n    require rehabilitation_plan\n    cite odg\n    reason "r"' }));
    expect(result.diagnostics).toHaveLength(1);
    const d = result.diagnostics[0];
    expect(d?.code).toBe('RUB1206');
    expect(d?.related?.[0]?.span.start).toBeLessThan(d?.span.start ?? 0);
  });

  test('no more than 100 diagnostics per file', () => {
    const many = Array.from({ length: 150 }, (_, i) => `  criterion c${i}\n    require unknown_${i}\n    cite odg\n    reason "r"`).join('\n');
    const result = checkText(guideline({ criteria: many }));
    expect(result.diagnostics).toHaveLength(100);
    expect(hasErrors(result.diagnostics)).toBe(true);
  });
});

describe('never throws', () => {
  test('a failure inside Rubric becomes RUB1999 on that file, and the other files are still checked', () => {
    const broken = { uri: 'broken.rubric', get text(): string { throw new Error('disk on fire'); } } as unknown as SourceFile;
    const result = checkDocuments([broken, new SourceFile('g.rubric', guideline({ criteria: '  criterion c\n    exclude radiculapathy\n    cite odg\n    reason "r"' })), spine]);
    expect(result.diagnostics.map((d) => `${d.uri} ${d.code}`)).toEqual(['broken.rubric RUB1999', 'g.rubric RUB1207']);
    expect(result.diagnostics[0]?.message).toContain('disk on fire');
  });

  test('a check that throws is reported as RUB1999, not thrown', () => {
    const throwing: Checks = { Criterion: [() => { throw new TypeError('bug in a check'); }] };
    const result = checkDocuments(shipped, { checks: throwing });
    expect(codesOf(result)).toContain('RUB1999');
    expect(result.model.guidelines).toEqual([]);
  });

  test('a faulty check is one RUB1999 at the node it was checking; every other diagnostic of the file is still reported', () => {
    const text = guideline({
      criteria: '  criterion first\n    exclude radiculapathy\n    cite odg\n    reason "r"\n  criterion second\n    require rehabilitaton_plan\n    cite odgg\n    reason "r"',
    });
    const faulty: Checks = {
      Criterion: [
        function faultyCheck(criterion) {
          if (criterion.name.kind === 'Name' && criterion.name.text === 'second') throw new TypeError('bug in a check');
        },
      ],
    };
    const withFaulty = checkDocuments([new SourceFile('g.rubric', text), spine], { checks: mergeChecks(allChecks, faulty) });
    const without = checkDocuments([new SourceFile('g.rubric', text), spine]);
    const internal = withFaulty.diagnostics.filter((d) => d.code === 'RUB1999');
    expect(internal).toHaveLength(1);
    expect(internal[0]?.message).toContain("running the check 'faultyCheck'");
    expect(internal[0]?.message).toContain('TypeError: bug in a check');
    expect(internal[0]?.span.start).toBe(text.indexOf('  criterion second') + 2);
    // Everything the other checks found is there, the faulty check's own criterion included.
    expect(withFaulty.diagnostics.filter((d) => d.code !== 'RUB1999')).toEqual(without.diagnostics);
    expect(codesOf(without)).toEqual(['RUB1207', 'RUB1207', 'RUB1201']);
  });

  test('any prefix of the shipped guideline yields diagnostics, never an exception', () => {
    const seed = shipped.find((s) => s.uri.endsWith('.rubric') && !s.uri.includes('valuesets'));
    const text = seed?.text ?? '';
    for (let end = 0; end <= text.length; end += 7) {
      const result = checkDocuments([new SourceFile('prefix.rubric', text.slice(0, end)), spine]);
      expect(codesOf(result)).not.toContain('RUB1999');
    }
  });
});

describe('the model', () => {
  const req = (condition: string) =>
    guideline({ criteria: `  criterion c\n    require ${condition}\n    cite odg\n    reason "r"` });

  test('`max_levels N` is the levels fact compared with N', () => {
    expect(testOf(guideline({ criteria: '  criterion c\n    max_levels 2\n    cite odg\n    reason "r"' }))).toEqual({
      kind: 'compare', plus: [], ends: [null], fact: { scope: 'case', id: 'requested_levels' }, operator: '<=', value: 2, duration: null,
    });
  });

  test('`any x where c` counts at least one; `no x where c` at most none', () => {
    const where = { kind: 'is', fact: { scope: 'record', id: 'type' }, values: ['a'], negated: false };
    expect(testOf(req('any prior_blocks where type is "a"'))).toEqual({
      kind: 'count', records: 'prior_blocks', where, operator: '>=', count: 1, countingThisRequest: false,
    });
    expect(testOf(req('no prior_blocks where type is "a"'))).toEqual({
      kind: 'count', records: 'prior_blocks', where, operator: '<=', count: 0, countingThisRequest: false,
    });
    expect(testOf(req('at most 1 prior_blocks, counting this request'))).toEqual({
      kind: 'count', records: 'prior_blocks', where: null, operator: '<=', count: 1, countingThisRequest: true,
    });
  });

  test('groups: parentheses are their item, `all of` is and, `any of` is or, `at least N of` keeps N', () => {
    const doc = { kind: 'documented', fact: { scope: 'case', id: 'rehabilitation_plan' } };
    const radic = { kind: 'in_value_set', fact: { scope: 'case', id: 'diagnoses' }, valueSet: 'radiculopathy' };
    expect(testOf(req('(rehabilitation_plan)'))).toEqual(doc);
    expect(testOf(req('all of (rehabilitation_plan, radiculopathy)'))).toEqual({ kind: 'and', operands: [doc, radic] });
    expect(testOf(req('any of (rehabilitation_plan, radiculopathy)'))).toEqual({ kind: 'or', operands: [doc, radic] });
    expect(testOf(req('at least 1 of (rehabilitation_plan, not radiculopathy)'))).toEqual({
      kind: 'at_least', count: 1, items: [doc, { kind: 'not', operand: radic }],
    });
  });

  test('`is one of` lists its values; `every x has c` keeps both conditions', () => {
    expect(testOf(req('every prior_blocks where type is not one of ("a", "b") has relief >= 50%'))).toEqual({
      kind: 'every',
      records: 'prior_blocks',
      where: { kind: 'is', fact: { scope: 'record', id: 'type' }, values: ['a', 'b'], negated: true },
      has: { kind: 'compare', plus: [], ends: [null], fact: { scope: 'record', id: 'relief' }, operator: '>=', value: 50, duration: null },
    });
  });

  test('missing documentation counts as not met unless the guideline says otherwise', () => {
    const criteria = '  criterion c\n    require rehabilitation_plan\n    cite odg\n    reason "r"';
    expect(onlyModel(checkText(guideline({ criteria }))).missingDocumentation).toBe('not_met');
    expect(
      onlyModel(checkText(guideline({ header: '  missing documentation counts as insufficient information\n', criteria }))).missingDocumentation,
    ).toBe('insufficient_information');
  });

  test('a criterion without a reason falls back to its description (with a warning)', () => {
    const result = checkText(guideline({ criteria: '  criterion c "5. A plan of rehabilitation."\n    require rehabilitation_plan\n    cite odg' }));
    expect(codesOf(result)).toEqual(['RUB1307']);
    expect(onlyModel(result).criteria[0]?.reason).toEqual({ parts: [{ kind: 'text', text: '5. A plan of rehabilitation.' }] });
  });

  test('reasons are split into text and placeholders', () => {
    const g = onlyModel(checkText(guideline({ criteria: '  criterion c\n    max_levels 2\n    cite odg\n    reason "{requested_levels} levels {{max 2}}"\n    missing "Levels not stated."' })));
    expect(g.criteria[0]?.reason).toEqual({
      parts: [{ kind: 'fact', fact: 'requested_levels' }, { kind: 'text', text: ' levels {max 2}' }],
    });
    expect(g.criteria[0]?.missingReason).toEqual({ parts: [{ kind: 'text', text: 'Levels not stated.' }] });
  });

  test('only value sets that are read are listed, exact codes apart from prefixes', () => {
    const g = onlyModel(
      checkText(guideline({ criteria: '  criterion c\n    exclude local\n    cite odg\n    reason "{matched}"', extra: '\nvalueset local "local" icd10 M54.12, M50.1*\nvalueset unused "unused" icd10 M54.2\n' })),
    );
    expect(g.valueSets.map((v) => [v.id, v.codes, v.prefixes])).toEqual([['local', ['M54.12'], ['M50.1']]]);
  });
});

describe('totals and sums', () => {
  const withTotal = (declaration: string, condition = 'relief_total <= 100%') =>
    guideline({ facts: `  fact relief_total "total relief" ${declaration}`, criteria: `  criterion c\n    require ${condition}\n    cite odg\n    reason "r"` });

  test('a total adds up a number field of a records fact, in that field\'s unit', () => {
    const model = onlyModel(checkText(withTotal('total of prior_blocks.relief')));
    expect(model.facts.find((f) => f.id === 'relief_total')).toMatchObject({
      kind: 'total',
      unit: 'percent',
      path: [],
      total: { records: 'prior_blocks', field: 'relief' },
    });
  });

  test('a total names a records fact and one of its number fields', () => {
    expect(codesOf(checkText(withTotal('total of rehabilitation_plan.x')))).toEqual(['RUB1404']);
    const typo = checkText(withTotal('total of prior_blocks.relif'));
    expect(typo.diagnostics).toEqual([expect.objectContaining({ code: 'RUB1204', suggestion: 'relief' })]);
    expect(checkText(withTotal('total of prior_blocks.type')).diagnostics).toEqual([
      expect.objectContaining({ code: 'RUB1402', message: "'type' is text, not a number, so it cannot be added up." }),
    ]);
    expect(codesOf(checkText(withTotal('total of prior_blocks')))).toEqual(['RUB1402']);
  });

  test('facts added with + are compared as one sum, in one unit, without a duration', () => {
    expect(testOf(withTotal('total of prior_blocks.relief', 'relief_total + relief_total <= 100%'))).toEqual({
      kind: 'compare',
      fact: { scope: 'case', id: 'relief_total' },
      plus: [{ scope: 'case', id: 'relief_total' }],
      ends: [null, null],
      operator: '<=',
      value: 100,
      duration: null,
    });
    expect(checkText(withTotal('total of prior_blocks.relief', 'relief_total + requested_levels <= 2')).diagnostics).toEqual([
      expect.objectContaining({ code: 'RUB1407', message: "'relief_total' is in percent but 'requested_levels' is in levels: only amounts in the same unit can be added." }),
    ]);
    expect(codesOf(checkText(withTotal('total of prior_blocks.relief', 'relief_total + relief_total >= 5% for >= 6 weeks')))).toEqual(['RUB1402']);
    expect(codesOf(checkText(withTotal('total of prior_blocks.relief', 'relief_total + rehabilitation_plan >= 5%')))).toEqual(['RUB1402']);
  });
});

describe('thresholds', () => {
  const withThresholds = (thresholds: string, criteria: string) =>
    guideline({ criteria, extra: '' }).replace('\ncriteria\n', `\nthresholds\n${thresholds}\ncriteria\n`);

  test('a named threshold stands for its number in comparisons, max_levels and reason text', () => {
    const text = withThresholds(
      '  threshold most_levels "levels at one time" 2 levels\n  threshold relief_needed "relief" 50%',
      '  criterion c\n    max_levels most_levels\n    cite odg\n    reason "No more than {most_levels} at once."\n' +
        '  criterion d\n    require every prior_blocks has relief >= relief_needed\n    cite odg\n    reason "Relief below {relief_needed} after {requested_levels} levels."',
    );
    const model = onlyModel(checkText(text));
    expect(model.criteria[0]?.test).toMatchObject({ kind: 'require', condition: { kind: 'compare', value: 2 } });
    expect(model.criteria[0]?.reason).toEqual({ parts: [{ kind: 'text', text: 'No more than 2 levels at once.' }] });
    expect(model.criteria[1]?.test).toMatchObject({ condition: { kind: 'every', has: { kind: 'compare', value: 50 } } });
    expect(model.criteria[1]?.reason).toEqual({
      parts: [{ kind: 'text', text: 'Relief below 50% after ' }, { kind: 'fact', fact: 'requested_levels' }, { kind: 'text', text: ' levels.' }],
    });
  });

  test('a threshold in the wrong unit is reported where it is used', () => {
    const text = withThresholds('  threshold six_weeks "six weeks" 6 weeks', '  criterion c\n    require every prior_blocks has relief >= six_weeks\n    cite odg\n    reason "r"');
    const result = checkText(text);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'RUB1401', message: "'relief' is measured in percent, but this threshold is in weeks. Write it in percent." }),
    ]);
    expect(text.slice(result.diagnostics[0]!.span.start, result.diagnostics[0]!.span.end)).toBe('six_weeks');
  });

  test('a threshold may not share its name with a fact, and must be possible', () => {
    const clash = withThresholds('  threshold requested_levels "levels" 2 levels\n  threshold too_much "relief" 120%', '  criterion c\n    max_levels 2\n    cite odg\n    reason "{too_much}"');
    expect(codesOf(checkText(clash))).toEqual(['RUB1206', 'RUB1501']);
  });
});

describe('time between two dates', () => {
  const withElapsed = (declaration: string) =>
    guideline({ facts: `  fact since_injury "time since the injury" ${declaration}`, criteria: '  criterion c\n    require since_injury >= 12 weeks\n    cite odg\n    reason "r"' });

  test('is a number in its time unit, read from two dates', () => {
    const model = onlyModel(checkText(withElapsed('elapsed weeks from patient.date_of_injury to request.date_requested')));
    expect(model.facts.find((f) => f.id === 'since_injury')).toMatchObject({
      kind: 'elapsed',
      unit: 'weeks',
      path: ['patient', 'date_of_injury'],
      to: ['request', 'date_requested'],
    });
  });

  test('is counted in days, weeks, months or years, and compared in its own unit', () => {
    expect(codesOf(checkText(withElapsed('elapsed levels from patient.date_of_injury to request.date_requested')))).toContain('RUB1402');
    expect(codesOf(checkText(withElapsed('elapsed days from patient.date_of_injury to request.date_requested')))).toEqual(['RUB1401']);
  });

  test('reads its dates as dates: another fact may not read one of them as something else', () => {
    const text = guideline({
      facts:
        '  fact since_injury "time since the injury" elapsed weeks from patient.date_of_injury to request.date_requested\n' +
        '  fact injury_noted "injury date noted" documented from patient.date_of_injury',
      criteria: '  criterion c\n    require since_injury >= 12 weeks and injury_noted\n    cite odg\n    reason "r"',
    });
    expect(codesOf(checkText(text))).toEqual(['RUB1408']);
  });
});

describe('requested numbers: stated-only limits and ranges', () => {
  const visits = (criteria: string) =>
    guideline({
      facts: '  fact requested_visits "visits requested" number visits from request.visits\n  fact prior_visits "visits so far" number visits from history.visits',
      criteria,
    });

  test('`if not stated not applicable` and `if not stated met "…"` reach the model, the note with its thresholds filled in', () => {
    const model = onlyModel(
      checkText(
        visits(
          '  criterion a\n    require max requested_visits <= 10 visits\n    if not stated not applicable\n    cite odg\n    reason "r"\n' +
            '  criterion b\n    require max requested_visits <= up_to\n    if not stated met "Not stated; up to {up_to}."\n    cite odg\n    reason "r"',
        ) + '\nthresholds\n  threshold up_to "visits allowed" 10 visits\n',
      ),
    );
    expect(model.criteria.map((c) => c.ifNotStated)).toEqual([
      { counts: 'not_applicable' },
      { counts: 'met', note: { parts: [{ kind: 'text', text: 'Not stated; up to 10 visits.' }] } },
    ]);
  });

  test('a limit on a requested number without `if not stated` is a warning; with it, none', () => {
    const without = checkText(visits('  criterion a\n    require max requested_visits <= 10 visits\n    cite odg\n    reason "r"'));
    expect(codesOf(without)).toEqual(['RUB1340']);
    expect(without.diagnostics[0]?.severity).toBe('warning');
    expect(codesOf(checkText(visits('  criterion a\n    require max requested_visits <= 10 visits\n    if not stated not applicable\n    cite odg\n    reason "r"')))).toEqual([]);
    // A floor is not a limit: a request that leaves the number out is simply not documented.
    expect(codesOf(checkText(visits('  criterion a\n    require min requested_visits >= 1 visits\n    cite odg\n    reason "r"')))).toEqual([]);
  });

  test('`max` / `min` say which end of a range each term tests, also inside sums', () => {
    expect(testOf(visits('  criterion a\n    require prior_visits + max requested_visits <= 10 visits\n    if not stated not applicable\n    cite odg\n    reason "r"'))).toMatchObject({
      kind: 'compare',
      ends: [null, 'max'],
    });
    expect(testOf(visits('  criterion a\n    require min requested_visits >= 1 visits\n    cite odg\n    reason "r"'))).toMatchObject({ ends: ['min'] });
  });

  test('a requested number compared without an end is a warning; an end on a number that is never a range is an error', () => {
    expect(codesOf(checkText(visits('  criterion a\n    require requested_visits >= 1 visits\n    cite odg\n    reason "r"')))).toEqual(['RUB1341']);
    expect(codesOf(checkText(visits('  criterion a\n    require min prior_visits >= 1 visits\n    cite odg\n    reason "r"')))).toEqual(['RUB1423']);
  });

  test('`if not stated` is said once', () => {
    const text = visits('  criterion a\n    require max requested_visits <= 10 visits\n    if not stated not applicable\n    if not stated met "m"\n    cite odg\n    reason "r"');
    expect(codesOf(checkText(text))).toEqual(['RUB1305']);
  });
});

describe('hours and record dates', () => {
  const surgeries = (declaration: string, test = 'since <= 26 weeks') =>
    guideline({
      facts:
        '  fact surgeries "surgeries" records from prior_treatments\n    where type is "surgery"\n    field type "type" text from type\n    field date "date" date from date\n' +
        `  fact since "time since" ${declaration}`,
      criteria: `  criterion c\n    require ${test}\n    cite odg\n    reason "r"`,
    });

  test('`hours` is a time unit for elapsed time and thresholds', () => {
    const model = onlyModel(checkText(surgeries('elapsed hours from patient.date_of_injury to request.date_requested', 'since <= 48 hours')));
    expect(model.facts.find((f) => f.id === 'since')).toMatchObject({ kind: 'elapsed', unit: 'hours' });
  });

  test('`latest` / `earliest <records>.<date field>` is either endpoint of elapsed', () => {
    const model = onlyModel(checkText(surgeries('elapsed weeks from latest surgeries.date to request.date_requested')));
    expect(model.facts.find((f) => f.id === 'since')).toMatchObject({
      fromPick: { pick: 'latest', records: 'surgeries', field: 'date' },
      toPick: null,
      to: ['request', 'date_requested'],
    });
    const both = onlyModel(checkText(surgeries('elapsed weeks from earliest surgeries.date to latest surgeries.date')));
    expect(both.facts.find((f) => f.id === 'since')).toMatchObject({
      fromPick: { pick: 'earliest', records: 'surgeries', field: 'date' },
      toPick: { pick: 'latest', records: 'surgeries', field: 'date' },
    });
  });

  test('an unknown records fact or field, or a field that is not a date, is an error with a suggestion', () => {
    const unknown = checkText(surgeries('elapsed weeks from latest surgerys.date to request.date_requested'));
    expect(unknown.diagnostics).toEqual([expect.objectContaining({ code: 'RUB1230', suggestion: 'surgeries' })]);
    const field = checkText(surgeries('elapsed weeks from latest surgeries.dat to request.date_requested'));
    expect(field.diagnostics).toEqual([expect.objectContaining({ code: 'RUB1231', suggestion: 'date' })]);
    expect(codesOf(checkText(surgeries('elapsed weeks from latest surgeries.type to request.date_requested')))).toEqual(['RUB1420']);
    expect(codesOf(checkText(surgeries('elapsed weeks from latest prior_blocks.type to request.date_requested')))).toEqual(['RUB1420']);
  });
});
