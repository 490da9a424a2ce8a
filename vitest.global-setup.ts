/**
 * Before any test: bring dist/ up to date (`node build.mjs --if-stale`). Tests run the TypeScript sources, but
 * some run the built package (bin/rubric.js, `rubric/runtime` from plain Node, the packed tarball); dist/ is
 * rebuilt whenever an input's sha256 differs from the last build's, so a stale build can never make one pass or
 * fail. Costs ~0.1 s when dist/ is fresh, one build (~20 s on the 2-core machine) when it is not.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, 'build.mjs'), '--if-stale'], { cwd: import.meta.dirname, stdio: 'inherit' });
}
