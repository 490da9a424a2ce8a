import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './cli.js';

const root = join(import.meta.dirname, '..');

/** How many .rubric files `guidelines/` holds: the summary line counts them all. */
async function countRubricFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.rubric')).length;
}
const shipped = await countRubricFiles(join(root, 'guidelines'));

async function run(argv: string[], cwd = root): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, out: (t) => (out += t), err: (t) => (err += t), color: false };
  const status = await main(argv, io);
  return { status, out, err };
}

/** A copy of the shipped guidelines in a temporary folder, with one edit applied. */
async function guidelinesWith(edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rubric-cli-'));
  await cp(join(root, 'guidelines'), join(dir, 'guidelines'), { recursive: true });
  const file = join(dir, 'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric');
  await writeFile(file, edit(await readFile(file, 'utf8')));
  return dir;
}

describe('the command for CI', () => {
  it('prints its version (--version, -V) and exits 0', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await run([flag])).toEqual({ status: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('check --strict fails on warnings as well as errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-strict-'));
    // A source nothing cites is a warning (RUB1302), not an error.
    const text = `guideline g\n  title "G"\n  version "1"\n  recommendation recommended cite a\nsources\n  source a "A"\n  source unused "U"\nfacts\n  fact plan "plan" documented from documentation.formal_rehabilitation_plan\ncriteria\n  criterion c "C."\n    require plan\n    cite a\n    reason "r"\n`;
    await writeFile(join(dir, 'g.rubric'), text);
    const plain = await run(['check', 'g.rubric'], dir);
    expect(plain.status).toBe(0);
    expect(plain.out).toContain('RUB1302');
    const strict = await run(['check', '--strict', 'g.rubric'], dir);
    expect(strict.status).toBe(1);
    expect(strict.out).toContain('RUB1302');
  });

  it('a reader that closes the pipe early ends the command quietly, without a stack trace', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/rubric.js'), 'test', 'guidelines', '--format', 'json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    // Like `| head -c 1`: read the first bytes, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    expect(err).not.toContain('EPIPE');
    expect(err).not.toMatch(/\n\s+at /);
    expect(status).toBe(0);
  }, 120_000);
});

