/** The shipped guidelines, read once and built in memory through the one pipeline, for the stress parts. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildBundle, describeFailure, type BuiltBundle, type PipelineSource } from '../compiler/pipeline.js';

export const root = join(import.meta.dirname, '..');

/** Every `.rubric` file under guidelines/, sorted, with paths relative to the repository. */
export function shippedSources(): PipelineSource[] {
  return readdirSync(join(root, 'guidelines'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.rubric'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort()
    .map((uri) => ({ uri, text: readFileSync(join(root, uri), 'utf8') }));
}

let built: Promise<BuiltBundle> | undefined;

/** The shipped guidelines compiled in memory (once per process). */
export function shippedBundle(): Promise<BuiltBundle> {
  built ??= buildBundle(shippedSources()).then((r) => {
    if (!r.ok) throw new Error(`the shipped guidelines do not build: ${describeFailure(r.error)}`);
    return r.value;
  });
  return built;
}
