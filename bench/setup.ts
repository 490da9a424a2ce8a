/**
 * Shared by the benchmark and the agreement test: compile the guidelines that ship (every `.rubric` file under
 * guidelines/) with the language and compiler APIs into a temp folder, load that folder with the runtime's
 * `loadBundle` (the real service path), and compile the same files' code to reach a guideline's raw `evaluate`.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, writeOutput } from '../compiler/index.js';
import { checkDocuments, hasErrors, SourceFile } from '../language/index.js';
import type { CompiledGuideline } from '../runtime/contract.js';
import type { LoadedBundle } from '../runtime/evaluate.js';
import { loadBundle } from '../runtime/load.js';
import { compiledBundleOf } from '../runtime/testdata/compiled-bundle.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SEED_GUIDELINE = 'cervical_facet_therapeutic_injection';

export interface ShippedSource {
  /** Relative to the project root, `/` separators. */
  readonly path: string;
  readonly text: string;
}

/** Every `.rubric` file under guidelines/, sorted by path. */
export async function readShippedSources(): Promise<ShippedSource[]> {
  const out: ShippedSource[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && entry.name.endsWith('.rubric')) {
        out.push({ path: relative(ROOT, path).split(sep).join('/'), text: await readFile(path, 'utf8') });
      }
    }
  };
  await walk(join(ROOT, 'guidelines'));
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface Shipped {
  readonly dir: string;
  /** The runtime's view: validation + evaluation + Determination. */
  readonly loaded: LoadedBundle;
  /** The seed guideline as compiled (its `evaluate` is the raw compiled code). */
  readonly guideline: CompiledGuideline;
  readonly timings: { readonly checkMs: number; readonly compileMs: number; readonly loadMs: number };
  dispose(): Promise<void>;
}

export async function compileShipped(): Promise<Shipped> {
  const sources = await readShippedSources();
  let t = performance.now();
  const checked = checkDocuments(sources.map((s) => new SourceFile(s.path, s.text)));
  const checkMs = performance.now() - t;
  if (hasErrors(checked.diagnostics)) {
    throw new Error(`The shipped guidelines do not check:\n${checked.diagnostics.map((d) => JSON.stringify(d)).join('\n')}`);
  }

  t = performance.now();
  const compiled = await compile(checked.model, sources);
  if (!compiled.ok) throw new Error(`The shipped guidelines do not compile:\n${JSON.stringify(compiled.errors, null, 2)}`);
  const dir = await mkdtemp(join(tmpdir(), 'rubric-bench-'));
  await writeOutput(dir, compiled.files);
  const compileMs = performance.now() - t;

  t = performance.now();
  const loaded = await loadBundle(dir);
  if (!loaded.ok) throw new Error(`loadBundle failed: ${JSON.stringify(loaded.error)}`);
  const loadMs = performance.now() - t;

  const guideline = compiledBundleOf(compiled.files).guidelines[SEED_GUIDELINE];
  if (guideline === undefined) throw new Error(`The compiled bundle has no guideline "${SEED_GUIDELINE}".`);

  return {
    dir,
    loaded: loaded.value,
    guideline,
    timings: { checkMs, compileMs, loadMs },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A bundle of `size` guidelines for the growth and load figures: the shipped guidelines (in path order) copied under
 * new ids (`<id>_copy2`, …) as often as needed, with every library once. Checked and compiled like `compileShipped`,
 * written to a temp folder; returns the folder.
 */
export async function compileGuidelines(size: number): Promise<string> {
  const sources = await readShippedSources();
  const isGuideline = (s: ShippedSource) => /^guideline\s+\w+/m.test(s.text);
  const libraries = sources.filter((s) => !isGuideline(s));
  const guidelines = sources.filter(isGuideline);
  const seedFirst = [...guidelines.filter((s) => s.text.includes(`guideline ${SEED_GUIDELINE}`)), ...guidelines.filter((s) => !s.text.includes(`guideline ${SEED_GUIDELINE}`))];
  const picked: ShippedSource[] = [];
  for (let i = 0; picked.length < size; i++) {
    const s = seedFirst[i % seedFirst.length]!;
    const copy = Math.floor(i / seedFirst.length);
    picked.push(copy === 0 ? s : { path: `copies/${copy}/${s.path}`, text: s.text.replace(/^guideline\s+(\w+)/m, (_m, id: string) => `guideline ${id}_copy${copy + 1}`) });
  }
  const all = [...libraries, ...picked];
  const checked = checkDocuments(all.map((s) => new SourceFile(s.path, s.text)));
  if (hasErrors(checked.diagnostics)) throw new Error(`${size} guidelines do not check: ${JSON.stringify(checked.diagnostics.filter((d) => d.severity === 'error').slice(0, 3))}`);
  const compiled = await compile(checked.model, all);
  if (!compiled.ok) throw new Error(`${size} guidelines do not compile: ${JSON.stringify(compiled.errors.slice(0, 3))}`);
  const dir = await mkdtemp(join(tmpdir(), `rubric-bench-${size}-`));
  await writeOutput(dir, compiled.files);
  return dir;
}