describe('rubric check', () => {
  it('finds the shipped guidelines clean', async () => {
    const result = await run(['check', 'guidelines']);
    expect(result.err).toBe('');
    expect(result.out).toBe(`Checked ${shipped} files: no problems found.\n`);
    expect(result.status).toBe(0);
  });

  it('prints a located, coded, clinician-worded error with a suggestion and the lines around it, and exits 1', async () => {
    const dir = await guidelinesWith((t) => t.replace('exclude radiculopathy,', 'exclude radiculapathy,'));
    const result = await run(['check', 'guidelines'], dir);
    expect(result.status).toBe(1);
    const [head, ...frame] = result.out.split('\n');
    expect(head).toMatch(
      /^guidelines\/odg\/neck-and-upper-back\/cervical-facet-therapeutic-injection\.rubric:\d+:13 RUB1207 'radiculapathy' is not a condition this guideline defines\. Did you mean 'radiculopathy'\?$/,
    );
    expect(frame.join('\n')).toContain('exclude radiculapathy, spinal_stenosis, previous_fusion');
    expect(frame.join('\n')).toMatch(/\|\s+\^{13}/);
    expect(result.out).toContain(`Checked ${shipped} files: 1 error, 0 warnings.`);
  });

  it('reports a misspelt case path against the case-file schema, with the path it meant (issue 7)', async () => {
    const dir = await guidelinesWith((t) => t.replace('of request.levels', 'of request.levles'));
    const result = await run(['check', 'guidelines'], dir);
    expect(result.status).toBe(1);
    expect(result.out.split('\n')[0]).toMatch(/\.rubric:\d+:\d+ RUB1240 The case file has no field 'request\.levles'.* Did you mean 'request\.levels'\?$/);
  });

  it('refuses a guideline saved as Latin-1, naming the encoding and where the first such byte is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-cli-'));
    const text = await readFile(join(root, 'language/testdata/errors/1007-not-utf8.rubric'));
    await writeFile(join(dir, 'knee.rubric'), text);
    const result = await run(['check', 'knee.rubric'], dir);
    expect(result.status).toBe(1);
    expect(result.out.split('\n')[0]).toMatch(/^knee\.rubric:15:50 RUB1007 This file is not UTF-8: it looks like Latin-1 \(ISO-8859-1\) or Windows-1252\./);
    expect(result.out).toContain('90°');
  });

  it('reports a documentation item the case file does not list', async () => {
    const dir = await guidelinesWith((t) => t.replace('documentation.formal_rehabilitation_plan', 'documentation.formal_rehab_plan'));
    const result = await run(['check', 'guidelines'], dir);
    expect(result.status).toBe(1);
    expect(result.out).toContain("RUB1241 'formal_rehab_plan' is not a documentation item the case file lists. Did you mean 'formal_rehabilitation_plan'?");
  });

  it('gives CI tools JSON with file, line, column, end, code, severity, message and suggestion', async () => {
    const dir = await guidelinesWith((t) => t.replace('max_levels levels_at_once', 'max_levels "two"'));
    const result = await run(['check', 'guidelines', '--format', 'json'], dir);
    expect(result.status).toBe(1);
    const answer = JSON.parse(result.out) as { formatVersion: number; command: string; exitCode: number; result: { diagnostics: { code: string; message: string; line: number; column: number }[] } };
    expect(answer).toMatchObject({ formatVersion: 1, command: 'check', exitCode: 1, errors: [] });
    const diagnostics = answer.result.diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      uri: 'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric',
      code: 'RUB1003',
      severity: 'error',
      message: 'Expected a number of levels, like `max_levels 2`, but found \'"two"\'.',
      column: 16,
    });
  });

  it('explains a path that does not exist instead of failing', async () => {
    const result = await run(['check', 'no-such-folder']);
    expect(result.status).toBe(2);
    expect(result.err).toBe('rubric: no-such-folder: no such file or folder.\n');
  });

  it('rejects an unknown format with the choices', async () => {
    const result = await run(['check', 'guidelines', '--format', 'xml']);
    expect(result.status).toBe(2);
    expect(result.err).toContain("Allowed choices are text, json");
  });
});

