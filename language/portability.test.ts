/**
 * language/ runs wherever the editor does (CLI, language server, browser worker): no Node APIs, no `process`,
 * and nothing from the compiler or the runtime.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const here = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return e.name === 'testdata' ? [] : sources(join(dir, e.name));
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [];
  });
}

it.each(sources(here).map((f) => relative(here, f)))('%s uses no Node API and nothing outside language/', (file) => {
  const text = readFileSync(join(here, file), 'utf8');
  expect(text).not.toMatch(/from ['"]node:/);
  expect(text).not.toMatch(/(?<!globalThis as [^)]*\)\.)\bprocess\./);
  expect(text).not.toMatch(/from ['"]\.\.\/(compiler|runtime|lsp)\//);
  expect(text).not.toMatch(/\brequire\(/);
});
