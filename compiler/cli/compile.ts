/**
 * `rubric compile <paths…> --out <folder> [--format text|json] [--sign <private key> --release <n>]`: check, compile
 * in memory, write the bundle folder (manifest.json, guidelines.json, guidelines/<id>.js, schemas/<id>.schema.json;
 * signature.json when signed,
 * compiler/sign.ts). Nothing is written when the guidelines have errors or the key cannot sign.
 * Exit 0 written, 1 the guidelines have errors, 2 could not run (unreadable files, a compiler stage failed).
 */
import { join, resolve } from 'node:path';
import { sha256Hex } from '../../runtime/canonical-json.js';
import { readRegularFile } from '../../runtime/read-file.js';
import { err, type Result } from '../../runtime/result.js';
import { SIGNATURE_FILE } from '../../runtime/signature.js';
import { MANIFEST_FILE } from '../../runtime/verify.js';
import { signManifest } from '../sign.js';
import { checkSources, writeBundle } from '../pipeline.js';
import type { LocatedDiagnostic } from '../report.js';
import { compileOrReply, locateAll, printDiagnostics, readGuidelines } from './build.js';
import { CliCodes, Exit, Reply, type CliIo, type ExitCode } from './reply.js';

/** `compile --format json`: the result in the shared envelope (reply.ts). */
export interface CompileJson {
  /** The output folder as given (absolute). */
  readonly out: string;
  /**
   * Null when nothing was written. What identifies the bundle (format 4: a file per guideline): manifest.json, whose
   * bytes hold the sha256 of every other file, and their sha256 (what signature.json signs).
   */
  readonly bundle: { readonly path: string; readonly sha256: string } | null;
  readonly manifest: { readonly path: string; readonly digest: string } | null;
  readonly guidelines: readonly { readonly id: string; readonly version: string; readonly code: string; readonly schema: string }[];
  readonly diagnostics: readonly LocatedDiagnostic[];
}

/** `--sign <file> --release <n>`: the ed25519 private key (PEM) that signs the manifest, and the signed release number. */
export interface Signing {
  readonly keyFile: string;
  readonly release: number;
}

export async function runCompile(paths: readonly string[], out: string, format: 'text' | 'json', io: CliIo, signing?: Signing): Promise<ExitCode> {
  const reply = new Reply<CompileJson>(io, 'compile', format === 'json');
  const sources = await readGuidelines(paths, io, reply);
  if (sources === undefined) return reply.finish(Exit.failed);
  const checked = checkSources(sources);
  if (format === 'text') printDiagnostics(checked, io.out, io.color, false);
  const built = await compileOrReply(checked, reply, 'nothing was written because the guidelines have errors.');
  const diagnostics = locateAll(checked.checked.diagnostics, checked.files);
  if (typeof built === 'number') return reply.finish(built, { out, bundle: null, manifest: null, guidelines: [], diagnostics });
  let files: ReadonlyMap<string, Uint8Array> = built.files;
  if (signing !== undefined) {
    const signature = await sign(built.files.get('manifest.json') ?? new Uint8Array(), signing, io);
    if (!signature.ok) {
      reply.error({ code: CliCodes.badKey, message: `${signature.error} Nothing was written.` });
      return reply.finish(Exit.failed, { out, bundle: null, manifest: null, guidelines: [], diagnostics });
    }
    files = new Map([...built.files, [SIGNATURE_FILE, signature.value]]);
  }
  const written = await writeBundle(out, files);
  if (!written.ok) {
    reply.error({ code: CliCodes.unwritable, message: `${written.error.path} cannot be written (${written.error.message}).` });
    return reply.finish(Exit.failed, { out, bundle: null, manifest: null, guidelines: [], diagnostics });
  }
  const sha256 = sha256Hex(built.files.get(MANIFEST_FILE) ?? new Uint8Array());
  if (format === 'text') {
    const ids = built.manifest.guidelines.map((g) => `${g.id} ${g.version}`).join(', ');
    const count = built.manifest.guidelines.length;
    io.out(`Compiled ${count} ${count === 1 ? 'guideline' : 'guidelines'}${count <= 3 ? ` (${ids})` : ''} to ${out}\n  manifest.json sha256 ${sha256}\n`);
    if (signing !== undefined) io.out(`  signed as release ${signing.release} (signature.json)\n`);
  }
  return reply.finish(Exit.ok, {
    out,
    bundle: { path: join(out, MANIFEST_FILE), sha256 },
    manifest: { path: join(out, MANIFEST_FILE), digest: built.manifest.digest },
    guidelines: built.manifest.guidelines.map((g) => ({ id: g.id, version: g.version, code: g.code, schema: g.schema })),
    diagnostics,
  });
}

async function sign(manifest: Uint8Array, signing: Signing, io: CliIo): Promise<Result<Uint8Array, string>> {
  const key = await readRegularFile(resolve(io.cwd, signing.keyFile), 'the signing key', 64 * 1024);
  if (!key.ok) return err(key.error.message);
  return signManifest(manifest, new TextDecoder().decode(key.value), signing.release);
}