describe('rubric compile', () => {
  it('writes the bundle, its manifest and a schema per guideline', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rubric-out-'));
    const result = await run(['compile', 'guidelines', '--out', out]);
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toMatch(new RegExp(`^Checked ${shipped} files: no problems found\\.\\nCompiled \\d+ guidelines?( \\(.*\\))? to `));
    expect((await readdir(out)).sort()).toEqual(['guidelines', 'guidelines.json', 'manifest.json', 'schemas']);
    expect(await readdir(join(out, 'guidelines'))).toContain('cervical_facet_therapeutic_injection.js');
    expect(await readdir(join(out, 'schemas'))).toContain('cervical_facet_therapeutic_injection.schema.json');
  });

  it('writes byte-identical output whatever folder it runs from', async () => {
    const first = await mkdtemp(join(tmpdir(), 'rubric-out-'));
    const second = await mkdtemp(join(tmpdir(), 'rubric-out-'));
    expect((await run(['compile', 'guidelines', '-o', first])).status).toBe(0);
    expect((await run(['compile', '.', '-o', second], join(root, 'guidelines'))).status).toBe(0);
    for (const file of ['guidelines.json', 'guidelines/cervical_facet_therapeutic_injection.js', 'manifest.json', 'schemas/cervical_facet_therapeutic_injection.schema.json']) {
      expect(await readFile(join(second, file)), file).toEqual(await readFile(join(first, file)));
    }
  });

  it('writes nothing when the guidelines have errors', async () => {
    const dir = await guidelinesWith((t) => t.replace(/cite odg_facet(\n    reason\s+"The request)/, 'cite odg_facett$1'));
    const out = join(dir, 'out');
    const result = await run(['compile', 'guidelines', '-o', 'out'], dir);
    expect(result.status).toBe(1);
    expect(result.out).toContain("RUB1201 'odg_facett' is not a source this guideline lists under `sources`. Did you mean 'odg_facet'?");
    expect(result.err).toBe('rubric: nothing was written because the guidelines have errors.\n');
    await expect(readdir(out)).rejects.toThrow();
  });
});

describe('rubric eval', () => {
  it('checks, compiles, verifies and evaluates the seed case, printing the rationale', async () => {
    const result = await run(['eval', '--guideline', 'cervical_facet_therapeutic_injection', '--case', 'examples/seed/case.json']);
    expect(result.status).toBe(0);
    expect(result.err).toContain(`Checked ${shipped} files: no problems found.`);
    expect(result.err).toContain('Verified the bundle against manifest.json');
    // Standard output is the letter alone, so `rubric eval … > letter.txt` writes the letter.
    expect(result.out).toBe(await readFile(join(root, 'examples/seed/expected-rationale.txt'), 'utf8'));
    expect(result.out).toContain('not medically necessary');
    expect(result.out).toContain('which is an exclusion criterion for this procedure');
  });

  it('prints the determination as JSON, keeping progress off standard output', async () => {
    const result = await run(['eval', '-g', 'cervical_facet_therapeutic_injection', '-c', 'examples/seed/case.json', '--format', 'json']);
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.out) as { command: string; exitCode: number; result: { outcome: string } };
    expect(answer).toMatchObject({ formatVersion: 1, command: 'eval', exitCode: 0, errors: [] });
    expect(answer.result.outcome).toBe('not_medically_necessary');
    expect(result.err).toContain(`Checked ${shipped} files`);
  });

  it('names an unknown guideline and a missing or malformed case file', async () => {
    const unknown = await run(['eval', '-g', 'no_such_guideline', '-c', 'examples/seed/case.json']);
    expect(unknown.status).toBe(2);
    expect(unknown.err).toContain('no_such_guideline');
    const missing = await run(['eval', '-g', 'cervical_facet_therapeutic_injection', '-c', 'nope.json']);
    expect(missing).toMatchObject({ status: 2, err: 'rubric: nope.json: no such case file.\n' });
    const dir = await mkdtemp(join(tmpdir(), 'rubric-case-'));
    await writeFile(join(dir, 'case.json'), '{"request": ');
    const malformed = await run(['eval', '-g', 'cervical_facet_therapeutic_injection', '-c', join(dir, 'case.json')]);
    expect(malformed.status).toBe(2);
    expect(malformed.err).toMatch(/case\.json is not valid JSON/);
  });

  it('reports an invalid case field by field and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-case-'));
    await writeFile(join(dir, 'case.json'), JSON.stringify({ request: { levels: 'three' } }));
    const result = await run(['eval', '-g', 'cervical_facet_therapeutic_injection', '-c', join(dir, 'case.json'), '--format', 'json']);
    expect(result.status).toBe(1);
    const determination = (JSON.parse(result.out) as { result: { outcome: string; errors: { path: string }[] } }).result;
    expect(determination.outcome).toBe('invalid_case');
    expect(determination.errors.map((e) => e.path)).toContain('/request/levels');
  });
});

