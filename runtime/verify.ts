/**
 * Verifying a compiled bundle's files before any of its code is compiled (OPA's "bundles hashed canonically and
 * verified before activation"). Pure functions over bytes; load.ts does the reading. Errors are values with stable codes.
 *
 * `manifest.json` must be canonical JSON (canonical-json.ts), its `digest` must be the sha256 of the canonical JSON
 * of the manifest without `digest`, and every file it lists must hash to its `sha256`.
 */
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { BUNDLE_FORMAT, type Manifest } from './contract.js';
import { err, ok, type Result } from './result.js';

export type LoadErrorCode =
  /** A file could not be read (permissions, not a folder, …). */
  | 'unreadable'
  /** A file listed in the manifest (or the manifest itself) is missing. */
  | 'incomplete'
  /** manifest.json is not JSON or not shaped like a manifest. */
  | 'malformed'
  /** The manifest or the bundle is of a format this runtime does not read. */
  | 'unsupported_format'
  /** A file's bytes are not the bytes the compiler wrote. */
  | 'tampered'
  /** A guideline's code (guidelines/<id>.js) could not be compiled or failed when run. */
  | 'import_failed'
  /** A guideline's code or metadata is not shaped as the format says (no entry points, no metadata with its id, …). */
  | 'not_a_bundle'
  /** A guideline's files and manifest.json disagree (its id or version). */
  | 'mismatch'
  /** A guideline's case schema cannot be compiled. */
  | 'bad_schema'
  /** The service requires a signed bundle and this one has no signature.json. */
  | 'unsigned'
  /** The bundle is signed by a key the service does not trust (or the trusted keys given are unusable). */
  | 'untrusted_key'
  /** signature.json is malformed or its signature does not verify. */
  | 'bad_signature'
  /** The bundle's signed release is older than the release the service last accepted. */
  | 'rollback'
  /** The bundle folder holds a file the manifest does not list. */
  | 'unexpected_file';

export interface LoadError {
  readonly code: LoadErrorCode;
  /** The file at fault, relative to the bundle folder, or null when it is the folder itself. */
  readonly file: string | null;
  readonly message: string;
}

export const MANIFEST_FILE = 'manifest.json';
/** Every guideline's metadata and data requirements (contract.ts GuidelineData, by id). */
export const DATA_FILE = 'guidelines.json';

const SHA256 = /^[0-9a-f]{64}$/;

/** Parse and verify manifest.json's bytes: JSON, format, canonical form, digest, then shape. */
export function verifyManifest(bytes: Uint8Array): Result<Manifest, LoadError> {
  const malformed = (why: string) => err<LoadError>({ code: 'malformed', file: MANIFEST_FILE, message: `manifest.json ${why}.` });
  const tampered = (why: string) =>
    err<LoadError>({ code: 'tampered', file: MANIFEST_FILE, message: `manifest.json ${why}: it was changed after compilation.` });

  let text: string;
  let parsed: unknown;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so a prefixed manifest is not canonical and is refused.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    if (text.startsWith('\uFEFF')) return malformed('starts with a byte-order mark: it was re-saved after compilation');
    parsed = JSON.parse(text);
  } catch {
    return malformed('is not valid JSON');
  }
  if (!isRecord(parsed)) return malformed('is not a JSON object');
  if (parsed['format'] !== BUNDLE_FORMAT) {
    return err({
      code: 'unsupported_format',
      file: MANIFEST_FILE,
      message: `manifest.json is of format ${JSON.stringify(parsed['format'] ?? null)}; this runtime reads format ${BUNDLE_FORMAT}. Recompile the guidelines with a matching compiler.`,
    });
  }
  const digest = parsed['digest'];
  if (typeof digest !== 'string') return malformed('has no digest');
  if (text !== canonicalJson(parsed)) return tampered('is not in canonical form');
  // The canonical JSON of the manifest without `digest` is this text without the digest's line: a top-level member
  // (two spaces of indent, which no nested line has), never the last one ("format" sorts after it and is there).
  const line = `\n  "digest": ${JSON.stringify(digest)},\n`;
  const at = text.indexOf(line);
  if (at < 0) return tampered('does not match its digest');
  if (sha256Hex(text.slice(0, at) + '\n' + text.slice(at + line.length)) !== digest) return tampered('does not match its digest');

  const shape = manifestShapeProblem(parsed);
  if (shape !== null) return malformed(shape);
  return ok(parsed as unknown as Manifest);
}

/** Check one file's bytes against its manifest entry; `null` bytes mean the file is missing. */
export function verifyFile(entry: { readonly path: string; readonly sha256: string }, bytes: Uint8Array | null): Result<Uint8Array, LoadError> {
  if (bytes === null) {
    return err({ code: 'incomplete', file: entry.path, message: `${entry.path} is listed in manifest.json but missing from the bundle folder.` });
  }
  if (sha256Hex(bytes) !== entry.sha256) {
    return err({
      code: 'tampered',
      file: entry.path,
      message: `${entry.path} does not match its hash in manifest.json: it was changed after compilation.`,
    });
  }
  return ok(bytes);
}

/** A relative path with `/` separators that stays inside the bundle folder. */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function manifestShapeProblem(m: Record<string, unknown>): string | null {
  const compiler = m['compiler'];
  if (!isRecord(compiler) || compiler['name'] !== 'rubric' || typeof compiler['version'] !== 'string') return 'has no valid "compiler"';
  if (!isRecord(m['esbuild']) || typeof m['esbuild']['version'] !== 'string') return 'has no valid "esbuild"';
  if (!isHashList(m['sources'], () => true)) return 'has no valid "sources" list';
  const files = m['files'];
  if (!isHashList(files, isSafeRelativePath)) return 'has no valid "files" list (relative paths inside the bundle folder, each with a sha256)';
  const paths = new Set(files.map((f) => f.path));
  if (paths.size !== files.length) return 'lists a file twice';
  if (!paths.has(DATA_FILE)) return `does not list ${DATA_FILE}`;
  const guidelines = m['guidelines'];
  if (!Array.isArray(guidelines)) return 'has no "guidelines" list';
  const ids = new Set<string>();
  const named = new Set<string>();
  for (const g of guidelines as unknown[]) {
    if (!isRecord(g) || typeof g['id'] !== 'string' || typeof g['version'] !== 'string') return 'has a guideline entry without id and version';
    const id = g['id'];
    if (ids.has(id)) return `lists guideline "${id}" twice`;
    ids.add(id);
    for (const role of GUIDELINE_FILES) {
      const path = g[role];
      if (typeof path !== 'string') return `has no ${role} file for guideline "${id}"`;
      if (!paths.has(path)) return `names ${role} file ${path} for guideline "${id}" but does not list that file`;
      if (named.has(path)) return `names file ${path} twice`;
      named.add(path);
    }
  }
  return null;
}

/** The files each guideline entry of the manifest names (contract.ts ManifestGuideline). */
const GUIDELINE_FILES = ['code', 'schema'] as const;

function isHashList(value: unknown, pathOk: (path: string) => boolean): value is { path: string; sha256: string }[] {
  return (
    Array.isArray(value) &&
    value.every((e: unknown) => isRecord(e) && typeof e['path'] === 'string' && pathOk(e['path']) && typeof e['sha256'] === 'string' && SHA256.test(e['sha256']))
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
