#!/usr/bin/env node
/**
 * `npm run build` (and `prepare`, so `npm ci`, `npm install <git clone or URL>` and `npm pack` build too):
 *   1. tsc -p tsconfig.build.json: language/, compiler/ and runtime/ → dist/ (JavaScript + declarations; the
 *      `rubric/language`, `rubric/compiler` and `rubric/runtime` exports point there);
 *   2. esbuild: the CLI (compiler/cli.ts and everything it imports but esbuild itself) → dist/compiler/cli.js, which
 *      bin/rubric.js runs, plus chunks (dist/compiler/cli-*.js) for what commands import lazily. Node loads a few
 *      files instead of some 700 (Chevrotain alone loads ~700 modules, 640 of them lodash-es), most of `rubric --help`'s start-up;
 *   3. esbuild: the language server and the VS Code extension (lsp/esbuild.mjs) → dist/lsp/server.mjs, extension.cjs;
 *   4. dist/.build-inputs: the sha256 of every input, so `node build.mjs --if-stale` (vitest's globalSetup) rebuilds
 *      exactly when a source changed and a stale dist/ can never decide a test.
 * Needs the devDependencies (typescript); an installed tarball already holds dist/ and never runs this.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { buildLsp } from './lsp/esbuild.mjs';

const ROOT = import.meta.dirname;
const STAMP = join(ROOT, 'dist', '.build-inputs');

/** sha256 over the path and bytes of every file the build reads (tests, benches and fixtures excluded). */
export function inputsHash() {
  const files = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'build.mjs'];
  const walk = (dir) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'testdata' && e.name !== 'test' && e.name !== 'bench' && e.name !== '__snapshots__') walk(path);
      } else if (/\.(ts|json|mjs)$/.test(e.name) && !/\.(test|bench)\.ts$/.test(e.name)) files.push(path);
    }
  };
  for (const dir of ['language', 'compiler', 'runtime', 'lsp']) walk(dir);
  const hash = createHash('sha256');
  for (const f of files.sort()) hash.update(`${f}\0`).update(readFileSync(join(ROOT, f))).update('\0');
  return hash.digest('hex');
}

/**
 * `npm install <a fresh clone folder>` links the folder and runs its `prepare` without installing its
 * devDependencies there; install them (from the lockfile, no scripts) so tsc and esbuild are at hand.
 */
function ensureDevDependencies(require) {
  try {
    require.resolve('typescript/bin/tsc');
    require.resolve('esbuild');
    return;
  } catch {
    process.stderr.write('build.mjs: installing the devDependencies the build needs (typescript)\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['install', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund'], {
      cwd: ROOT,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
  }
}

export async function build() {
  const require = createRequire(import.meta.url);
  ensureDevDependencies(require);
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(ROOT, 'compiler', 'cli.ts')],
    outdir: join(ROOT, 'dist', 'compiler'),
    splitting: true, // what a command imports lazily (esbuild, ajv, yaml) sits in dist/compiler/cli-*.js chunks
    chunkNames: 'cli-[hash]',
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['esbuild'], // it finds its native binary from its own package folder
    // CommonJS dependencies (commander, ajv) require Node built-ins; give the ES module a require to do it with.
    banner: { js: "import { createRequire as __rubricCreateRequire } from 'node:module'; const require = __rubricCreateRequire(import.meta.url);" },
    legalComments: 'none',
    minifyWhitespace: true, // less for V8 to read at start-up; names are kept, so stack traces stay readable
    minifySyntax: true,
    logLevel: 'warning',
  });
  await buildLsp(esbuild, ROOT);
  writeFileSync(STAMP, `${inputsHash()}\n`);
}

function stale() {
  try {
    return readFileSync(STAMP, 'utf8').trim() !== inputsHash();
  } catch {
    return true;
  }
}

if (process.argv[1] !== undefined && relative(process.argv[1], join(ROOT, 'build.mjs')) === '') {
  if (process.argv.includes('--if-stale') && !stale()) process.exit(0);
  const t = performance.now();
  await build();
  process.stderr.write(`built ${relative(process.cwd(), join(ROOT, 'dist')).split(sep).join('/') || 'dist'} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}