describe('rubric eval without --guideline: every requested item under the guideline that applies', () => {
  let bundle = '';
  const caseFile = async (data: unknown): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-case-'));
    await writeFile(join(dir, 'case.json'), JSON.stringify(data));
    return join(dir, 'case.json');
  };

  it('compiles, verifies and prints one section per item, then a summary, and exits 0', async () => {
    bundle = await mkdtemp(join(tmpdir(), 'rubric-bundle-'));
    const result = await run(['eval', '-c', 'examples/requests/case.json', '-o', bundle]);
    expect(result.status).toBe(0);
    expect(result.err).toContain(`Checked ${shipped} files: no problems found.`);
    expect(result.out).toMatch(/^Determination of 3 requested items\n/);
    expect(result.out).toContain('Determination of 3 requested items\n\nItem 1 of 3: Cervical facet injections bilateral C3-4, 4-5, 5-6\n');
    expect(result.out).toContain('which is an exclusion criterion for this procedure');
    expect(result.out).toContain('Item 3 of 3: Hydrocodone/acetaminophen 10/325 mg #60\n');
    expect(result.out).toMatch(/\nSummary:\n  1\. Cervical facet injections bilateral C3-4, 4-5, 5-6: not medically necessary \(cervical_facet_therapeutic_injection\)\n  2\. .*\(chronic_pain_physical_medicine\)\n  3\. Hydrocodone\/acetaminophen 10\/325 mg #60: not medically necessary \(opioids_chronic_pain\)\n$/);
  });

  it('prints the items as JSON, keeping progress off standard output', async () => {
    const result = await run(['eval', '-c', 'examples/requests/case.json', '--bundle', bundle, '--format', 'json']);
    expect(result.status).toBe(0);
    const evaluation = (JSON.parse(result.out) as { result: { items: { item: number; status: string; determination: { guideline: { id: string } } | null }[]; errors: unknown[] } }).result as { items: { item: number; status: string; determination: { guideline: { id: string } } | null }[]; errors: unknown[] };
    expect(evaluation.errors).toEqual([]);
    expect(evaluation.items.map((i) => [i.item, i.status, i.determination?.guideline.id ?? null])).toEqual([
      [0, 'decided', 'cervical_facet_therapeutic_injection'],
      [1, 'decided', 'chronic_pain_physical_medicine'],
      [2, 'decided', 'opioids_chronic_pain'],
    ]);
    expect(result.err).toContain('Verified');
  });

  it('prints Markdown with a heading per item', async () => {
    const result = await run(['eval', '-c', 'examples/requests/case.json', '--bundle', bundle, '--format', 'markdown']);
    expect(result.status).toBe(0);
    expect(result.out).toContain('# Determination of 3 requested items\n\n## Item 1 of 3: Cervical facet injections bilateral C3-4, 4-5, 5-6\n');
    expect(result.out).toContain('### Cervical facet joint therapeutic steroid injections: not medically necessary');
  });

  it('decides a case with request only as its one item, and says plainly when no guideline applies (exit 0)', async () => {
    const seed = await run(['eval', '-c', 'examples/seed/case.json', '--bundle', bundle, '--format', 'json']);
    expect(seed.status).toBe(0);
    expect((JSON.parse(seed.out) as { result: { items: { path: string; status: string }[] } }).result.items).toMatchObject([{ path: '/request', status: 'decided' }]);
    const none = await run(['eval', '-c', await caseFile({ request: { service: 'Hyperbaric oxygen', codes: [{ system: 'CPT', code: '99183' }] } }), '--bundle', bundle]);
    expect(none.status).toBe(0);
    expect(none.out).toContain('No guideline applies to this item: no guideline in the bundle covers the service requested ("Hyperbaric oxygen"; CPT 99183).');
  });

  it('exits 1 when an item is malformed, still printing the other items', async () => {
    const seed = JSON.parse(await readFile(join(root, 'examples/seed/case.json'), 'utf8')) as Record<string, unknown>;
    const { request, ...rest } = seed;
    const file = await caseFile({ ...rest, requests: [request, { codes: [{ system: 'ICD', code: '1' }] }] });
    const result = await run(['eval', '-c', file, '--bundle', bundle]);
    expect(result.status).toBe(1);
    expect(result.out).toContain('not medically necessary (cervical_facet_therapeutic_injection)');
    expect(result.out).toContain('    - /requests/1/codes/0/system: must be one of "CPT", "HCPCS", not text ("ICD")\n');
  });

  it('exits 1 when the case file gives both request and requests', async () => {
    const result = await run(['eval', '-c', await caseFile({ request: {}, requests: [{}] }), '--bundle', bundle, '--format', 'json']);
    expect(result.status).toBe(1);
    expect((JSON.parse(result.out) as { result: { errors: { path: string }[] } }).result.errors.map((e) => e.path)).toEqual(['/requests']);
  });

  it('exits 2 when the case file is missing', async () => {
    expect(await run(['eval', '-c', 'nope.json', '--bundle', bundle])).toMatchObject({ status: 2, err: 'rubric: nope.json: no such case file.\n' });
  });

  it('with --guideline, evaluates the case against that guideline as before', async () => {
    const result = await run(['eval', '-g', 'cervical_facet_therapeutic_injection', '-c', 'examples/seed/case.json', '--bundle', bundle, '--format', 'json']);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.out) as { result: { outcome: string } }).result.outcome).toBe('not_medically_necessary');
    expect(result.err).not.toContain('note:');
  });

  it('with --guideline and a case listing requests[], says on standard error that only request is evaluated', async () => {
    const result = await run(['eval', '-g', 'cervical_facet_therapeutic_injection', '-c', 'examples/requests/case.json', '--bundle', bundle, '--format', 'json']);
    expect(result.err).toContain('rubric: note: the case lists several requested items (requests); --guideline evaluates request only. Leave out --guideline to decide each item.\n');
    // This guideline's schema requires request, so the case is invalid for it (exit 1), as it was before requests[].
    expect(result.status).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ result: { outcome: 'invalid_case', errors: [{ path: '/request', message: 'is required' }] } });
  });
});

