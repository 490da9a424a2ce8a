/**
 * `rubric compile <paths…> --out <folder> [--format text|json]`: check, compile in memory, write the bundle folder
 * (bundle.js, manifest.json, schemas/<id>.schema.json). Nothing is written when the guidelines have errors.
 * Exit 0 written, 1 the guidelines have errors, 2 could not run (unreadable files, a compiler stage failed).
 */
import { join } from 'node:path';
import { checkSources, writeBundle } from '../pipeline.js';
import type { LocatedDiagnostic } from '../report.js';
import { compileOrReply, locateAll, printDiagnostics, readGuidelines } from './build.js';
import { Exit, Reply, type CliIo, type ExitCode } from './reply.js';

/** `compile --format json`: the result in the shared envelope (reply.ts). */
export interface CompileJson {
  /** The output folder as given (absolute). */
  readonly out: string;
  /** Null when nothing was written. */
  readonly bundle: { readonly path: string; readonly sha256: string } | null;
  readonly manifest: { readonly path: string; readonly digest: string } | null;
  readonly guidelines: readonly { readonly id: string; readonly version: string; readonly schema: string }[];
  readonly diagnostics: readonly LocatedDiagnostic[];
}

export async function runCompile(paths: readonly string[], out: string, format: 'text' | 'json', io: CliIo): Promise<ExitCode> {
  const reply = new Reply<CompileJson>(io, 'compile', format === 'json');
  const sources = await readGuidelines(paths, io, reply);
  if (sources === undefined) return reply.finish(Exit.failed);
  const checked = checkSources(sources);
  if (format === 'text') printDiagnostics(checked, io.out, io.color, false);
  const built = await compileOrReply(checked, reply, 'nothing was written because the guidelines have errors.');
  const diagnostics = locateAll(checked.checked.diagnostics, checked.files);
  if (typeof built === 'number') return reply.finish(built, { out, bundle: null, manifest: null, guidelines: [], diagnostics });
  await writeBundle(out, built.files);
  const sha256 = built.manifest.files.find((f) => f.path === 'bundle.js')?.sha256 ?? '';
  if (format === 'text') {
    const ids = built.manifest.guidelines.map((g) => `${g.id} ${g.version}`).join(', ');
    const count = built.manifest.guidelines.length;
    io.out(`Compiled ${count} ${count === 1 ? 'guideline' : 'guidelines'}${count <= 3 ? ` (${ids})` : ''} to ${out}\n  bundle.js sha256 ${sha256}\n`);
  }
  return reply.finish(Exit.ok, {
    out,
    bundle: { path: join(out, 'bundle.js'), sha256 },
    manifest: { path: join(out, 'manifest.json'), digest: built.manifest.digest },
    guidelines: built.manifest.guidelines.map((g) => ({ id: g.id, version: g.version, schema: g.schema })),
    diagnostics,
  });
}
