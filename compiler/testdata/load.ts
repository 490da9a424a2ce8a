/** Test helper: compile a model, write the output to a fresh temp folder and import the bundle esbuild wrote. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Model } from '../../language/model.js';
import type { CompiledBundle } from '../../runtime/contract.js';
import { compile, type CompileOutput, writeOutput } from '../index.js';

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
  await writeOutput(dir, out.files);
  const mod = (await import(pathToFileURL(join(dir, 'bundle.js')).href)) as { default: CompiledBundle };
  return { out, dir, bundle: mod.default };
}
