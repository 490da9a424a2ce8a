/**
 * Conformance cases: every shipped `*.cases.yaml` passes against the shipped guidelines (so `npm test` guards how
 * each guideline decides), and the runner itself, on a small inline guideline: differences in words, cases files
 * with errors located by line, unknown guideline and criterion ids, `extends` with a patch.
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedBundle } from '../runtime/index.js';
import { findCasesFiles, loadCasesFile, mergePatch, parseCasesFile, resolveExtends, type CasesFile, type CasesProblem } from './conformance-files.js';
import { renderReport, runConformance } from './conformance.js';
import { buildAndLoad, describeFailure } from './pipeline.js';

const root = join(import.meta.dirname, '..');

/** Check, compile and load in memory: the pipeline `rubric test` takes. */
async function bundleOf(sources: readonly { path: string; text: string }[]): Promise<LoadedBundle> {
  const built = await buildAndLoad(sources.map((s) => ({ uri: s.path, text: s.text })));
  if (!built.ok) throw new Error(describeFailure(built.error));
  return built.value.bundle;
}

async function rubricFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.rubric')).map((e) => join(e.parentPath, e.name)).sort();
}

describe('the shipped conformance cases', () => {
  let bundle: LoadedBundle;
  let files: CasesFile[];
  let problems: CasesProblem[];

  beforeAll(async () => {
    const guidelines = join(root, 'guidelines');
    const paths = await rubricFiles(guidelines);
    bundle = await bundleOf(await Promise.all(paths.map(async (p) => ({ path: relative(guidelines, p), text: await readFile(p, 'utf8') }))));
    const found = await findCasesFiles(['guidelines'], root);
    expect(found.errors).toEqual([]);
    files = [];
    problems = [];
    for (const f of found.files) {
      const loaded = await loadCasesFile(f.absolute, f.uri);
      if (loaded.file) files.push(loaded.file);
      problems.push(...loaded.problems);
    }
  }, 120_000);

  it('exist beside the seed guideline', () => {
    expect(files.map((f) => f.uri)).toContain('guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.cases.yaml');
    expect(problems).toEqual([]);
  });

  it('all pass', () => {
    const report = runConformance(bundle, files);
    expect(report.problems).toEqual([]);
    expect(report.results.filter((r) => r.status === 'failed'), renderReport(report)).toEqual([]);
    expect(report.passed).toBeGreaterThanOrEqual(12);
  });
});

const TINY = `guideline tiny_guideline
  title "Tiny"
  version "1"
  service "Facet joint injection, cervical" cpt 64490 region cervical
  recommendation recommended
    cite src
  missing documentation counts as not met

sources
  source src "A source"

facts
  fact requested_levels "levels requested" count levels of request.levels
  fact rehabilitation_plan "formal plan of rehabilitation" documented from documentation.formal_rehabilitation_plan

criteria
  criterion two_levels "No more than 2 levels."
    max_levels 2
    cite src
    reason "The request is for {requested_levels} levels."

  criterion rehabilitation "A formal plan of rehabilitation."
    require rehabilitation_plan
    cite src
    reason "There is no formal plan of rehabilitation."
`;

