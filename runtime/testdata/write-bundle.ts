/**
 * Test helper: writes a bundle folder (bundle.js, schemas/<id>.schema.json, manifest.json) the way `rubric compile`
 * will, from a module text and its guidelines, with hashes and digest computed by canonical-json.ts.
 */
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { canonicalJson, sha256Hex } from '../canonical-json.js';

export const SEED_BUNDLE = new URL('./seed-bundle.js', import.meta.url);

export interface GuidelineEntry {
  readonly id: string;
  readonly version: string;
  readonly caseSchema: unknown;
}

/** The stand-in seed bundle's text and guideline entries. */
export async function seedBundle(): Promise<{ text: string; guidelines: GuidelineEntry[] }> {
  const text = await readFile(SEED_BUNDLE, 'utf8');
  const module = (await import(SEED_BUNDLE.href)) as {
    default: { guidelines: Record<string, { meta: { id: string; version: string }; caseSchema: unknown }> };
  };
  const guidelines = Object.values(module.default.guidelines).map((g) => ({ id: g.meta.id, version: g.meta.version, caseSchema: g.caseSchema }));
  return { text, guidelines };
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
    format: 1,
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
