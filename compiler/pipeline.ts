/**
 * The one way from guideline texts to a bundle ready to evaluate, used by the CLI, the tests and services:
 *
 *   sources ──checkSources──▶ checked model ──compileChecked──▶ bundle files in memory ──loadBundleFiles──▶ loaded bundle
 *            (language/)                      (stages.ts)                                (runtime/load.ts: verify, read)
 *
 * `buildBundle` is the first two steps, `buildAndLoad` all three. No temporary folders: the compiled files stay in
 * memory and are verified by the same code that verifies a folder (`loadBundle(dir)`); `writeBundle(dir, files)`
 * writes them when a folder is wanted (`rubric compile`). Every step returns a value; nothing here throws.
 *
 *   const built = await buildAndLoad([{ uri: 'g.rubric', text }]);
 *   if (!built.ok) report(built.error);   // { stage: 'check' | 'compile' | 'load', … }
 *   else built.value.bundle.evaluate('g', caseData);
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkDocuments, hasErrors, SourceFile, type CheckedDocuments, type CheckOptions, type Diagnostic, type Model } from '../language/index.js';
import type { Manifest } from '../runtime/contract.js';
import type { LoadedBundle } from '../runtime/evaluate.js';
import { err, ok, type Result } from '../runtime/result.js';
import { readRegularFile, replaceFile } from '../runtime/read-file.js';
import { SIGNATURE_FILE } from '../runtime/signature.js';
import { isSafeRelativePath, MANIFEST_FILE, type LoadError } from '../runtime/verify.js';
import { toolchainCheckOptions } from './check-options.js';
import type { CompileOptions, StageError } from './index.js';

// The compiler (esbuild) and the runtime's loader (ajv) load on first use, so `rubric check`, which only checks,
// starts without them.
const compile: typeof import('./index.js').compile = async (...a) => (await import('./index.js')).compile(...a);
const loadBundleFiles: typeof import('../runtime/load.js').loadBundleFiles = async (...a) => (await import('../runtime/load.js')).loadBundleFiles(...a);

export interface PipelineSource {
  /** How diagnostics name the file (for the CLI: relative to the working directory). */
  readonly uri: string;
  /** What the manifest records: relative to the project root, `/` separators. Defaults to `uri`. */
  readonly path?: string;
  readonly text: string;
  /** Diagnostics found while reading the file (RUB1007, not UTF-8), reported with the check's. */
  readonly diagnostics?: readonly Diagnostic[];
}

export interface BuildOptions extends CompileOptions {
  /** How the checker runs; defaults to the toolchain's (the case-file schema as the vocabulary of case paths). */
  readonly check?: CheckOptions;
}

export interface Checked {
  readonly sources: readonly PipelineSource[];
  readonly checked: CheckedDocuments;
  /** The source files by uri, for locating diagnostics. */
  readonly files: ReadonlyMap<string, SourceFile>;
}

export interface BuiltBundle {
  /** `guidelines/<id>.js` and `.json`, `manifest.json`, `schemas/<id>.schema.json`, sorted by path. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly manifest: Manifest;
  readonly model: Model;
  /** The check's diagnostics (warnings only: with an error nothing is compiled). */
  readonly diagnostics: readonly Diagnostic[];
  readonly moduleText: string;
}

export type BuildFailure =
  /** The guidelines have errors; nothing was compiled. */
  | { readonly stage: 'check'; readonly diagnostics: readonly Diagnostic[] }
  /** A compiler stage failed (a compiler bug or an environment problem, never a guideline error). */
  | { readonly stage: 'compile'; readonly errors: readonly StageError[]; readonly diagnostics: readonly Diagnostic[] }
  /** The compiled files were refused by the runtime's verification (a compiler/runtime mismatch). */
  | { readonly stage: 'load'; readonly error: LoadError; readonly diagnostics: readonly Diagnostic[] };

/** Parse and check the sources (with the guidelines and libraries among them). */
export function checkSources(sources: readonly PipelineSource[], options: BuildOptions = {}): Checked {
  const files = new Map(sources.map((s) => [s.uri, new SourceFile(s.uri, s.text)]));
  const checked = checkDocuments([...files.values()], {
    ...(options.check ?? toolchainCheckOptions),
    readDiagnostics: sources.flatMap((s) => s.diagnostics ?? []),
  });
  return { sources, checked, files };
}

