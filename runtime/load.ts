/**
 * Loading a compiled bundle: from a folder (`loadBundle(dir)`, what a service does) or from files already in memory
 * (`loadBundleFiles(files)`, what the compiler's pipeline hands over: no temporary folder between compile and load).
 * Both take the one path: verify every byte against manifest.json (verify.ts), THEN import exactly the verified bytes
 * of bundle.js and check that its default export is the bundle the manifest describes.
 * With `trustedKeys`, the bundle must also carry a signature (signature.ts) by one of those keys, and — given the
 * release last accepted — must not be older. A folder holds exactly the manifest's files, manifest.json and
 * signature.json: anything else is refused, and only regular files are read (read-file.ts).
 * Returns a Result; never throws and never rejects.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { canonicalJson } from './canonical-json.js';
import { BUNDLE_FORMAT, type CompiledBundle, type Manifest } from './contract.js';
import { createLoadedBundle, type LoadedBundle } from './evaluate.js';
import { err, ok, type Result } from './result.js';
import { readRegularFile } from './read-file.js';
import { SIGNATURE_FILE, verifySignature, type TrustPolicy } from './signature.js';
import { BUNDLE_FILE, MANIFEST_FILE, isRecord, verifyFile, verifyManifest, type LoadError } from './verify.js';

/** How a service loads bundles. Without `trustedKeys`, any intact bundle loads (integrity, not authenticity). */
export interface LoadOptions {
  /** ed25519 public keys (PEM or KeyObject): when given, only bundles signed by one of them load. */
  readonly trustedKeys?: TrustPolicy['trustedKeys'];
  /** The signed release last accepted: an older bundle is refused as a rollback. Needs `trustedKeys`. */
  readonly minimumRelease?: number;
}

/** Where a bundle's files come from: a folder or a map of files; `read` gives null for a file that is not there. */
interface BundleSource {
  /** How messages name the bundle: "in out/" or "in the files given". */
  readonly where: string;
  readonly read: (path: string) => Promise<Result<Uint8Array | null, LoadError>>;
  /** Every file there, as paths relative to the bundle folder with `/` separators. */
  readonly list: () => Promise<Result<readonly string[], LoadError>>;
}

/** Reads the bundle folder `dir` (bundle.js, manifest.json, schemas/), verifies it and imports it. */
export async function loadBundle(dir: string, options: LoadOptions = {}): Promise<Result<LoadedBundle, LoadError>> {
  return loadFrom({ where: `in ${dir}`, read: (path) => readFromFolder(dir, path), list: () => listFolder(dir) }, options);
}

/**
 * The same, from files in memory, keyed by their path in the bundle folder (`bundle.js`, `manifest.json`,
 * `schemas/<id>.schema.json`): what `compile()` returns. The bytes are verified exactly as if read from disk.
 */
export async function loadBundleFiles(files: ReadonlyMap<string, Uint8Array>, options: LoadOptions = {}): Promise<Result<LoadedBundle, LoadError>> {
  return loadFrom(
    { where: 'in the files given', read: (path) => Promise.resolve(ok(files.get(path) ?? null)), list: () => Promise.resolve(ok([...files.keys()])) },
    options,
  );
}

async function loadFrom(source: BundleSource, options: LoadOptions): Promise<Result<LoadedBundle, LoadError>> {
  try {
    return await load(source, options);
  } catch (e) {
    return err({ code: 'unreadable', file: null, message: `The bundle ${source.where} could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
  }
}

async function load(source: BundleSource, options: LoadOptions): Promise<Result<LoadedBundle, LoadError>> {
  const manifestBytes = await source.read(MANIFEST_FILE);
  if (!manifestBytes.ok) return manifestBytes;
  if (manifestBytes.value === null) {
    return err({ code: 'incomplete', file: MANIFEST_FILE, message: `There is no manifest.json ${source.where}: it is not a compiled bundle folder.` });
  }
  const manifest = verifyManifest(manifestBytes.value);
  if (!manifest.ok) return manifest;
  if (options.trustedKeys !== undefined) {
    const signature = await source.read(SIGNATURE_FILE);
    if (!signature.ok) return signature;
    const policy = { trustedKeys: options.trustedKeys, ...(options.minimumRelease === undefined ? {} : { minimumRelease: options.minimumRelease }) };
    const signed = verifySignature(manifestBytes.value, signature.value, policy);
    if (!signed.ok) return signed;
  } else if (options.minimumRelease !== undefined) {
    return err({ code: 'untrusted_key', file: null, message: 'A minimum release was given without trusted keys: only a signed release number can be trusted.' });
  }
  const present = await source.list();
  if (!present.ok) return present;
  const expected = new Set([MANIFEST_FILE, SIGNATURE_FILE, ...manifest.value.files.map((f) => f.path)]);
  const unexpected = present.value.filter((path) => !expected.has(path)).sort();
  if (unexpected.length > 0) {
    return err({
      code: 'unexpected_file',
      file: unexpected[0] ?? null,
      message: `The bundle ${source.where} holds ${unexpected.map((p) => JSON.stringify(p)).join(', ')}, which manifest.json does not list: a bundle folder holds only what the compiler wrote.`,
    });
  }

  // Read every file at once (the reads overlap), then verify them in the manifest's order: the first at fault is named.
  const read = await Promise.all(manifest.value.files.map((entry) => source.read(entry.path)));
  const verified = new Map<string, Uint8Array>();
  for (const [i, entry] of manifest.value.files.entries()) {
    const bytes = read[i]!;
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

/** Bytes of a regular file in the bundle folder; null when it does not exist; never blocks on a FIFO or device. */
async function readFromFolder(dir: string, path: string): Promise<Result<Uint8Array | null, LoadError>> {
  const read = await readRegularFile(join(dir, ...path.split('/')), path);
  if (read.ok) return read;
  if (read.error.code === 'not_found') return ok(null);
  return err({ code: 'unreadable', file: path, message: read.error.message });
}

/** Every entry of the bundle folder that is not a folder (files, links, pipes…), relative, `/`-separated. */
async function listFolder(dir: string): Promise<Result<readonly string[], LoadError>> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return ok(
      entries
        .filter((e) => !e.isDirectory())
        .map((e) => [...relative(dir, e.parentPath).split(sep).filter((p) => p !== ''), e.name].join('/')),
    );
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : `could not be read (${e instanceof Error ? e.message : String(e)})`;
    return err({ code: code === 'ENOENT' ? 'incomplete' : 'unreadable', file: null, message: `The bundle folder ${dir} ${why}.` });
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
    // No schema is compiled here: a compiled guideline reads and checks cases itself (`check`, bundle format 3).
    if (typeof (g as Record<string, unknown>)['check'] !== 'function') return fail('not_a_bundle', BUNDLE_FILE, `bundle.js: guideline "${entry.id}" has no check function.`);
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
