/**
 * Test helper for what `writeBundle` writes: compile a model, write the files to a fresh temp folder and put the
 * bundle written there together in memory, its code compiled (the tests of the folder itself; everything else loads
 * through pipeline.ts).
 */
import { readdir, readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Model } from '../../language/model.js';
import type { CompiledBundle } from '../../runtime/contract.js';
import { compiledBundleOf } from '../../runtime/testdata/compiled-bundle.js';
import { compile, type CompileOutput, writeBundle } from '../index.js';

export async function compileOk(model: Model, sources: { path: string; text: string }[] = []): Promise<CompileOutput> {
  const result = await compile(model, sources);
  if (!result.ok) throw new Error(`compile failed: ${JSON.stringify(result.errors, null, 2)}`);
  return result;
}

export async function compileAndLoad(
  model: Model,
  sources: { path: string; text: string }[] = [],
): Promise<{ out: CompileOutput; dir: string; bundle: CompiledBundle }> {
  const out = await compileOk(model, sources);
  const dir = await mkdtemp(join(tmpdir(), 'rubric-compile-'));
  await writeBundle(dir, out.files);
  const written = new Map<string, Uint8Array>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) written.set(relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'), await readFile(join(entry.parentPath, entry.name)));
  }
  return { out, dir, bundle: compiledBundleOf(written) };
}
