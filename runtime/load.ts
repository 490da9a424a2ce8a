/**
 * Loading a compiled bundle: from a folder (`loadBundle(dir)`, what a service does) or from files already in memory
 * (`loadBundleFiles(files)`, what the compiler's pipeline hands over: no temporary folder between compile and load).
 * Both take the one path: verify every byte against manifest.json (verify.ts), THEN import exactly the verified bytes
 * of bundle.js and check that its default export is the bundle the manifest describes.
 * Returns a Result; never throws and never rejects.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from './canonical-json.js';
import { BUNDLE_FORMAT, type CompiledBundle, type Manifest } from './contract.js';
import { createLoadedBundle, type LoadedBundle } from './evaluate.js';
import { err, ok, type Result } from './result.js';
import { caseValidator } from './validate-case.js';
import { BUNDLE_FILE, MANIFEST_FILE, isRecord, verifyFile, verifyManifest, type LoadError } from './verify.js';

/** Where a bundle's files come from: a folder or a map of files; `read` gives null for a file that is not there. */
interface BundleSource {
  /** How messages name the bundle: "in out/" or "in the files given". */
  readonly where: string;
  readonly read: (path: string) => Promise<Result<Uint8Array | null, LoadError>>;
}

/** Reads the bundle folder `dir` (bundle.js, manifest.json, schemas/), verifies it and imports it. */
export async function loadBundle(dir: string): Promise<Result<LoadedBundle, LoadError>> {
  return loadFrom({ where: `in ${dir}`, read: (path) => readFromFolder(dir, path) });
}

/**
 * The same, from files in memory, keyed by their path in the bundle folder (`bundle.js`, `manifest.json`,
 * `schemas/<id>.schema.json`): what `compile()` returns. The bytes are verified exactly as if read from disk.
 */
export async function loadBundleFiles(files: ReadonlyMap<string, Uint8Array>): Promise<Result<LoadedBundle, LoadError>> {
  return loadFrom({ where: 'in the files given', read: (path) => Promise.resolve(ok(files.get(path) ?? null)) });
}