describe('runConformance on a small guideline', () => {
  let bundle: LoadedBundle;
  beforeAll(async () => {
    bundle = await bundleOf([{ path: 'tiny.rubric', text: TINY }]);
  });

  /** Parse a cases file's text (no `extends`) and run it. */
  async function run(text: string) {
    const parsed = parseCasesFile('tiny.cases.yaml', text);
    expect(parsed.problems).toEqual([]);
    const resolved = await resolveExtends(parsed.file!, '/nowhere', () => Promise.resolve(undefined));
    return runConformance(bundle, [resolved.file], resolved.problems);
  }

  it('passes a case whose outcome, criteria and reasons match', async () => {
    const report = await run(`guideline: tiny_guideline
cases:
  - note: Two levels with a plan.
    case: { request: { levels: [C4-C5, C5-C6] }, documentation: { formal_rehabilitation_plan: present } }
    want:
      outcome: medically_necessary
      criteria: { two_levels: met, rehabilitation: met }
      reasons: []
      missing: []
`);
    expect(renderReport(report)).toBe('1 passed, 0 failed\n');
  });

  it('prints a failing case on one line with its file, line, note and each difference', async () => {
    const report = await run(`guideline: tiny_guideline
cases:
  - note: Two levels with a plan.
    case: { request: { levels: [C4-C5, C5-C6] }, documentation: { formal_rehabilitation_plan: present } }
    want: { outcome: medically_necessary }

  - note: Three levels, no plan.
    case: { request: { levels: [C3-C4, C4-C5, C5-C6] }, documentation: { formal_rehabilitation_plan: absent } }
    want:
      outcome: medically_necessary
      criteria: { two_levels: met, rehabilitation: not_met }
      reasons: [The request is for 3 levels.]
`);
    expect(report).toMatchObject({ passed: 1, failed: 1, skipped: 0 });
    expect(renderReport(report)).toBe(
      'tiny.cases.yaml:7: FAIL Three levels, no plan. — outcome: expected medically_necessary, got not_medically_necessary; ' +
        'criterion two_levels: expected met, got not_met; ' +
        'not-met reasons: expected 1, got 2; reason 2 was not expected: "There is no formal plan of rehabilitation."\n' +
        '1 passed, 1 failed\n',
    );
  });

  it('compares the missing documents and the field errors of an invalid case', async () => {
    const report = await run(`guideline: tiny_guideline
cases:
  - note: Plan not stated.
    case: { request: { levels: [C4-C5] }, documentation: { formal_rehabilitation_plan: not_stated } }
    want: { outcome: not_medically_necessary, criteria: { rehabilitation: not_documented }, missing: [documentation.formal_rehabilitation_plan] }
  - note: Levels as text.
    case: { request: { levels: C4-C5 } }
    want: { outcome: invalid_case, errors: [/request/levels] }
  - note: Levels as text, wrong field expected.
    case: { request: { levels: C4-C5 } }
    want: { outcome: invalid_case, errors: [/request/level] }
`);
    expect(report).toMatchObject({ passed: 2, failed: 1 });
    expect(renderReport(report)).toMatch(/^tiny\.cases\.yaml:9: FAIL Levels as text, wrong field expected\. — field errors: expected \["\/request\/level"\], got \["\/request\/levels: .+"\]$/m);
  });

  it('counts and prints a skipped case without running it', async () => {
    const report = await run(`guideline: tiny_guideline
cases:
  - note: Waits for a fix.
    case: {}
    want: { outcome: medically_necessary }
    skip: the runtime does not do this yet
`);
    expect(renderReport(report)).toBe('tiny.cases.yaml:3: SKIP Waits for a fix. — the runtime does not do this yet\n0 passed, 0 failed\n1 skipped\n');
  });

  it('names an unknown criterion at its line, with a suggestion, and fails the case', async () => {
    const report = await run(`guideline: tiny_guideline
cases:
  - note: Misspelt criterion.
    case: {}
    want:
      outcome: not_medically_necessary
      criteria:
        two_level: not_documented
`);
    expect(report.problems).toEqual([
      { uri: 'tiny.cases.yaml', line: 8, column: 9, message: '"two_level" is not a criterion of tiny_guideline. Did you mean "two_levels"?' },
    ]);
    expect(report.failed).toBe(1);
    expect(renderReport(report)).toContain('tiny.cases.yaml:8:9: error: "two_level" is not a criterion of tiny_guideline. Did you mean "two_levels"?\n');
    expect(renderReport(report)).toMatch(/^0 passed, 1 failed\n1 error in cases files\n$/m);
  });

  it('still compares the rest of a case that names an unknown criterion', async () => {
    const report = await run(`guideline: tiny_guideline
cases:
  - note: Misspelt criterion and a wrong outcome.
    case: { request: { levels: [C3-C4, C4-C5, C5-C6] }, documentation: { formal_rehabilitation_plan: present } }
    want:
      outcome: medically_necessary
      criteria: { two_level: met, rehabilitation: not_met }
`);
    expect(report.failed).toBe(1);
    expect(renderReport(report)).toContain(
      'tiny.cases.yaml:3: FAIL Misspelt criterion and a wrong outcome. — criterion two_level: expected a criterion of the guideline, got no such criterion; ' +
        'outcome: expected medically_necessary, got not_medically_necessary; criterion rehabilitation: expected not_met, got met\n',
    );
  });

  it('counts the cases of a cases file with errors as failed, each at its line', async () => {
    const parsed = parseCasesFile(
      'tiny.cases.yaml',
      `guideline: tiny_guideline
cases:
  - note: One.
    case: {}
    want: { outcome: medically_necessary }
  - note: Two, with a misspelt field.
    case: {}
    wnat: { outcome: medically_necessary }
  - case: {}
    want: { outcome: medically_necessary }
`,
    );
    expect(parsed.problems.length).toBeGreaterThan(0);
    const resolved = await resolveExtends(parsed.file!, '/nowhere', () => Promise.resolve(undefined));
    const report = runConformance(bundle, [resolved.file], parsed.problems);
    expect(report).toMatchObject({ passed: 0, failed: 3 });
    expect(report.results.map((r) => `${r.line} ${r.note} ${r.status}`)).toEqual(['3 One. failed', '6 Two, with a misspelt field. failed', '9 case 3 failed']);
    expect(renderReport(report)).toMatch(/^0 passed, 3 failed\n\d+ errors in cases files\n$/m);
  });

  it('counts a cases file that is not even YAML as one failed case', async () => {
    const parsed = parseCasesFile('tiny.cases.yaml', 'guideline: [unclosed\n');
    const resolved = await resolveExtends(parsed.file!, '/nowhere', () => Promise.resolve(undefined));
    const report = runConformance(bundle, [resolved.file], parsed.problems);
    expect(report).toMatchObject({ passed: 0, failed: 1 });
    expect(report.results[0]).toMatchObject({ uri: 'tiny.cases.yaml', status: 'failed', differences: [{ what: 'not run', got: 'the cases file has errors' }] });
  });

  it('names an unknown guideline with a suggestion', async () => {
    const report = await run(`guideline: tiny_guidelin
cases:
  - note: Anything.
    case: {}
    want: { outcome: medically_necessary }
`);
    expect(report.problems).toEqual([
      { uri: 'tiny.cases.yaml', line: 1, column: 12, message: '"tiny_guidelin" is not a guideline in the bundle. Did you mean "tiny_guideline"?' },
    ]);
    expect(report.failed).toBe(1);
  });

  it('merges the case over the file it extends; null means not stated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-extends-'));
    await writeFile(join(dir, 'base.json'), JSON.stringify({ request: { levels: ['C4-C5'] }, documentation: { formal_rehabilitation_plan: 'present' } }));
    await writeFile(
      join(dir, 'tiny.cases.yaml'),
      `guideline: tiny_guideline
cases:
  - note: The base case as it is.
    extends: base.json
    want: { outcome: medically_necessary }
  - note: The plan not stated (null), levels kept from the base.
    extends: base.json
    case: { documentation: { formal_rehabilitation_plan: null } }
    want: { outcome: not_medically_necessary, criteria: { two_levels: met, rehabilitation: not_documented } }
  - note: A base that is not there.
    extends: nothing.json
    want: { outcome: medically_necessary }
`,
    );
    const loaded = await loadCasesFile(join(dir, 'tiny.cases.yaml'), 'tiny.cases.yaml');
    expect(loaded.problems).toEqual([{ uri: 'tiny.cases.yaml', line: 11, column: 14, message: 'extends "nothing.json": no such case file' }]);
    expect(loaded.file?.cases[1]?.data).toEqual({ request: { levels: ['C4-C5'] }, documentation: { formal_rehabilitation_plan: null } });
    const report = runConformance(bundle, [loaded.file!], loaded.problems);
    // The case whose base is missing is not run, and counts as failed rather than vanishing from the count.
    expect(report).toMatchObject({ passed: 2, failed: 1 });
    expect(report.problems).toHaveLength(1);
    expect(renderReport(report)).toContain('tiny.cases.yaml:10: FAIL A base that is not there. — not run: extends "nothing.json": no such case file\n');
  });
});

