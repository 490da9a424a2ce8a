/**
 * The compiler as a named list of stages (OPA's `compiler.stages`): each takes the compilation so far and adds its
 * part, or returns errors: values with a stable code (RUB20xx), the stage's name and, where there is one, the
 * guideline's (or criterion's) uri and span. A stage that throws is a compiler bug; `runStages` turns it into one
 * RUB2099 error naming the stage (RUB2060, located, when it ran out of stack on a model nested too deeply), so
 * nothing is thrown through the compiler's API.
 *
 *   lower     model → evaluation IR (lower.ts)
 *   emit      IR → one TypeScript module per guideline (emit.ts)
 *   bundle    each module → guidelines/<id>.js, its script (esbuild, bundle.ts)
 *   schema    each guideline's case schema → schemas/<id>.schema.json; every guideline's metadata → guidelines.json
 *   manifest  sources and every file written → manifest.json (manifest.ts)
 */
import type { Model } from '../language/model.js';
import type { Span } from '../language/source.js';
import { canonicalJson } from '../runtime/canonical-json.js';
import type { GuidelineData, Manifest, ManifestGuideline } from '../runtime/contract.js';
import { DATA_FILE } from '../runtime/verify.js';
import { bundle, ESBUILD_VERSION } from './bundle.js';
import { emitModules, type GuidelineModule } from './emit.js';
import type { IrProgram } from './ir.js';
import { lower } from './lower.js';
import { buildManifest, manifestText } from './manifest.js';
import { PACKAGE_VERSION } from './version.js';

