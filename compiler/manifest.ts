/**
 * `manifest.json`: what was compiled (sources and their sha256), what was written (every other output file
 * and its sha256), with which tools, and a digest of the manifest itself. Canonical JSON, sorted lists, no
 * timestamps or machine paths: the same sources give the same bytes.
 */
import { canonicalJson, sha256Hex } from '../runtime/canonical-json.js';
import { BUNDLE_FORMAT, type Manifest, type ManifestGuideline } from '../runtime/contract.js';

export interface ManifestInput {
  readonly compilerVersion: string;
  readonly esbuildVersion: string;
  readonly sources: readonly { readonly path: string; readonly text: string }[];
  /** Every output file except the manifest, by path relative to the output folder. */
  readonly files: ReadonlyMap<string, Uint8Array | string>;
  readonly guidelines: readonly ManifestGuideline[];
}

const byPath = <T extends { readonly path: string }>(a: T, b: T): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function buildManifest(input: ManifestInput): Manifest {
  const body: Omit<Manifest, 'digest'> = {
    format: BUNDLE_FORMAT,
    compiler: { name: 'rubric', version: input.compilerVersion },
    esbuild: { version: input.esbuildVersion },
    sources: input.sources.map((s) => ({ path: s.path, sha256: sha256Hex(s.text) })).sort(byPath),
    files: [...input.files].map(([path, data]) => ({ path, sha256: sha256Hex(data) })).sort(byPath),
    guidelines: [...input.guidelines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((g) => ({ ...g })),
  };
  return { ...body, digest: sha256Hex(canonicalJson(body)) };
}

/** The manifest's bytes as written to `manifest.json`. */
export function manifestText(manifest: Manifest): string {
  return canonicalJson(manifest);
}
