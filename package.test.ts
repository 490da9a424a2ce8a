/**
 * The package as a user installs it: `npm pack` the project (dist/ is fresh: vitest's globalSetup rebuilt it),
 * `npm install <tarball>` into an empty project (dependencies from the npm registry; no TypeScript, no tsx), then
 * from plain Node import `rubric/runtime`, `rubric/language` and `rubric/compiler`, and run the installed `rubric`
 * command on the shipped guidelines and the seed case. Takes a minute or so, most of it npm.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from './compiler/index.js';
import { checkDocuments, SourceFile } from './language/index.js';
import { sha256Hex } from './runtime/canonical-json.js';

const root = import.meta.dirname;
const SEED_ID = 'cervical_facet_therapeutic_injection';
const SEED = 'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric';
const SPINE = 'guidelines/valuesets/spine.rubric';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let project: string;
let packed: string[];

function run(command: string, args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
  try {
    return { status: 0, stdout: execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rubric-pack-'));
  // --ignore-scripts: dist/ is already fresh, and rebuilding it here would race the other tests that read it.
  const pack = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
  expect(pack.stderr + pack.status).toMatch(/0$/);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packed = info!.files.map((f) => f.path).sort();
  project = join(work, 'project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'uses-rubric', private: true, type: 'module' }));
  const install = run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, info!.filename)], project);
  expect(install.stderr + install.status).toMatch(/0$/);
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed and installed package', () => {
  it('carries dist/, the CLI and the runtime sources bundles are built from; not tests, fixtures or TypeScript sources', () => {
    expect(packed).toContain('dist/compiler/cli.js');
    expect(packed).toContain('dist/language/index.d.ts');
    expect(packed).toContain('dist/runtime/case-file.schema.json');
    expect(packed).toContain('runtime/logic.ts');
    expect(packed).toContain('runtime/contract.ts');
    expect(packed.filter((p) => /\.test\.|testdata|bench|\.build-inputs/.test(p))).toEqual([]);
    expect(packed.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([
      // Every runtime source a bundle is built from (compiler/emit.ts BUNDLED_RUNTIME_FILES), sorted as npm packs them.
      'runtime/case-reader.ts',
      'runtime/contract.ts',
      'runtime/json-data.ts',
      'runtime/logic.ts',
      'runtime/pointer.ts',
      'runtime/result.ts',
    ]);
    expect(existsSync(join(project, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false);
  });

  it('imports rubric/runtime, rubric/language and rubric/compiler from plain Node, and compiles the same bytes as the source tree', async () => {
    const sources = await Promise.all([SEED, SPINE].map(async (path) => ({ path, text: await readFile(join(root, path), 'utf8') })));
    const script = [
      "import { loadBundle } from 'rubric/runtime';",
      "import { checkDocuments, SourceFile } from 'rubric/language';",
      "import { compile } from 'rubric/compiler';",
      "import { createHash } from 'node:crypto';",
      `const sources = ${JSON.stringify(sources)};`,
      'const checked = checkDocuments(sources.map((s) => new SourceFile(s.path, s.text)));',
      'const compiled = await compile(checked.model, sources);',
      'if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));',
      "const sha = createHash('sha256').update(compiled.files.get('manifest.json')).digest('hex');",
      "console.log(JSON.stringify({ diagnostics: checked.diagnostics.length, sha, loadBundle: typeof loadBundle, compiler: compiled.manifest.compiler }));",
    ].join('\n');
    await writeFile(join(project, 'use.mjs'), script);
    const result = run(process.execPath, ['use.mjs'], project);
    expect(result.stderr).toBe('');
    const got = JSON.parse(result.stdout) as { diagnostics: number; sha: string; loadBundle: string; compiler: unknown };

    const here = await compile(checkDocuments(sources.map((s) => new SourceFile(s.path, s.text))).model, sources);
    if (!here.ok) throw new Error(JSON.stringify(here.errors));
    const version = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(got).toEqual({ diagnostics: 0, sha: sha256Hex(here.files.get('manifest.json')!), loadBundle: 'function', compiler: { name: 'rubric', version } });
  });

  it('runs the installed rubric check on a shipped guideline', () => {
    const result = run(process.execPath, [join(project, 'node_modules/rubric/bin/rubric.js'), 'check', join(root, SEED), join(root, SPINE)], project);
    expect(result).toEqual({ status: 0, stdout: 'Checked 2 files: no problems found.\n', stderr: '' });
  });

  it('runs the installed rubric eval on the seed case with the shipped guidelines', async () => {
    const bin = join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'rubric.cmd' : 'rubric');
    const result = run(bin, ['eval', '-g', SEED_ID, '-c', join(root, 'examples/seed/case.json'), '--guidelines', join(root, 'guidelines'), '--format', 'json'], project);
    expect(result.status).toBe(0);
    const expected = JSON.parse(await readFile(join(root, 'examples/seed/expected-determination.json'), 'utf8')) as { outcome: string };
    // `--format json` answers in the CLI's shared envelope; `result` is the determination.
    const got = (JSON.parse(result.stdout) as { result: { outcome: string } }).result;
    expect(got.outcome).toBe('not_medically_necessary');
    expect(got).toEqual(expected);
  });
});