/** Compile what was checked, when it has no errors. */
export async function compileChecked(checked: Checked, options: BuildOptions = {}): Promise<Result<BuiltBundle, BuildFailure>> {
  const { diagnostics, model } = checked.checked;
  if (hasErrors(diagnostics)) return err({ stage: 'check', diagnostics });
  const compiled = await compile(
    model,
    checked.sources.map((s) => ({ path: s.path ?? s.uri, text: s.text })),
    options,
  );
  if (!compiled.ok) return err({ stage: 'compile', errors: compiled.errors, diagnostics });
  return ok({ files: compiled.files, manifest: compiled.manifest, model, diagnostics, moduleText: compiled.moduleText });
}

/** Sources → bundle files in memory. */
export async function buildBundle(sources: readonly PipelineSource[], options: BuildOptions = {}): Promise<Result<BuiltBundle, BuildFailure>> {
  return compileChecked(checkSources(sources, options), options);
}

/** Verify and load built files (the same verification as a bundle folder gets). */
export async function loadBuilt(built: BuiltBundle): Promise<Result<LoadedBundle, BuildFailure>> {
  const loaded = await loadBundleFiles(built.files);
  return loaded.ok ? loaded : err({ stage: 'load', error: loaded.error, diagnostics: built.diagnostics });
}

/** Sources → a loaded bundle, ready to evaluate. */
export async function buildAndLoad(
  sources: readonly PipelineSource[],
  options: BuildOptions = {},
): Promise<Result<{ readonly built: BuiltBundle; readonly bundle: LoadedBundle }, BuildFailure>> {
  const built = await buildBundle(sources, options);
  if (!built.ok) return built;
  const loaded = await loadBuilt(built.value);
  return loaded.ok ? ok({ built: built.value, bundle: loaded.value }) : loaded;
}

/** Why a bundle folder could not be written: the file and what the file system said. */
export interface WriteError {
  readonly path: string;
  readonly message: string;
}

/**
 * Writes a bundle's files under `dir` (`guidelines/…`, `schemas/…`, `manifest.json`), creating folders as needed. Each
 * file replaces what is at its path (runtime/read-file.ts): a symlink planted in the folder is replaced, never written
 * through. Files of a bundle written there before (listed by its manifest) that the new one does not have are removed,
 * since a service refuses a folder holding files its manifest does not list. A file that cannot be written is an
 * error value naming it.
 */
export async function writeBundle(dir: string, files: ReadonlyMap<string, Uint8Array | string>): Promise<Result<void, WriteError>> {
  for (const stale of await previousBundleFiles(dir)) {
    if (files.has(stale)) continue;
    await rm(join(dir, ...stale.split('/')), { force: true }).catch(() => undefined);
  }
  // manifest.json last: a reader never sees a new manifest before the files it lists.
  const order = [...files.keys()].sort((a, b) => Number(a === MANIFEST_FILE) - Number(b === MANIFEST_FILE));
  for (const path of order) {
    const target = join(dir, ...path.split('/'));
    try {
      await mkdir(dirname(target), { recursive: true });
      await replaceFile(target, files.get(path) ?? '');
    } catch (e) {
      return err({ path: target, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return ok(undefined);
}

/** What a bundle already in `dir` consists of, by its manifest (nothing when there is none or it is unreadable). */
async function previousBundleFiles(dir: string): Promise<string[]> {
  const bytes = await readRegularFile(join(dir, MANIFEST_FILE), 'manifest.json');
  if (!bytes.ok) return [];
  try {
    const listed = (JSON.parse(new TextDecoder().decode(bytes.value)) as { files?: { path?: unknown }[] }).files ?? [];
    return [SIGNATURE_FILE, ...listed.map((f) => f.path).filter((p): p is string => typeof p === 'string' && isSafeRelativePath(p))];
  } catch {
    return [];
  }
}

/** A failure in one line per problem, for tests and logs (the CLI locates and frames them itself). */
export function describeFailure(failure: BuildFailure): string {
  switch (failure.stage) {
    case 'check':
      return failure.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.uri} ${d.code} ${d.message}`)
        .join('\n');
    case 'compile':
      return failure.errors.map((e) => `${e.location?.uri ?? ''} ${e.code} ${e.stage}: ${e.message}`.trim()).join('\n');
    case 'load':
      return `the bundle was refused: ${failure.error.message}`;
  }
}
