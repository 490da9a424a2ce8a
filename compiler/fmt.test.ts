/**
 * `rubric fmt` and the Prettier plugin as users run them: the CLI in-process and built (bin/rubric.js), and the
 * Prettier command line with `--plugin`, with this repository's `.prettierrc.json`, and with a `.prettierrc` of
 * another project naming the built plugin.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRubric } from '../language/format/format.js';
import { main, type CliIo } from './cli.js';

const root = join(import.meta.dirname, '..');
const builtPlugin = join(root, 'dist', 'language', 'format', 'plugin.js');
const prettierBin = join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');

async function rubric(argv: string[], cwd = root): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, out: (t) => (out += t), err: (t) => (err += t), color: false };
  return { status: await main(argv, io), out, err };
}

/** Runs a command; its exit status with what it printed. */
function spawnStatus(command: string, args: string[], cwd: string): { status: number; out: string } {
  try {
    return { status: 0, out: execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

const unformatted = 'guideline g\n    title   "T"\nsources\n source s "S"\ncriteria\n      criterion c\n judgement "Q?" # why\n cite s\n';
const formatted = 'guideline g\n  title "T"\nsources\n  source s "S"\ncriteria\n  criterion c\n    judgement "Q?" # why\n    cite s\n';
const broken = 'guideline g\n  title "T"\n  blah blah\n';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rubric-fmt-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('rubric fmt', () => {
  it('CI: every .rubric file in guidelines/ and examples/ is formatted (rubric fmt --check exits 0)', async () => {
    const result = await rubric(['fmt', '--check', 'guidelines/', 'examples/']);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^All \d+ files formatted\.\n$/);
    expect(result.status).toBe(0);
  });

  it('the built command does the same', () => {
    expect(spawnStatus(process.execPath, [join(root, 'bin', 'rubric.js'), 'fmt', '--check', 'guidelines/', 'examples/'], root).status).toBe(0);
  });

  it('--check lists the unformatted files, exits 1 and changes nothing', async () => {
    const dir = await project({ 'a.rubric': unformatted, 'b.rubric': formatted });
    const result = await rubric(['fmt', '--check', '.'], dir);
    expect(result).toEqual({ status: 1, out: 'a.rubric\n', err: '1 file of 2 not formatted (rubric fmt --write to format them).\n' });
    expect(await readFile(join(dir, 'a.rubric'), 'utf8')).toBe(unformatted);
  });

  it('--write rewrites the unformatted files; --check then passes', async () => {
    const dir = await project({ 'a.rubric': unformatted, 'b.rubric': formatted });
    expect(await rubric(['fmt', '--write', 'a.rubric', 'b.rubric'], dir)).toEqual({ status: 0, out: 'a.rubric\n', err: 'Formatted 1 file of 2.\n' });
    expect(await readFile(join(dir, 'a.rubric'), 'utf8')).toBe(formatted);
    expect((await rubric(['fmt', '--check', '.'], dir)).status).toBe(0);
  });

  it('without --check or --write it prints the formatted text', async () => {
    const dir = await project({ 'a.rubric': unformatted });
    expect(await rubric(['fmt', 'a.rubric'], dir)).toEqual({ status: 0, out: formatted, err: '' });
  });

  it('a file with syntax errors is not formatted: its diagnostics are printed and it is left untouched', async () => {
    const dir = await project({ 'bad.rubric': broken, 'a.rubric': unformatted });
    const result = await rubric(['fmt', '--write', '.'], dir);
    expect(result.status).toBe(1);
    expect(result.out).toContain('bad.rubric:3:3 RUB1006');
    expect(result.err).toContain('bad.rubric has syntax errors; it was not formatted.');
    expect(await readFile(join(dir, 'bad.rubric'), 'utf8')).toBe(broken);
    expect(await readFile(join(dir, 'a.rubric'), 'utf8')).toBe(formatted);
  });

  it('follows the file\'s Prettier configuration, as prettier does', async () => {
    const dir = await project({ 'a.rubric': 'guideline g\n  title "A title long enough to wrap at forty"\n', '.prettierrc.json': '{ "printWidth": 40 }' });
    expect((await rubric(['fmt', 'a.rubric'], dir)).out).toBe('guideline g\n  title\n    "A title long enough to wrap at forty"\n');
  });

  it('--write keeps a byte order mark the file was saved with; --check counts such a file formatted', async () => {
    const dir = await project({ 'a.rubric': `\uFEFF${unformatted}`, 'b.rubric': `\uFEFF${formatted}` });
    expect(await rubric(['fmt', '--write', '.'], dir)).toEqual({ status: 0, out: 'a.rubric\n', err: 'Formatted 1 file of 2.\n' });
    expect(await readFile(join(dir, 'a.rubric'), 'utf8')).toBe(`\uFEFF${formatted}`);
    expect(await readFile(join(dir, 'b.rubric'), 'utf8')).toBe(`\uFEFF${formatted}`);
    expect((await rubric(['fmt', '--check', '.'], dir)).status).toBe(0);
    // Printing gives what --write would write.
    expect((await rubric(['fmt', 'a.rubric'], dir)).out).toBe(`\uFEFF${formatted}`);
  });

  it('--format json: one answer in the shared shape, each file with its status; notes stay on standard error', async () => {
    const dir = await project({ 'a.rubric': unformatted, 'b.rubric': formatted, 'bad.rubric': broken });
    const check = await rubric(['fmt', '--check', '--format', 'json', '.'], dir);
    expect(check.status).toBe(1);
    expect(check.err).toContain('1 file of 2 not formatted');
    const answer = JSON.parse(check.out);
    expect(answer).toMatchObject({ formatVersion: 1, command: 'fmt', exitCode: 1, errors: [] });
    expect(answer.result.mode).toBe('check');
    expect(answer.result.files.map((f: { uri: string; status: string }) => [f.uri, f.status])).toEqual([
      ['a.rubric', 'unformatted'],
      ['b.rubric', 'formatted'],
      ['bad.rubric', 'syntax-errors'],
    ]);
    expect(answer.result.files[2].diagnostics[0]).toMatchObject({ uri: 'bad.rubric', line: 3, column: 3, code: 'RUB1006', severity: 'error' });
    expect(await readFile(join(dir, 'a.rubric'), 'utf8')).toBe(unformatted);

    const printed = JSON.parse((await rubric(['fmt', '--format=json', 'a.rubric'], dir)).out);
    expect(printed).toMatchObject({ command: 'fmt', exitCode: 0, result: { mode: 'print', files: [{ uri: 'a.rubric', status: 'printed', text: formatted }] } });

    const written = await rubric(['fmt', '--write', '--format', 'json', 'a.rubric', 'b.rubric'], dir);
    expect(JSON.parse(written.out).result.files.map((f: { status: string }) => f.status)).toEqual(['written', 'formatted']);
    expect(await readFile(join(dir, 'a.rubric'), 'utf8')).toBe(formatted);
  });

  it('--format json: a path that does not exist is an error in the answer (exit 2), and so are bad arguments', async () => {
    const dir = await project({});
    const missing = await rubric(['fmt', '--check', '--format', 'json', 'nowhere'], dir);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.out)).toEqual({ formatVersion: 1, command: 'fmt', exitCode: 2, result: null, errors: [{ code: 'RUB2101', message: 'nowhere: no such file or folder.' }] });
    const usage = await rubric(['fmt', '--check', '--write', '--format', 'json', 'a.rubric'], dir);
    expect(usage.status).toBe(2);
    expect(JSON.parse(usage.out)).toMatchObject({ command: 'fmt', exitCode: 2, result: null, errors: [{ code: 'RUB2111' }] });
  });

  it('a path that does not exist cannot be formatted (exit 2); a folder without .rubric files is fine', async () => {
    const dir = await project({ 'notes.txt': 'x' });
    expect((await rubric(['fmt', '--check', 'nowhere'], dir)).status).toBe(2);
    expect((await rubric(['fmt', '--check', '.'], dir)).status).toBe(0);
  });
});

