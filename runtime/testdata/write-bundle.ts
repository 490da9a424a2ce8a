/**
 * Test helper: writes a bundle folder (guidelines.json, guidelines/<id>.js, schemas/<id>.schema.json, manifest.json)
 * the way `rubric compile` does, from the files and guideline entries of a bundle, with hashes and digest computed by
 * canonical-json.ts, so load tests can vary one thing at a time (a byte, a hash, a format, a missing file).
 */
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../compiler/index.js';
import { checkDocuments, SourceFile } from '../../language/index.js';
import { canonicalJson, sha256Hex } from '../canonical-json.js';
import { BUNDLE_FORMAT, type CompiledBundle, type ManifestGuideline } from '../contract.js';
import { MANIFEST_FILE } from '../verify.js';
import { compiledBundleOf } from './compiled-bundle.js';

export interface SeedBundle {
  /** Every file the compiler wrote for the seed guideline but manifest.json, as text, by path. */
  readonly files: Readonly<Record<string, string>>;
  /** The manifest's guideline entries. */
  readonly guidelines: readonly ManifestGuideline[];
  /** The seed guideline's code file (`guidelines/<id>.js`). */
  readonly code: string;
  /** The same bundle, put together in memory (its code compiled). */
  readonly module: CompiledBundle;
}

let seed: Promise<SeedBundle> | undefined;

/**
 * The shipped guidelines compiled by the real compiler (once per test file), so runtime tests exercise the code the
 * runtime will actually receive. Only tests reach into language/ and compiler/; runtime code never does.
 */
export function seedBundle(): Promise<SeedBundle> {
  seed ??= compileShippedGuidelines();
  return seed;
}

async function compileShippedGuidelines(): Promise<SeedBundle> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const paths = ['odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric', 'valuesets/spine.rubric'];
  const sources = await Promise.all(paths.map(async (path) => ({ path, text: await readFile(join(root, 'guidelines', path), 'utf8') })));
  const checked = checkDocuments(sources.map((s) => new SourceFile(s.path, s.text)));
  const compiled = await compile(checked.model, sources);
  if (!compiled.ok) throw new Error(`the shipped guidelines did not compile: ${JSON.stringify(compiled.errors)}`);
  const files: Record<string, string> = {};
  for (const [path, bytes] of compiled.files) if (path !== MANIFEST_FILE) files[path] = new TextDecoder().decode(bytes);
  const guidelines = compiled.manifest.guidelines;
  return { files, guidelines, code: guidelines[0]!.code, module: compiledBundleOf(compiled.files) };
}

/** Write a bundle folder into a new temporary directory and return its path. */
export async function writeBundle(
  files: Readonly<Record<string, string>>,
  guidelines: readonly ManifestGuideline[],
  manifestOverrides: Record<string, unknown> = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rubric-bundle-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const body = {
    format: BUNDLE_FORMAT,
    compiler: { name: 'rubric', version: '0.0.0-test' },
    esbuild: { version: '0.0.0-test' },
    sources: [{ path: 'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric', sha256: sha256Hex('stand-in') }],
    files: Object.keys(files)
      .sort()
      .map((path) => ({ path, sha256: sha256Hex(files[path] ?? '') })),
    guidelines,
    ...manifestOverrides,
  };
  await writeFile(join(dir, 'manifest.json'), canonicalJson({ ...body, digest: sha256Hex(canonicalJson(body)) }));
  return dir;
}
