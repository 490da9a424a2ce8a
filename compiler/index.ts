/**
 * The compiler's public API: checked model (+ the source texts it came from) → output files, in memory.
 *
 *   lower (model → IR) → emit (IR → a TypeScript module per guideline) → bundle (esbuild) → schema → manifest   (stages.ts)
 *
 * Nothing here throws for a model the checker accepted; problems (including esbuild's, which should not
 * happen) come back as error values with a code, the stage and a location (stages.ts). pipeline.ts runs the whole
 * way from source texts to a loaded bundle; writeBundle() puts the files in a folder when one is wanted.
 */
import type { Model } from '../language/model.js';
import type { Manifest } from '../runtime/contract.js';
import { PACKAGE_VERSION } from './version.js';
import { runStages, type CompileInput, type StageError, type StageName, type StageResult } from './stages.js';

export type { CompileInput, StageError, StageName, StageCode, StageLocation } from './stages.js';
export { STAGE_NAMES, StageCodes, describeStageError } from './stages.js';
export { emitModule, emitModules } from './emit.js';
export { lower } from './lower.js';
/** A compile error: a stage's error value (code, stage, guideline, criterion, message, location). */
export type CompileError = StageError;

export interface CompileOutput {
  readonly ok: true;
  /** `guidelines/<id>.js`, `guidelines/<id>.json`, `manifest.json`, `schemas/<id>.schema.json`, by path relative to the output folder, sorted. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly manifest: Manifest;
  /** The TypeScript modules esbuild bundled, one per guideline, one after the other (for debugging and snapshots). */
  readonly moduleText: string;
}

export type CompileResult = CompileOutput | { readonly ok: false; readonly errors: readonly CompileError[] };

export interface CompileOptions {
  /** Package root esbuild resolves the runtime helpers from; defaults to this package. Tests vary it. */
  readonly root?: string;
  /** Called after each stage with its name and result (tools and tests; OPA's `WithStageAfter`). */
  readonly afterStage?: (stage: StageName, result: StageResult) => void;
}

export const COMPILER_VERSION: string = PACKAGE_VERSION;

export async function compile(model: Model, sources: readonly CompileInput[], options: CompileOptions = {}): Promise<CompileResult> {
  const result = await runStages({ model, sources, root: options.root, files: new Map() }, undefined, options.afterStage);
  if (!result.ok) return { ok: false, errors: result.errors };
  const { files, manifest, modules } = result.value;
  if (manifest === undefined || modules === undefined) {
    return { ok: false, errors: [{ code: 'RUB2099', stage: 'manifest', guideline: '', criterion: null, message: 'internal compiler error: the stages wrote no manifest', location: null }] };
  }
  return { ok: true, files: sortedMap(files), manifest, moduleText: modules.map((m) => m.text).join('\n') };
}

function sortedMap<V>(m: ReadonlyMap<string, V>): Map<string, V> {
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export { writeBundle, buildBundle, buildAndLoad, checkSources, compileChecked, loadBuilt, describeFailure } from './pipeline.js';
export type { PipelineSource, BuildOptions, BuiltBundle, BuildFailure, Checked, WriteError } from './pipeline.js';
/** The former name of writeBundle (runtime/ tests and the bench still call it; see pipeline.ts). */
export { writeBundle as writeOutput } from './pipeline.js';
