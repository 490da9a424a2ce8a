/**
 * Where the guidelines are when the command line does not say (rubric.json, guidelines/), the libraries a guideline
 * checked alone uses, and eval's early answer to an unknown guideline id.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../cli.js';
import { declaredGuidelines, missingLibraries } from './project.js';

const root = join(import.meta.dirname, '..', '..');
const seedDir = 'guidelines/odg/neck-and-upper-back';

async function run(argv: string[], cwd = root): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, out: (t) => (out += t), err: (t) => (err += t), color: false };
  return { status: await main(argv, io), out, err };
}

describe('rubric check one.rubric finds the libraries it uses', () => {
  it('through rubric.json, from the guideline\'s own folder', async () => {
    const result = await run(['check', 'cervical-facet-therapeutic-injection.rubric'], join(root, seedDir));
    expect(result.out).toBe('Checked 2 files: no problems found.\n');
    expect(result.status).toBe(0);
  });

  it('without rubric.json, in the folders above the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-uses-'));
    await cp(join(root, 'guidelines'), join(dir, 'guidelines'), { recursive: true });
    const result = await run(['check', `${seedDir}/cervical-facet-therapeutic-injection.rubric`], dir);
    expect(result.out).toBe('Checked 2 files: no problems found.\n');
    expect(result.status).toBe(0);
  });

  it('a library that is nowhere is still the checker\'s error (RUB1205)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-uses-'));
    await writeFile(join(dir, 'package.json'), '{}');
    const text = (await readFile(join(root, seedDir, 'cervical-facet-therapeutic-injection.rubric'), 'utf8')).replace('uses spine', 'uses spien');
    await writeFile(join(dir, 'g.rubric'), text);
    const result = await run(['check', 'g.rubric'], dir);
    expect(result.status).toBe(1);
    expect(result.out).toContain("RUB1205 'spien' is not a library of value sets Rubric was given.");
  });

  it('reads uses and library names from the header lines', () => {
    expect([...missingLibraries([{ text: 'guideline g\nuses spine, knee\n' }, { text: '# x\nlibrary knee\n' }])]).toEqual(['spine']);
    expect(declaredGuidelines([{ text: '# guideline not_this\nguideline this_one\n' }, { text: 'library l\n' }])).toEqual(['this_one']);
  });
});

describe('eval and test run from another folder', () => {
  it('find the guidelines through rubric.json above the working directory', async () => {
    const result = await run(['eval', '-g', 'cervical_facet_therapeutic_injection', '-c', 'case.json'], join(root, 'examples/seed'));
    expect(result.status).toBe(0);
    expect(result.out).toBe(await readFile(join(root, 'examples/seed/expected-rationale.txt'), 'utf8'));
  });

  it('say how to point at the guidelines when there are none to find (RUB2112, exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-elsewhere-'));
    await cp(join(root, 'examples/seed/case.json'), join(dir, 'case.json'));
    await mkdir(join(dir, 'cases'));
    await cp(join(root, seedDir, 'cervical-facet-therapeutic-injection.cases.yaml'), join(dir, 'cases/seed.cases.yaml'));
    const evaluated = await run(['eval', '-g', 'cervical_facet_therapeutic_injection', '-c', 'case.json'], dir);
    expect(evaluated.status).toBe(2);
    expect(evaluated.out).toBe('');
    expect(evaluated.err).toContain(`rubric: there is no guidelines/ folder in ${dir} and no rubric.json in it or above it. Point at the guidelines with --guidelines <folder>`);
    const tested = await run(['test', 'cases/seed.cases.yaml'], dir);
    expect(tested.status).toBe(2);
    expect(tested.err).toContain('Point at the guidelines with --guidelines <folder>');
    const json = await run(['eval', '-g', 'x', '-c', 'case.json', '--format', 'json'], dir);
    expect(JSON.parse(json.out)).toMatchObject({ exitCode: 2, errors: [{ code: 'RUB2112' }] });
  });
});

describe('eval with an unknown guideline id', () => {
  it('answers at once with a did-you-mean, before checking or compiling anything', async () => {
    const result = await run(['eval', '-g', 'cervical_facet_therapeutic_injections', '-c', 'examples/seed/case.json']);
    expect(result.status).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toBe('rubric: "cervical_facet_therapeutic_injections" is not a guideline in guidelines. Did you mean "cervical_facet_therapeutic_injection"?\n');
  });

  it('with --bundle, from the bundle\'s manifest', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rubric-bundle-'));
    expect((await run(['compile', 'guidelines', '-o', out])).status).toBe(0);
    const result = await run(['eval', '-g', 'lumbar_mir', '-c', 'examples/seed/case.json', '--bundle', out, '--format', 'json']);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.out)).toMatchObject({
      command: 'eval',
      exitCode: 2,
      result: null,
      errors: [{ code: 'RUB2107', message: expect.stringContaining('Did you mean "lumbar_mri"?') as unknown }],
    });
  });
});
