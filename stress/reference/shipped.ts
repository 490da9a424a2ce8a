/**
 * The shipped guidelines as the stress parts see them: checked as `rubric check` checks them, compiled, written to
 * a fresh folder and loaded through `loadBundle` (the verified path a service uses), beside the checked model the
 * reference interpreter reads, each guideline's case schema as the compiler wrote it (`schemas/<id>.schema.json`)
 * and the example case shipped beside it (`*.case.json`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { toolchainCheckOptions } from '../../compiler/check-options.js';
import { compile, writeOutput } from '../../compiler/index.js';
import { checkDocuments, SourceFile } from '../../language/index.js';
import type { CheckedGuideline } from '../../language/model.js';
import type { LoadedBundle } from '../../runtime/evaluate.js';
import { loadBundle } from '../../runtime/load.js';

const root = join(import.meta.dirname, '..', '..');

export interface ShippedGuideline {
  readonly model: CheckedGuideline;
  /** `schemas/<id>.schema.json` as compiled, parsed. */
  readonly schema: Record<string, unknown>;
  /** The example case beside the guideline's source, or null when it has none. */
  readonly example: unknown;
}

export interface Shipped {
  readonly bundle: LoadedBundle;
  readonly guidelines: readonly ShippedGuideline[];
}

let shipped: Promise<Shipped> | undefined;
let coverage: Promise<Shipped> | undefined;

const rubricFilesUnder = (dir: string): string[] =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.rubric'))
    .map((e) => join(e.parentPath, e.name))
    .sort();

/** Compiled once per process. Throws when the guidelines do not check, compile or load (a broken tree). */
export function shippedGuidelines(): Promise<Shipped> {
  shipped ??= build(rubricFilesUnder('guidelines'));
  return shipped;
}

/**
 * The coverage guideline (stress/reference/testdata/coverage.rubric, with the shipped value-set libraries): the
 * constructs the shipped guidelines use rarely or not at all, for the differential test. Not a clinical guideline.
 */
export function coverageGuidelines(): Promise<Shipped> {
  coverage ??= build([...rubricFilesUnder('stress/reference/testdata'), ...rubricFilesUnder('guidelines/valuesets')]);
  return coverage;
}

async function build(paths: readonly string[]): Promise<Shipped> {
  const sources = paths.map((p) => ({ path: relative(root, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
  const checked = checkDocuments(sources.map((s) => new SourceFile(s.path, s.text)), toolchainCheckOptions);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the guidelines do not check: ${errors.map((d) => `${d.uri} ${d.code} ${d.message}`).join('; ')}`);
  const compiled = await compile(checked.model, sources);
  if (!compiled.ok) throw new Error(`the guidelines do not compile: ${JSON.stringify(compiled.errors)}`);
  const dir = await mkdtemp(join(tmpdir(), 'rubric-stress-'));
  try {
    await writeOutput(dir, compiled.files);
    const loaded = await loadBundle(dir);
    if (!loaded.ok) throw new Error(`the bundle does not load: ${loaded.error.message}`);
    const text = (f: Uint8Array | string | undefined) => (typeof f === 'string' ? f : new TextDecoder().decode(f));
    const guidelines = checked.model.guidelines.map((model): ShippedGuideline => {
      const schema = JSON.parse(text(compiled.files.get(`schemas/${model.id}.schema.json`))) as Record<string, unknown>;
      const casePath = join(root, model.uri.replace(/\.rubric$/, '.case.json'));
      let example: unknown = null;
      try {
        example = JSON.parse(readFileSync(casePath, 'utf8')) as unknown;
      } catch {
        example = null;
      }
      return { model, schema, example };
    });
    return { bundle: loaded.value, guidelines };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
