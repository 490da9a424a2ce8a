/** The `.rubric` files the stress parts read: the shipped guidelines and libraries (and the coverage guideline). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PipelineSource } from '../compiler/pipeline.js';

export const root = join(import.meta.dirname, '..');

/** Every `.rubric` file under `dir` (relative to the repository), sorted, with repository-relative `/` paths. */
export function rubricSourcesUnder(dir: string): PipelineSource[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.rubric'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort()
    .map((uri) => ({ uri, text: readFileSync(join(root, uri), 'utf8') }));
}
