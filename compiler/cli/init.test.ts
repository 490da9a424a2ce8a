/** `rubric init`: a starting project that checks clean and passes its cases; nothing is ever overwritten. */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main, type CliIo } from '../cli.js';

async function run(argv: string[], cwd: string): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, out: (t) => (out += t), err: (t) => (err += t), color: false };
  return { status: await main(argv, io), out, err };
}

it('writes rubric.json, a guideline, a case file and its cases, which check clean, pass and evaluate', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rubric-init-'));
  const init = await run(['init', 'project'], dir);
  expect(init).toMatchObject({ status: 0, err: '' });
  expect(init.out).toContain('Next: cd project && npx rubric check guidelines/ && npx rubric test guidelines/\n');
  const project = join(dir, 'project');
  expect((await readdir(project)).sort()).toEqual(['guidelines', 'rubric.json']);
  expect((await readdir(join(project, 'guidelines'))).sort()).toEqual(['example.case.json', 'example.cases.yaml', 'example.rubric']);

  expect(await run(['check', '--strict', 'guidelines'], project)).toEqual({ status: 0, out: 'Checked 1 file: no problems found.\n', err: '' });
  const tested = await run(['test', 'guidelines'], project);
  expect(tested).toMatchObject({ status: 0, err: '' });
  expect(tested.out).toBe('2 passed, 0 failed\n');
  // eval finds the guidelines through rubric.json.
  const evaluated = await run(['eval', '-g', 'example_facet_injection', '-c', 'guidelines/example.case.json'], project);
  expect(evaluated.status).toBe(0);
  expect(evaluated.out).toContain('Decision: medically necessary.');
});

it('writes nothing when a file it would write is there (RUB2113, exit 2)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rubric-init-'));
  expect((await run(['init'], dir)).status).toBe(0);
  const before = await readFile(join(dir, 'guidelines/example.rubric'), 'utf8');
  const again = await run(['init', '.'], dir);
  expect(again.status).toBe(2);
  expect(again.err).toBe('rubric: . already has rubric.json, guidelines/example.rubric, guidelines/example.case.json, guidelines/example.cases.yaml; nothing was written.\n');
  expect(await readFile(join(dir, 'guidelines/example.rubric'), 'utf8')).toBe(before);
});

it('writes a guideline that is already formatted (rubric fmt --check passes on it)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rubric-init-'));
  expect((await run(['init'], dir)).status).toBe(0);
  expect(await run(['fmt', '--check', 'guidelines'], dir)).toEqual({ status: 0, out: '', err: 'All 1 file formatted.\n' });
});
