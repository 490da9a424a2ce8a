import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { checkDocuments, SourceFile } from '../language/index.js';
import { PACKAGE_ROOT } from './bundle.js';
import { compile } from './index.js';
import { SEED_URI, SPINE_URI, seedModel } from './testdata/seed-model.js';

/** The hand-written seed model stands for the checker's: both must compile to the same bundle. */
test('the seed checked from its .rubric sources compiles to the same bundle as the hand-written model', async () => {
  const sources = [SEED_URI, SPINE_URI].map((p) => ({ path: p, text: readFileSync(join(PACKAGE_ROOT, p), 'utf8') }));
  const checked = checkDocuments(sources.map((s) => new SourceFile(s.path, s.text)));
  expect(checked.diagnostics).toEqual([]);
  const fromSource = await compile(checked.model, sources);
  const byHand = await compile(seedModel, sources);
  if (!fromSource.ok || !byHand.ok) throw new Error('compile failed');
  expect(fromSource.moduleText).toBe(byHand.moduleText);
  expect(fromSource.manifest).toEqual(byHand.manifest);
  expect(fromSource.manifest.sources.map((s) => s.path)).toEqual([SEED_URI, SPINE_URI]);
});