describe('rubric eval: scope and judgement outcomes', () => {
  const guideline = `guideline imaging
  title "Imaging"
  version "1"
  recommendation recommended cite src
  applies when weeks_since_injury >= 4 weeks
    reason "Imaging is not considered in the first 4 weeks after the injury."
sources
  source src "S"
facts
  fact weeks_since_injury "weeks since the injury" elapsed weeks from patient.date_of_injury to request.date_requested
criteria
  criterion change "A significant change in symptoms."
    judgement "Is there a significant change in symptoms?"
    cite src
`;

  async function evalCase(data: unknown): Promise<{ status: number; out: string; err: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-scope-'));
    await writeFile(join(dir, 'imaging.rubric'), guideline);
    await writeFile(join(dir, 'case.json'), JSON.stringify(data));
    return run(['eval', '-g', 'imaging', '-c', 'case.json', '--guidelines', 'imaging.rubric'], dir);
  }

  it('prints "this guideline does not apply" and exits 0', async () => {
    const result = await evalCase({ patient: { date_of_injury: '2024-01-01' }, request: { date_requested: '2024-01-08' } });
    expect(result.status).toBe(0);
    expect(result.err).not.toContain('rubric:');
    expect(result.out).toContain('Imaging: this guideline does not apply');
    expect(result.out).toContain('Scope: Imaging is not considered in the first 4 weeks after the injury.');
  });

  it('prints "referred for physician review" with the question and exits 0', async () => {
    const result = await evalCase({ patient: { date_of_injury: '2024-01-01' }, request: { date_requested: '2024-06-01' } });
    expect(result.status).toBe(0);
    expect(result.err).not.toContain('rubric:');
    expect(result.out).toContain('Questions for the physician reviewer:\n  1. Is there a significant change in symptoms?');
    expect(result.out).toContain('Decision: referred for physician review.');
  });
});

