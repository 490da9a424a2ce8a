/**
 * The shipped guidelines as the stress parts see them: checked as `rubric check` checks them, compiled and loaded
 * through the pipeline (compiler/pipeline.ts `buildAndLoad`: the runtime's verification; each guideline's code compiled
 * when first evaluated), beside the checked model the
 * reference interpreter reads, each guideline's case schema as the compiler wrote it (`schemas/<id>.schema.json`)
 * and the example case shipped beside it (`*.case.json`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAndLoad, describeFailure, type PipelineSource } from '../../compiler/pipeline.js';
import type { CheckedGuideline } from '../../language/model.js';
import type { LoadedBundle } from '../../runtime/evaluate.js';
import { root, rubricSourcesUnder } from '../shipped.js';

export interface ShippedGuideline {
  readonly model: CheckedGuideline;
  /** `schemas/<id>.schema.json` as compiled, parsed. */
  readonly schema: Record<string, unknown>;
  /** The example case beside the guideline's source, or null when it has none. */
  readonly example: unknown;
}

export interface Shipped {
  readonly bundle: LoadedBundle;
  /** The compiled files (manifest.json, guidelines.json, guidelines/, schemas/) the bundle was loaded from. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly guidelines: readonly ShippedGuideline[];
}

let shipped: Promise<Shipped> | undefined;
let coverage: Promise<Shipped> | undefined;

/** Compiled once per process. Throws when the guidelines do not check, compile or load (a broken tree). */
export function shippedGuidelines(): Promise<Shipped> {
  shipped ??= build(rubricSourcesUnder('guidelines'));
  return shipped;
}

/**
 * The coverage guideline (stress/reference/testdata/coverage.rubric, with the shipped value-set libraries): the
 * constructs the shipped guidelines use rarely or not at all, for the differential test. Not a clinical guideline.
 */
export function coverageGuidelines(): Promise<Shipped> {
  coverage ??= build([...rubricSourcesUnder('stress/reference/testdata'), ...rubricSourcesUnder('guidelines/valuesets')]);
  return coverage;
}

async function build(sources: readonly PipelineSource[]): Promise<Shipped> {
  const built = await buildAndLoad(sources);
  if (!built.ok) throw new Error(`the guidelines do not build: ${describeFailure(built.error)}`);
  const { files, model } = built.value.built;
  const guidelines = model.guidelines.map((g): ShippedGuideline => {
    const schema = JSON.parse(new TextDecoder().decode(files.get(`schemas/${g.id}.schema.json`))) as Record<string, unknown>;
    let example: unknown = null;
    try {
      example = JSON.parse(readFileSync(join(root, g.uri.replace(/\.rubric$/, '.case.json')), 'utf8')) as unknown;
    } catch {
      example = null;
    }
    return { model: g, schema, example };
  });
  return { bundle: built.value.bundle, files, guidelines };
}
