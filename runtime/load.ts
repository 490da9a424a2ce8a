/**
 * Loading a compiled bundle: from a folder (`loadBundle(dir)`, what a service does) or from files already in memory
 * (`loadBundleFiles(files)`, what the compiler's pipeline hands over: no temporary folder between compile and load).
 * Both take the one path: verify every byte against manifest.json (verify.ts), THEN read the guidelines' metadata
 * (guidelines.json) from the verified bytes and check it against the manifest. No code is compiled at load: a
 * guideline's code (`guidelines/<id>.js`) is compiled, and its case schema parsed, from their verified bytes, kept in
 * memory (never read again), the first time it is evaluated (guideline-code.ts; evaluate.ts createLoadedBundle), so
 * loading costs reading and hashing the files, not compiling every guideline's code.
 * With `trustedKeys`, the bundle must also carry a signature (signature.ts) by one of those keys, and — given the
 * release last accepted — must not be older. A folder holds exactly the manifest's files, manifest.json and
 * signature.json: anything else is refused, and only regular files are read (read-file.ts).
 * Returns a Result; never throws and never rejects.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { BUNDLE_FORMAT, type GuidelineData, type Manifest } from './contract.js';
import { createLoadedBundle, type DeferredGuideline, type LoadedBundle } from './evaluate.js';
import { compileGuidelineCode } from './guideline-code.js';
import { err, ok, type Result } from './result.js';
import { readRegularFileSync } from './read-file.js';
import { SIGNATURE_FILE, verifySignature, type TrustPolicy } from './signature.js';
import { DATA_FILE, MANIFEST_FILE, isRecord, verifyFile, verifyManifest, type LoadError } from './verify.js';

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
  /** Synchronous, as `list`: a bundle is hundreds of small files, read once at start-up (read-file.ts says what that saves). */
  readonly read: (path: string) => Result<Uint8Array | null, LoadError>;
  /** Every file there, as paths relative to the bundle folder with `/` separators. */
  readonly list: () => Result<readonly string[], LoadError>;
}

/** Reads the bundle folder `dir` (manifest.json, guidelines/, schemas/) and verifies it. */
export async function loadBundle(dir: string, options: LoadOptions = {}): Promise<Result<LoadedBundle, LoadError>> {
  return loadFrom({ where: `in ${dir}`, read: (path) => readFromFolder(dir, path), list: () => listFolder(dir) }, options);
}

/**
 * The same, from files in memory, keyed by their path in the bundle folder (`manifest.json`, `guidelines/<id>.js`,
 * `guidelines/<id>.json`, `schemas/<id>.schema.json`): what `compile()` returns. The bytes are verified exactly as if
 * read from disk (and copied: a caller changing its buffers afterwards changes nothing that was verified).
 */
export async function loadBundleFiles(files: ReadonlyMap<string, Uint8Array>, options: LoadOptions = {}): Promise<Result<LoadedBundle, LoadError>> {
  return loadFrom(
    { where: 'in the files given', read: (path) => ok(copyOf(files.get(path))), list: () => ok([...files.keys()]) },
    options,
  );
}

