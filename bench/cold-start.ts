/**
 * Cold start, measured in a fresh Node process (the benchmark spawns it with `node --import tsx`): load the
 * language, then check the shipped guidelines once (the Chevrotain lexer and parser are built on this first use),
 * then once more (warm). Prints one line of JSON: milliseconds since the process started, and each step's share.
 * TypeScript is transformed on the fly by tsx, which counts in the import time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const started = performance.now(); // ms since the process's time origin: Node's own start-up
const sources: { path: string; text: string }[] = [];
const ROOT = join(import.meta.dirname, '..');
for (const path of process.argv.slice(2)) sources.push({ path, text: await readFile(join(ROOT, path), 'utf8') });

let t = performance.now();
const language = await import('../language/index.js');
const importMs = performance.now() - t;

t = performance.now();
const first = language.checkDocuments(sources.map((s) => new language.SourceFile(s.path, s.text)));
const firstCheckMs = performance.now() - t;

t = performance.now();
language.checkDocuments(sources.map((s) => new language.SourceFile(s.path, s.text)));
const warmCheckMs = performance.now() - t;

process.stdout.write(
  JSON.stringify({
    nodeStartMs: started,
    importMs,
    firstCheckMs,
    warmCheckMs,
    totalMs: performance.now(),
    errors: first.diagnostics.filter((d) => d.severity === 'error').length,
  }) + '\n',
);
