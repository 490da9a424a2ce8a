/**
 * The compiler's public API: checked model (+ the source texts it came from) → output files.
 *
 *   lower (model → IR) → emit (IR → TypeScript text) → bundle (esbuild) → schemas + manifest
 *
 * Nothing here throws for a model the checker accepted; problems (including esbuild's, which should not
 * happen) come back as error values.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Model } from '../language/model.js';
import { canonicalJson } from '../runtime/canonical-json.js';
import type { Manifest } from '../runtime/contract.js';
import { bundle, ESBUILD_VERSION } from './bundle.js';
import { PACKAGE_VERSION } from './version.js';
import { emitModule } from './emit.js';
import { lower, type CompileError } from './lower.js';
import { buildManifest, manifestText } from './manifest.js';

export type { CompileError } from './lower.js';
export { emitModule } from './emit.js';
export { lower } from './lower.js';

export interface CompileInput {
  /** Source files the model was checked from, paths relative to the project root (`/` separators). */
  readonly path: string;
  readonly text: string;
}

export interface CompileOutput {
  readonly ok: true;
  /** `bundle.js`, `manifest.json`, `schemas/<id>.schema.json`, by path relative to the output folder. */
  readonly files: ReadonlyMap<string, Uint8Array | string>;
  readonly manifest: Manifest;
  /** The TypeScript module esbuild bundled (for `--emit-ts` style debugging and snapshots). */
  readonly moduleText: string;
}

export type CompileResult = CompileOutput | { readonly ok: false; readonly errors: readonly CompileError[] };

export interface CompileOptions {
  /** Package root esbuild resolves the runtime helpers from; defaults to this package. Tests vary it. */
  readonly root?: string;
}

export const COMPILER_VERSION: string = PACKAGE_VERSION;

const SAFE_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export async function compile(model: Model, sources: readonly CompileInput[], options: CompileOptions = {}): Promise<CompileResult> {
  try {
    const errors: CompileError[] = [];
    const normalised = sources.map((s) => ({ path: s.path.replace(/\\/g, '/'), text: s.text }));
    for (const s of normalised) {
      if (s.path.startsWith('/') || /^[A-Za-z]:/.test(s.path) || s.path.split('/').includes('..')) {
        errors.push({ guideline: '', criterion: null, message: `source path "${s.path}" must be relative to the project root` });
      }
    }
    for (const g of model.guidelines) {
      if (!SAFE_ID.test(g.id)) errors.push({ guideline: g.id, criterion: null, message: `guideline id "${g.id}" cannot name a schema file` });
    }
    const lowered = lower(model);
    errors.push(...lowered.errors);
    if (errors.length > 0) return { ok: false, errors };

    const moduleText = emitModule(lowered.value);
    const built = await bundle(moduleText, options.root);
    if (!built.ok) return { ok: false, errors: built.errors.map((message) => ({ guideline: '', criterion: null, message: `esbuild: ${message}` })) };

    const files = new Map<string, Uint8Array | string>();
    files.set('bundle.js', built.code);
    const guidelines = lowered.value.guidelines.map((g) => {
      const schema = `schemas/${g.id}.schema.json`;
      files.set(schema, canonicalJson(g.caseSchema));
      return { id: g.id, version: g.meta.version, schema };
    });
    const manifest = buildManifest({
      compilerVersion: COMPILER_VERSION,
      esbuildVersion: ESBUILD_VERSION,
      sources: normalised,
      files,
      guidelines,
    });
    files.set('manifest.json', manifestText(manifest));
    return { ok: true, files: sortedMap(files), manifest, moduleText };
  } catch (e) {
    // A compiler bug: still an error value, never an exception through the public API.
    return { ok: false, errors: [{ guideline: '', criterion: null, message: `internal compiler error: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

function sortedMap<V>(m: Map<string, V>): Map<string, V> {
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Writes compiled files under `dir`, creating folders as needed. */
export async function writeOutput(dir: string, files: ReadonlyMap<string, Uint8Array | string>): Promise<void> {
  for (const [path, data] of files) {
    const target = join(dir, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
}