describe('mergePatch', () => {
  it('merges mappings key by key; lists, values and null replace; inputs are not changed', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } };
    const merged = mergePatch(base, { a: { c: [3] }, d: null, e: 'flat', g: { h: 2 } });
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: null, e: 'flat', g: { h: 2 } });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } });
  });

  it('keeps __proto__ as a plain key', () => {
    const merged = mergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('parseCasesFile', () => {
  const problemsOf = (text: string) => parseCasesFile('x.cases.yaml', text).problems;

  it('reports broken YAML with its line, never an exception', () => {
    const problems = problemsOf('guideline: a\ncases:\n  - note: One.\n    note: Two.\n');
    expect(problems).toEqual([{ uri: 'x.cases.yaml', line: 4, column: 5, message: 'not valid YAML: Map keys must be unique' }]);
  });

  it('locates schema problems at the line they are on, in plain words', () => {
    const problems = problemsOf(`guideline: tiny_guideline
cases:
  - note: First.
    case: {}
    want: { outcome: medically_necesary }
  - case: {}
    want: { outcome: medically_necessary }
  - note: Third.
    case: {}
    wants: { outcome: medically_necessary }
  - note: Fourth.
    case: { request: 1 }
    want: { outcome: invalid_case, criteria: { two_levels: partly } }
`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      `5:22 case 1's \`want.outcome\` is "medically_necesary". Did you mean "medically_necessary"?`,
      '6:5 case 2 needs `note`.',
      '8:5 case 3 needs `want`.',
      '10:5 `wants` is not a field of case 3. Did you mean `want`?',
      `13:60 case 4's \`want.criteria.two_levels\` is "partly"; expected one of met, not_met, not_documented, not_applicable, needs_judgement.`,
    ]);
  });

  it('says what the file must hold when it is not a mapping', () => {
    expect(problemsOf('- a\n- b\n').map((p) => p.message)).toEqual(['the cases file must be a mapping (key: value lines).']);
    expect(problemsOf('guideline: a\n').map((p) => p.message)).toEqual(['the cases file needs `cases`.']);
  });
});
