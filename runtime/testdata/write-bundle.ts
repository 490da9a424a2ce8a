/**
 * Test helper: writes a bundle folder (bundle.js, schemas/<id>.schema.json, manifest.json) the way `rubric compile`
 * does, from a module text and its guidelines, with hashes and digest computed by canonical-json.ts, so load tests
 * can vary one thing at a time (a byte, a hash, a format, a missing file).
 */
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from '../../compiler/index.js';
import { checkDocuments, SourceFile } from '../../language/index.js';
import { canonicalJson, sha256Hex } from '../canonical-json.js';
import { BUNDLE_FORMAT } from '../contract.js';
import type { CompiledBundle } from '../contract.js';

export interface GuidelineEntry {
  readonly id: string;
  readonly version: string;
  readonly caseSchema: unknown;
}

export interface SeedBundle {
  /** bundle.js as the compiler wrote it from the shipped guidelines. */
  readonly text: string;
  readonly guidelines: GuidelineEntry[];
  /** The same bundle, imported. */
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
  const files = ['odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric', 'valuesets/spine.rubric'];
  const sources = await Promise.all(files.map(async (path) => ({ path, text: await readFile(join(root, 'guidelines', path), 'utf8') })));
  const checked = checkDocuments(sources.map((s) => new SourceFile(s.path, s.text)));
  const compiled = await compile(checked.model, sources);
  if (!compiled.ok) throw new Error(`the shipped guidelines did not compile: ${JSON.stringify(compiled.errors)}`);
  const text = String(compiled.files.get('bundle.js') instanceof Uint8Array ? new TextDecoder().decode(compiled.files.get('bundle.js') as Uint8Array) : compiled.files.get('bundle.js'));
  const dir = await mkdtemp(join(tmpdir(), 'rubric-seed-'));
  await writeFile(join(dir, 'bundle.js'), text);
  const module = ((await import(pathToFileURL(join(dir, 'bundle.js')).href)) as { default: CompiledBundle }).default;
  const guidelines = Object.values(module.guidelines).map((g) => ({ id: g.meta.id, version: g.meta.version, caseSchema: g.caseSchema }));
  return { text, guidelines, module };
}

/** Write a bundle folder into a new temporary directory and return its path. */
export async function writeBundle(
  bundleText: string,
  guidelines: readonly GuidelineEntry[],
  manifestOverrides: Record<string, unknown> = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rubric-bundle-'));
  const files: Record<string, string> = { 'bundle.js': bundleText };
  for (const g of guidelines) files[`schemas/${g.id}.schema.json`] = canonicalJson(g.caseSchema);
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
    guidelines: guidelines.map((g) => ({ id: g.id, version: g.version, schema: `schemas/${g.id}.schema.json` })),
    ...manifestOverrides,
  };
  await writeFile(join(dir, 'manifest.json'), canonicalJson({ ...body, digest: sha256Hex(canonicalJson(body)) }));
  return dir;
}
