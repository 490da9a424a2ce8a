/**
 * The TextMate grammar, run by the engine VS Code runs it with (vscode-textmate over vscode-oniguruma's WebAssembly
 * Oniguruma): every shipped guideline and library tokenizes, and its scopes are pinned in a snapshot per file
 * (`lsp/test/__snapshots__/textmate/<path>.scopes.txt`, one line per token: `line:col text → scope`). Update with
 * `npx vitest run lsp/test/textmate.test.ts -u` and read the diff.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { GUIDELINES, ROOT } from './harness.js';

const require = createRequire(import.meta.url);
const GRAMMAR = join(ROOT, 'lsp', 'client', 'syntaxes', 'rubric.tmLanguage.json');

let grammar: IGrammar;
beforeAll(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === 'source.rubric' ? parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  const loaded = await registry.loadGrammar('source.rubric');
  if (!loaded) throw new Error('the Rubric grammar did not load');
  grammar = loaded;
});

/** `line:col text → most specific scope`, for every token that is not blank. */
function scopes(text: string): string {
  let state = INITIAL;
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim() === '') continue;
      const shown = piece.length > 60 ? `${piece.slice(0, 57)}...` : piece;
      out.push(`${i + 1}:${t.startIndex + 1} ${shown} → ${t.scopes.slice(1).join(' ') || t.scopes[0]}`);
    }
    state = result.ruleStack;
  });
  return `${out.join('\n')}\n`;
}

const shipped = (function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.rubric') ? [join(dir, e.name)] : [],
  );
})(GUIDELINES).sort();

describe('TextMate grammar', () => {
  test('the parts of a criterion get the scopes themes colour', () => {
    const text = [
      'criterion two_levels "No more than {levels_at_once} levels." # the limit',
      '  require initial_relief >= 70% and sustained_relief >= 50% for >= 6 weeks',
      '  exclude radiculopathy',
      '  fact levels "levels" count levels of request.levels',
      'valueset stenosis "stenosis" icd10 M48.0*, M54.12 cpt 64490',
    ].join('\n');
    const s = scopes(text);
    expect(s).toContain('1:1 criterion → keyword.other.declaration.rubric');
    expect(s).toContain('1:11 two_levels → entity.name.function.criterion.rubric');
    expect(s).toContain('{levels_at_once} → string.quoted.double.rubric variable.other.placeholder.rubric');
    expect(s).toContain('# the limit → comment.line.number-sign.rubric');
    expect(s).toContain('2:26 >= → keyword.operator.comparison.rubric');
    expect(s).toContain('2:29 70 → constant.numeric.rubric');
    expect(s).toContain('2:31 % → keyword.other.unit.rubric');
    expect(s).toContain('weeks → keyword.other.unit.rubric');
    expect(s).toContain('request.levels → variable.other.path.rubric');
    expect(s).toContain('M48.0* → constant.other.code.rubric');
    expect(s).toContain('64490 → constant.other.code.rubric');
    expect(s).toContain('3:3 exclude → keyword.other.rubric');
  });

  test.each(shipped.map((f) => [relative(GUIDELINES, f), f]))('%s', async (name, file) => {
    await expect(scopes(readFileSync(file, 'utf8'))).toMatchFileSnapshot(join('__snapshots__', 'textmate', `${name.replace(/\//g, '__')}.scopes.txt`));
  });
});