describe('the Prettier command line with the built plugin', () => {
  it('prettier --plugin <built plugin> --check "guidelines/**/*.rubric" passes', () => {
    const result = spawnStatus(process.execPath, [prettierBin, '--no-config', '--plugin', './dist/language/format/plugin.js', '--check', 'guidelines/**/*.rubric'], root);
    expect(result.out).toContain('All matched files use Prettier code style!');
    expect(result.status).toBe(0);
  });

  it('with this repository\'s .prettierrc.json (plugins: the built plugin) prettier --check needs no --plugin', () => {
    const result = spawnStatus(process.execPath, [prettierBin, '--check', 'guidelines/**/*.rubric'], root);
    expect(result.status).toBe(0);
  });

  it('another project\'s .prettierrc with "plugins" formats .rubric files exactly as rubric fmt does', async () => {
    const dir = await project({ 'a.rubric': unformatted, 'bad.rubric': broken, '.prettierrc': JSON.stringify({ plugins: [builtPlugin] }) });
    const check = spawnStatus(process.execPath, [prettierBin, '--check', 'a.rubric'], dir);
    expect(check.status).toBe(1);
    expect(check.out).toContain('a.rubric');
    expect(spawnStatus(process.execPath, [prettierBin, '--write', 'a.rubric'], dir).status).toBe(0);
    const expected = await formatRubric(unformatted);
    expect(expected.ok && expected.text).toBe(formatted);
    expect(await readFile(join(dir, 'a.rubric'), 'utf8')).toBe(formatted);
    // Syntax errors: Prettier reports them with the code frame and leaves the file alone.
    const refused = spawnStatus(process.execPath, [prettierBin, '--write', 'bad.rubric'], dir);
    expect(refused.status).toBe(2);
    expect(refused.out).toContain('RUB1006');
    expect(await readFile(join(dir, 'bad.rubric'), 'utf8')).toBe(broken);
  });

  it('the package exports the plugin as rubric/prettier', () => {
    const script = "const m = await import('rubric/prettier'); console.log(m.languages[0].extensions.join(), Object.keys(m.parsers).join(), Object.keys(m.printers).join());";
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })).toBe('.rubric rubric rubric-cst\n');
    expect(createRequire(import.meta.url).resolve('prettier')).toContain('prettier');
  });
});