async function loadFrom(source: BundleSource): Promise<Result<LoadedBundle, LoadError>> {
  try {
    return await load(source);
  } catch (e) {
    return err({ code: 'unreadable', file: null, message: `The bundle ${source.where} could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
  }
}

async function load(source: BundleSource): Promise<Result<LoadedBundle, LoadError>> {
  const manifestBytes = await source.read(MANIFEST_FILE);
  if (!manifestBytes.ok) return manifestBytes;
  if (manifestBytes.value === null) {
    return err({ code: 'incomplete', file: MANIFEST_FILE, message: `There is no manifest.json ${source.where}: it is not a compiled bundle folder.` });
  }
  const manifest = verifyManifest(manifestBytes.value);
  if (!manifest.ok) return manifest;

  const verified = new Map<string, Uint8Array>();
  for (const entry of manifest.value.files) {
    const bytes = await source.read(entry.path);
    if (!bytes.ok) return bytes;
    const file = verifyFile(entry, bytes.value);
    if (!file.ok) return file;
    verified.set(entry.path, file.value);
  }

  const bundle = await importVerified(verified.get(BUNDLE_FILE) ?? new Uint8Array());
  if (!bundle.ok) return bundle;
  const checked = checkBundle(bundle.value, manifest.value, verified);
  if (!checked.ok) return checked;
  return ok(createLoadedBundle(checked.value, manifest.value));
}

/** Bytes of a file in the bundle folder; null when it does not exist. */
async function readFromFolder(dir: string, path: string): Promise<Result<Uint8Array | null, LoadError>> {
  try {
    return ok(new Uint8Array(await readFile(join(dir, ...path.split('/')))));
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') return ok(null);
    return err({ code: 'unreadable', file: path, message: `${path} could not be read: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/** Import these exact bytes (not the file again, which could have changed since it was hashed). */
async function importVerified(bytes: Uint8Array): Promise<Result<unknown, LoadError>> {
  const url = `data:text/javascript;base64,${Buffer.from(bytes).toString('base64')}`;
  try {
    const module = (await import(/* @vite-ignore */ url)) as { default?: unknown };
    return ok(module.default);
  } catch (e) {
    return err({ code: 'import_failed', file: BUNDLE_FILE, message: `bundle.js could not be imported: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/** The default export must be a bundle of our format holding exactly the manifest's guidelines and schemas. */
function checkBundle(value: unknown, manifest: Manifest, files: ReadonlyMap<string, Uint8Array>): Result<CompiledBundle, LoadError> {
  const fail = (code: LoadError['code'], file: string, message: string) => err<LoadError>({ code, file, message });
  if (!isRecord(value) || !isRecord(value['guidelines'])) {
    return fail('not_a_bundle', BUNDLE_FILE, 'bundle.js does not export a compiled bundle (a default export with "format" and "guidelines").');
  }
  if (value['format'] !== BUNDLE_FORMAT) {
    return fail(
      'unsupported_format',
      BUNDLE_FILE,
      `bundle.js is of format ${JSON.stringify(value['format'] ?? null)}; this runtime reads format ${BUNDLE_FORMAT}.`,
    );
  }
  const guidelines = value['guidelines'];
  const listed = new Set(manifest.guidelines.map((g) => g.id));
  for (const id of Object.keys(guidelines)) {
    if (!listed.has(id)) return fail('mismatch', BUNDLE_FILE, `bundle.js holds guideline "${id}", which manifest.json does not list.`);
  }
  for (const entry of manifest.guidelines) {
    const g = Object.hasOwn(guidelines, entry.id) ? guidelines[entry.id] : undefined;
    if (g === undefined) return fail('mismatch', BUNDLE_FILE, `bundle.js does not hold guideline "${entry.id}", which manifest.json lists.`);
    const problem = guidelineProblem(entry.id, g);
    if (problem !== null) return fail('not_a_bundle', BUNDLE_FILE, `bundle.js: guideline "${entry.id}" ${problem}.`);
    const guideline = g as CompiledBundle['guidelines'][string];
    if (guideline.meta.version !== entry.version) {
      return fail(
        'mismatch',
        BUNDLE_FILE,
        `bundle.js holds version "${guideline.meta.version}" of guideline "${entry.id}"; manifest.json says "${entry.version}".`,
      );
    }
    let schemaText: string;
    try {
      schemaText = canonicalJson(guideline.caseSchema);
    } catch (e) {
      return fail('not_a_bundle', BUNDLE_FILE, `bundle.js: the case schema of guideline "${entry.id}" is not JSON (${(e as Error).message})`);
    }
    if (Buffer.compare(Buffer.from(schemaText), Buffer.from(files.get(entry.schema) ?? new Uint8Array())) !== 0) {
      return fail('mismatch', entry.schema, `${entry.schema} is not the case schema bundle.js uses for guideline "${entry.id}".`);
    }
    const validator = caseValidator(guideline);
    if (!validator.ok) return fail('bad_schema', entry.schema, `${entry.schema} cannot be used to check cases: ${validator.error}`);
  }
  return ok(value as unknown as CompiledBundle);
}

function guidelineProblem(id: string, g: unknown): string | null {
  if (!isRecord(g)) return 'is not an object';
  if (typeof g['evaluate'] !== 'function') return 'has no evaluate function';
  if (typeof g['applies'] !== 'function') return 'has no applies function';
  if (!isRecord(g['caseSchema'])) return 'has no case schema';
  if (!Array.isArray(g['requirements'])) return 'has no requirements list';
  const meta = g['meta'];
  if (!isRecord(meta) || meta['id'] !== id) return 'has no metadata with its id';
  if (typeof meta['title'] !== 'string' || typeof meta['version'] !== 'string') return 'has no title or version';
  const recommendation = meta['recommendation'];
  if (!isRecord(recommendation) || !Array.isArray(recommendation['citations'])) return 'has no recommendation';
  if (meta['missingDocumentation'] !== 'not_met' && meta['missingDocumentation'] !== 'insufficient_information') {
    return 'has no missing-documentation policy';
  }
  const sources = meta['sources'];
  const criteria = meta['criteria'];
  if (!Array.isArray(sources) || !Array.isArray(criteria)) return 'has no sources or criteria';
  if (!Array.isArray(meta['routes'])) return 'has no list of routes';
  const sourceIds = new Set((sources as unknown[]).map((s) => (isRecord(s) ? s['id'] : undefined)));
  const cited = [...(recommendation['citations'] as unknown[])];
  for (const c of criteria as unknown[]) {
    if (!isRecord(c) || typeof c['id'] !== 'string' || !Array.isArray(c['citations'])) return 'has a criterion without id or citations';
    cited.push(...(c['citations'] as unknown[]));
  }
  for (const id of cited) if (!sourceIds.has(id)) return `cites source ${JSON.stringify(id)}, which it does not list`;
  return null;
}