export const STAGE_NAMES = ['lower', 'emit', 'bundle', 'schema', 'manifest'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** The stable codes of compile errors, by what went wrong. */
export const StageCodes = {
  /** lower: the model names something lowering cannot resolve (a gap in the checker). */
  lowering: 'RUB2001',
  /** bundle: esbuild refused the module or could not resolve the runtime helpers. */
  esbuild: 'RUB2003',
  /** schema: a guideline id that cannot name a schema file. */
  schemaFileName: 'RUB2004',
  /** schema: a case schema that is not JSON data. */
  schemaNotJson: 'RUB2005',
  /** manifest: a source path that is not relative to the project root. */
  sourcePath: 'RUB2006',
  /** any stage: it ran out of stack on a model nested too deeply (a path or condition the checker would refuse). */
  tooDeep: 'RUB2060',
  /** any stage: the stage threw (a compiler bug). */
  internal: 'RUB2099',
} as const;
export type StageCode = (typeof StageCodes)[keyof typeof StageCodes];

/** Where in the sources an error points: a guideline's or criterion's declaration. */
export interface StageLocation {
  readonly uri: string;
  readonly span: Span;
}

export interface StageError {
  readonly code: StageCode;
  readonly stage: StageName;
  /** The guideline (or `''` for the whole compilation) and criterion the error concerns, if any. */
  readonly guideline: string;
  readonly criterion: string | null;
  readonly message: string;
  /** The guideline's (or criterion's) place in its source, when the error concerns one the model knows. */
  readonly location: StageLocation | null;
}

export interface CompileInput {
  /** Source files the model was checked from, paths relative to the project root (`/` separators). */
  readonly path: string;
  readonly text: string;
}

/** The compilation so far: what the stages before have added. */
export interface Compilation {
  readonly model: Model;
  readonly sources: readonly CompileInput[];
  /** Package root esbuild resolves the runtime helpers from. */
  readonly root: string | undefined;
  readonly program?: IrProgram;
  /** One module per guideline, in the program's order. */
  readonly modules?: readonly GuidelineModule[];
  /** Output files by path in the bundle folder, as the stages add them. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly guidelines?: readonly ManifestGuideline[];
  readonly manifest?: Manifest;
}

export type StageResult = { readonly ok: true; readonly value: Compilation } | { readonly ok: false; readonly errors: readonly StageError[] };

export interface Stage {
  readonly name: StageName;
  readonly run: (c: Compilation) => StageResult | Promise<StageResult>;
}

const SAFE_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const encoder = new TextEncoder();

/** A stage ran before the one that provides what it reads: a bug in the stage list, never user input. */
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not there yet: the stages are out of order`);
  return value;
}

function locate(model: Model, guideline: string, criterion: string | null): StageLocation | null {
  const g = model.guidelines.find((x) => x.id === guideline);
  if (g === undefined) return null;
  const c = criterion === null ? undefined : g.criteria.find((x) => x.id === criterion);
  return c !== undefined ? { uri: c.uri, span: c.span } : { uri: g.uri, span: g.span };
}

function error(c: Compilation, stage: StageName, code: StageCode, guideline: string, criterion: string | null, message: string): StageError {
  return { code, stage, guideline, criterion, message, location: locate(c.model, guideline, criterion) };
}

/** `files` and the files `added`, in that order, as a new map (one copy for a stage's files, not one per file). */
const withFiles = (files: ReadonlyMap<string, Uint8Array>, added: readonly (readonly [string, Uint8Array | string])[]): Map<string, Uint8Array> =>
  new Map([...files, ...added.map(([path, data]): [string, Uint8Array] => [path, typeof data === 'string' ? encoder.encode(data) : data])]);
const withFile = (files: ReadonlyMap<string, Uint8Array>, path: string, data: Uint8Array | string): Map<string, Uint8Array> => withFiles(files, [[path, data]]);

export const lowerStage: Stage = {
  name: 'lower',
  run(c) {
    const lowered = lower(c.model);
    if (lowered.errors.length > 0) {
      return { ok: false, errors: lowered.errors.map((e) => error(c, 'lower', StageCodes.lowering, e.guideline, e.criterion, e.message)) };
    }
    return { ok: true, value: { ...c, program: lowered.value } };
  },
};

export const emitStage: Stage = {
  name: 'emit',
  run: (c) => ({ ok: true, value: { ...c, modules: emitModules(need(c.program, 'the IR')) } }),
};

/** Where a guideline's files go in the bundle folder (the schema stage refuses an id that cannot name a file). */
export const guidelineFiles = (id: string): Omit<ManifestGuideline, 'id' | 'version'> => ({
  code: `guidelines/${id}.js`,
  schema: `schemas/${id}.schema.json`,
});

export const bundleStage: Stage = {
  name: 'bundle',
  async run(c) {
    const modules = need(c.modules, 'the modules');
    const built = await Promise.all(modules.map((m) => bundle(m.text, c.root)));
    const errors: StageError[] = [];
    const scripts: [string, Uint8Array][] = [];
    built.forEach((b, i) => {
      const id = modules[i]!.id;
      if (b.ok) scripts.push([guidelineFiles(id).code, b.code]);
      else errors.push(...b.errors.map((m) => error(c, 'bundle', StageCodes.esbuild, id, null, `esbuild: ${m}`)));
    });
    if (errors.length > 0) return { ok: false, errors };
    return { ok: true, value: { ...c, files: withFiles(c.files, scripts) } };
  },
};

export const schemaStage: Stage = {
  name: 'schema',
  run(c) {
    const errors: StageError[] = [];
    const schemas: [string, string][] = [];
    // Every guideline's metadata in its own key order (not sorted): determinations carry its objects (citations,
    // documents) as they are. In the program's order; one file, so a load reads one file, not one per guideline.
    const data: Record<string, GuidelineData> = {};
    const guidelines = need(c.program, 'the IR').guidelines.map((g): ManifestGuideline => {
      const named = guidelineFiles(g.id);
      if (!SAFE_ID.test(g.id)) errors.push(error(c, 'schema', StageCodes.schemaFileName, g.id, null, `guideline id "${g.id}" cannot name a schema file`));
      else {
        try {
          schemas.push([named.schema, canonicalJson(g.caseSchema)]);
        } catch (e) {
          // Out of stack is not "not JSON data": the guard of runStages names the fact nested too deeply (RUB2060).
          if (isStackOverflow(e)) throw e;
          errors.push(error(c, 'schema', StageCodes.schemaNotJson, g.id, null, `the case schema is not JSON data (${e instanceof Error ? e.message : String(e)})`));
        }
        Object.defineProperty(data, g.id, { value: { meta: g.meta, requirements: g.requirements }, enumerable: true });
      }
      return { id: g.id, version: g.meta.version, ...named };
    });
    if (errors.length > 0) return { ok: false, errors };
    return { ok: true, value: { ...c, files: withFiles(c.files, [...schemas, [DATA_FILE, `${JSON.stringify(data)}\n`]]), guidelines } };
  },
};

export const manifestStage: Stage = {
  name: 'manifest',
  run(c) {
    const sources = c.sources.map((s) => ({ path: s.path.replace(/\\/g, '/'), text: s.text }));
    const errors = sources
      .filter((s) => s.path.startsWith('/') || /^[A-Za-z]:/.test(s.path) || s.path.split('/').includes('..'))
      .map((s) => error(c, 'manifest', StageCodes.sourcePath, '', null, `source path "${s.path}" must be relative to the project root`));
    if (errors.length > 0) return { ok: false, errors };
    const manifest = buildManifest({
      compilerVersion: PACKAGE_VERSION,
      esbuildVersion: ESBUILD_VERSION,
      sources,
      files: c.files,
      guidelines: need(c.guidelines, 'the schema list'),
    });
    return { ok: true, value: { ...c, manifest, files: withFile(c.files, 'manifest.json', manifestText(manifest)) } };
  },
};

/** The stages `compile()` runs, in order. */
export const STAGES: readonly Stage[] = [lowerStage, emitStage, bundleStage, schemaStage, manifestStage];

/**
 * Run the stages in order, stopping at the first that fails. `after` (for tests and tools, like OPA's
 * `WithStageAfter`) sees each stage's name and result.
 */
export async function runStages(
  start: Compilation,
  stages: readonly Stage[] = STAGES,
  after?: (stage: StageName, result: StageResult) => void,
): Promise<StageResult> {
  let current = start;
  for (const stage of stages) {
    let result: StageResult;
    try {
      result = await stage.run(current);
    } catch (e) {
      result = { ok: false, errors: [isStackOverflow(e) ? tooDeep(current, stage.name) : internal(current, stage.name, e)] };
    }
    after?.(stage.name, result);
    if (!result.ok) return result;
    current = result.value;
  }
  return { ok: true, value: current };
}

/** V8's "Maximum call stack size exceeded". */
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

function internal(c: Compilation, stage: StageName, e: unknown): StageError {
  const message = `internal compiler error in the ${stage} stage: ${e instanceof Error ? e.message : String(e)}`;
  return error(c, stage, StageCodes.internal, '', null, message);
}

/**
 * The stack-overflow guard: a stage that recursed past the stack on a model the checker did not build (the checker
 * refuses such paths, RUB1250, and nesting, RUB1008) is RUB2060 at the most deeply nested fact or criterion, found
 * without recursion.
 */
function tooDeep(c: Compilation, stage: StageName): StageError {
  let found = { depth: -1, guideline: '', criterion: null as string | null, what: '', location: null as StageLocation | null };
  for (const g of c.model.guidelines ?? []) {
    for (const f of (g.facts ?? []).flatMap((x) => [x, ...(x.fields ?? [])])) {
      const depth = Array.isArray(f.path) ? f.path.length : 0;
      if (depth > found.depth) found = { depth, guideline: g.id, criterion: null, what: `fact "${f.id}" has a path of ${depth} segments`, location: { uri: f.uri, span: f.span } };
    }
    for (const k of g.criteria ?? []) {
      const depth = nesting(k);
      if (depth > found.depth) found = { depth, guideline: g.id, criterion: k.id, what: `criterion "${k.id}" is nested ${depth} levels deep`, location: { uri: k.uri, span: k.span } };
    }
  }
  const message = `the ${stage} stage ran out of stack: ${found.what || 'the model is nested too deeply'}; no case file nests that deep`;
  return { code: StageCodes.tooDeep, stage, guideline: found.guideline, criterion: found.criterion, message, location: found.location };
}

/** How deeply objects and lists nest inside a value, counted with a work list (never recursion). */
function nesting(value: unknown): number {
  let deepest = 0;
  const work: [unknown, number][] = [[value, 0]];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    const [v, depth] = item;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(v)) work.push([child, depth + 1]);
  }
  return deepest;
}

/** `guidelines/x.rubric: schema RUB2004 guideline id "../x" cannot name a schema file` (the CLI adds line:col). */
export function describeStageError(e: StageError): string {
  const what = e.guideline ? ` (${e.guideline}${e.criterion ? `, criterion ${e.criterion}` : ''})` : '';
  return `${e.code} ${e.stage}${what}: ${e.message}`;
}
