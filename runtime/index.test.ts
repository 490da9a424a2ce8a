import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { loadBundle, renderText } from './index.js';
import { seedBundle, writeBundle } from './testdata/write-bundle.js';

test('the public API: load a bundle folder, evaluate the seed case, render the rationale', async () => {
  const seed = await seedBundle();
  const dir = await writeBundle(seed.files, seed.guidelines);
  try {
    const loaded = await loadBundle(dir);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const seedCase: unknown = JSON.parse(readFileSync(new URL('../examples/seed/case.json', import.meta.url), 'utf8'));
    const result = loaded.value.evaluate('cervical_facet_therapeutic_injection', seedCase);
    if (!result.ok) throw new Error(result.error.message);
    expect(renderText(result.value)).toBe(readFileSync(new URL('../examples/seed/expected-rationale.txt', import.meta.url), 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the runtime imports nothing from language/ or compiler/', () => {
  const files = ['index', 'load', 'verify', 'guideline-code', 'evaluate', 'determination', 'validate-case', 'json-data', 'render', 'canonical-json', 'result', 'case-file'];
  for (const file of files) {
    const text = readFileSync(new URL(`./${file}.ts`, import.meta.url), 'utf8');
    expect(text, file).not.toMatch(/from '\.\.\//);
  }
});