async function loadFrom(source: BundleSource, options: LoadOptions): Promise<Result<LoadedBundle, LoadError>> {
  try {
    return load(source, options);
  } catch (e) {
    return err({ code: 'unreadable', file: null, message: `The bundle ${source.where} could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
  }
}

function load(source: BundleSource, options: LoadOptions): Result<LoadedBundle, LoadError> {
  const manifestBytes = source.read(MANIFEST_FILE);
  if (!manifestBytes.ok) return manifestBytes;
  if (manifestBytes.value === null) {
    return err({ code: 'incomplete', file: MANIFEST_FILE, message: `There is no manifest.json ${source.where}: it is not a compiled bundle folder.` });
  }
  const manifest = verifyManifest(manifestBytes.value);
  if (!manifest.ok) return manifest;
  if (options.trustedKeys !== undefined) {
    const signature = source.read(SIGNATURE_FILE);
    if (!signature.ok) return signature;
    const policy = { trustedKeys: options.trustedKeys, ...(options.minimumRelease === undefined ? {} : { minimumRelease: options.minimumRelease }) };
    const signed = verifySignature(manifestBytes.value, signature.value, policy);
    if (!signed.ok) return signed;
  } else if (options.minimumRelease !== undefined) {
    return err({ code: 'untrusted_key', file: null, message: 'A minimum release was given without trusted keys: only a signed release number can be trusted.' });
  }
  const present = source.list();
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

  // Verify every file, in the manifest's order (the first at fault is named), before anything of it is used.
  const verified = new Map<string, Uint8Array>();
  for (const entry of manifest.value.files) {
    const bytes = source.read(entry.path);
    if (!bytes.ok) return bytes;
    const file = verifyFile(entry, bytes.value);
    if (!file.ok) return file;
    verified.set(entry.path, file.value);
  }

  const guidelines = readGuidelines(manifest.value, verified);
  if (!guidelines.ok) return guidelines;
  return ok(createLoadedBundle({ format: BUNDLE_FORMAT, deferred: guidelines.value }, manifest.value));
}

/**
 * Every guideline's metadata (guidelines.json), parsed from the verified bytes and checked against the manifest.
 * Its code and case schema are compiled and parsed later, when it is first evaluated, from their verified bytes.
 */
function readGuidelines(manifest: Manifest, files: ReadonlyMap<string, Uint8Array>): Result<Map<string, DeferredGuideline>, LoadError> {
  const fail = (code: LoadError['code'], message: string) => err<LoadError>({ code, file: DATA_FILE, message });
  const all = parseJson(files.get(DATA_FILE));
  if (!isRecord(all)) return fail('not_a_bundle', `${DATA_FILE} is not the guidelines' metadata (a JSON object by guideline id).`);
  const listed = new Set(manifest.guidelines.map((g) => g.id));
  for (const id of Object.keys(all)) {
    if (!listed.has(id)) return fail('mismatch', `${DATA_FILE} holds guideline "${id}", which manifest.json does not list.`);
  }
  const guidelines = new Map<string, DeferredGuideline>();
  for (const entry of manifest.guidelines) {
    const data = Object.hasOwn(all, entry.id) ? all[entry.id] : undefined;
    if (data === undefined) return fail('mismatch', `${DATA_FILE} does not hold guideline "${entry.id}", which manifest.json lists.`);
    const problem = isRecord(data) ? guidelineProblem(entry.id, data) : 'is not an object';
    if (problem !== null) return fail('not_a_bundle', `${DATA_FILE}: guideline "${entry.id}" ${problem}.`);
    const { meta, requirements } = data as unknown as GuidelineData;
    if (meta.version !== entry.version) {
      return fail('mismatch', `${DATA_FILE} holds version "${meta.version}" of guideline "${entry.id}"; manifest.json says "${entry.version}".`);
    }
    const code = files.get(entry.code) ?? new Uint8Array();
    const schema = files.get(entry.schema);
    guidelines.set(entry.id, {
      meta,
      requirements,
      compile: () => {
        const caseSchema = parseJson(schema);
        if (!isRecord(caseSchema)) return err({ code: 'not_a_bundle', file: entry.schema, message: `${entry.schema} is not a case schema (a JSON object).` });
        const compiled = compileGuidelineCode(entry.code, code);
        return compiled.ok ? ok({ ...compiled.value, caseSchema }) : compiled;
      },
    });
  }
  return ok(guidelines);
}

/** The JSON value of verified bytes, or undefined when they are not JSON. */
function parseJson(bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** A copy of bytes handed in, so what is verified is what is used. */
function copyOf(bytes: Uint8Array | undefined): Uint8Array | null {
  return bytes === undefined ? null : new Uint8Array(bytes);
}

/** Bytes of a regular file in the bundle folder; null when it does not exist; never blocks on a FIFO or device. */
function readFromFolder(dir: string, path: string): Result<Uint8Array | null, LoadError> {
  const read = readRegularFileSync(join(dir, ...path.split('/')), path);
  if (read.ok) return read;
  if (read.error.code === 'not_found') return ok(null);
  return err({ code: 'unreadable', file: path, message: read.error.message });
}

/** Every entry of the bundle folder that is not a folder (files, links, pipes…), relative, `/`-separated. */
function listFolder(dir: string): Result<readonly string[], LoadError> {
  try {
    const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
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

/** What is wrong with a guideline's entry in guidelines.json, or null. */
function guidelineProblem(id: string, g: Record<string, unknown>): string | null {
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
