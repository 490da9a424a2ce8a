#!/usr/bin/env node
// How a service uses Rubric: plain Node.js, importing only the runtime (no compiler, no TypeScript loader).
//   node examples/service/evaluate.mjs <bundle folder> <guideline id> <case.json>
// Prints the determination as JSON. The bundle is refused if any byte differs from its manifest.
import { readFile } from 'node:fs/promises';
import { loadBundle } from 'rubric/runtime';

const [bundleDir, guidelineId, casePath] = process.argv.slice(2);
if (!bundleDir || !guidelineId || !casePath) {
  console.error('usage: node examples/service/evaluate.mjs <bundle folder> <guideline id> <case.json>');
  process.exit(2);
}

const loaded = await loadBundle(bundleDir);
if (!loaded.ok) {
  console.error(`bundle refused (${loaded.error.code}): ${loaded.error.message}`);
  process.exit(2);
}
const result = loaded.value.evaluate(guidelineId, JSON.parse(await readFile(casePath, 'utf8')));
if (!result.ok) {
  console.error(result.error.message);
  process.exit(2);
}
console.log(JSON.stringify(result.value, null, 2));