describe('rubric test', () => {
  const casesFile = 'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.cases.yaml';

  /** A copy of the shipped guidelines whose cases file is replaced by `text`. */
  async function withCases(text: string): Promise<string> {
    const dir = await guidelinesWith((t) => t);
    await writeFile(join(dir, casesFile), text);
    await cp(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
    return dir;
  }

  it('runs the shipped cases and ends with the summary line CI reads', async () => {
    const result = await run(['test', 'guidelines']);
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/^\d+ passed, 0 failed$/m);
    expect(result.out).not.toContain('FAIL');
  });

  it('prints each failing case with its file, line, note and what differed, and exits 1', async () => {
    const dir = await withCases(`guideline: cervical_facet_therapeutic_injection
cases:
  - note: The seed case, wrongly expected to be medically necessary.
    extends: ../../../examples/seed/case.json
    want:
      outcome: medically_necessary
      criteria: { two_levels: met }
`);
    // Only this cases file runs, so the counts do not depend on the other guidelines' cases.
    const result = await run(['test', casesFile], dir);
    expect(result.status).toBe(1);
    // `rubric test` prints the check's summary only when there is something to report (the known warnings).
    expect(result.out.replace(/^Checked \d+ files: no problems found\.\n/, '')).toBe(
      `${casesFile}:3: FAIL The seed case, wrongly expected to be medically necessary. — ` +
        'outcome: expected medically_necessary, got not_medically_necessary; criterion two_levels: expected met, got not_met\n' +
        '0 passed, 1 failed\n',
    );
  });

  it('gives CI tools the results as JSON', async () => {
    const result = await run(['test', 'guidelines', '--format', 'json']);
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.out) as { command: string; result: { passed: number; failed: number; cases: { status: string; line: number }[] } };
    expect(answer).toMatchObject({ formatVersion: 1, command: 'test', exitCode: 0, errors: [] });
    const report = answer.result;
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(12);
    expect(report.cases[0]).toMatchObject({ status: 'passed', line: expect.any(Number) as number });
  });

  it('reports a cases file with errors by line and exits 1', async () => {
    const dir = await withCases(`guideline: cervical_facet_therapeutic_injection
cases:
  - note: Misspelt outcome and criterion.
    case: {}
    want:
      outcome: not_medicaly_necessary
`);
    // Only this cases file runs, so the counts do not depend on the other guidelines' cases.
    const result = await run(['test', casesFile], dir);
    expect(result.status).toBe(1);
    expect(result.out).toContain(`${casesFile}:6:16: error: case 1's \`want.outcome\` is "not_medicaly_necessary". Did you mean "not_medically_necessary"?`);
    // The broken file's case is counted as failed, not dropped from the count.
    expect(result.out).toContain(`${casesFile}:3: FAIL Misspelt outcome and criterion. — not run: the cases file has errors\n`);
    expect(result.out).toMatch(/^0 passed, 1 failed\n1 error in cases files\n$/m);
  });

  it('names an unknown criterion with a suggestion', async () => {
    const dir = await withCases(`guideline: cervical_facet_therapeutic_injection
cases:
  - note: Misspelt criterion.
    extends: ../../../examples/seed/case.json
    want: { outcome: not_medically_necessary, criteria: { rehabilitaton: not_met } }
`);
    // Only this cases file runs, so the counts do not depend on the other guidelines' cases.
    const result = await run(['test', casesFile], dir);
    expect(result.status).toBe(1);
    expect(result.out).toContain('error: "rehabilitaton" is not a criterion of cervical_facet_therapeutic_injection. Did you mean "rehabilitation"?');
  });

  it('runs one cases file given alone, compiling guidelines/ by default', async () => {
    const result = await run(['test', casesFile]);
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/^\d+ passed, 0 failed$/m);
  });

  it('exits 2 when there is nothing to run', async () => {
    const result = await run(['test', 'examples/seed']);
    expect(result).toMatchObject({ status: 2, err: 'rubric: no *.cases.yaml files under examples/seed.\n' });
    expect((await run(['test', 'no-such-folder'])).status).toBe(2);
  });
});
