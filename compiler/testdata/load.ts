/**
 * Test helper for what `writeBundle` writes: compile a model, write the files to a fresh temp folder and import the
 * bundle.js written there (the tests of the folder itself; everything else loads in memory through pipeline.ts).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Model } from '../../language/model.js';
import type { CompiledBundle } from '../../runtime/contract.js';
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
  const mod = (await import(pathToFileURL(join(dir, 'bundle.js')).href)) as { default: CompiledBundle };
  return { out, dir, bundle: mod.default };
}
