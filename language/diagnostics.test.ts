/**
 * One fixture per diagnostic code: `testdata/errors/<NNNN-name>.rubric` is checked together with the
 * shipped libraries, and its diagnostics, rendered `file:line:col CODE message`, must be exactly
 * `<NNNN-name>.diagnostics.txt`. Run with RUBRIC_UPDATE_FIXTURES=1 to rewrite them (then read the diff).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
// The CLI checks with the case-file schema as its vocabulary of paths (compiler/check-options.ts); so do the fixtures.
import caseFileSchema from '../runtime/case-file.schema.json' with { type: 'json' };
import { allCodes } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import { checkDocuments, decodeSource, SourceFile } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const errorsDir = join(here, 'testdata', 'errors');
const librariesDir = join(here, '..', 'guidelines', 'valuesets');
const update = process.env.RUBRIC_UPDATE_FIXTURES === '1';

/** `file:line:col CODE message`, one line per diagnostic, in source order. */
export function render(sources: readonly SourceFile[], diagnostics: readonly Diagnostic[]): string {
  const byUri = new Map(sources.map((s) => [s.uri, s]));
  return diagnostics
    .map((d) => {
      const source = byUri.get(d.uri);
      const at = source?.positionAt(d.span.start) ?? { line: 0, column: 0 };
      return { uri: d.uri, at, line: `${d.uri}:${at.line}:${at.column} ${d.code} ${d.message}` };
    })
    .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || a.at.line - b.at.line || a.at.column - b.at.column)
    .map((r) => r.line + '\n')
    .join('');
}

const libraries = readdirSync(librariesDir)
  .filter((f) => f.endsWith('.rubric'))
  .map((f) => new SourceFile(`valuesets/${f}`, readFileSync(join(librariesDir, f), 'utf8')));

const fixtures = readdirSync(errorsDir)
  .filter((f) => f.endsWith('.rubric'))
  .sort();

/** Codes without a fixture, and why. */
const withoutFixture: Record<string, string> = {
  RUB1999: 'an internal error is a bug in Rubric; check.test.ts provokes one through a broken SourceFile',
};

describe('diagnostic fixtures', () => {
  test.each(fixtures)('%s', (file) => {
    // Read as the CLI reads files: bytes, decoded as UTF-8 or reported (RUB1007).
    const decoded = decodeSource(file, readFileSync(join(errorsDir, file)));
    const source = decoded.source;
    const result = checkDocuments([source, ...libraries], { caseFileSchema, readDiagnostics: decoded.diagnostics });
    const actual = render([source, ...libraries], result.diagnostics);
    const expectedPath = join(errorsDir, file.replace(/\.rubric$/, '.diagnostics.txt'));
    if (update) writeFileSync(expectedPath, actual);
    expect(existsSync(expectedPath), `${expectedPath} is missing; run with RUBRIC_UPDATE_FIXTURES=1 and read it`).toBe(true);
    expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    // The fixture named after a code reports that code.
    const code = `RUB${file.slice(0, 4)}`;
    expect(result.diagnostics.map((d) => d.code)).toContain(code);
    // A file with errors never reaches the model.
    if (result.diagnostics.some((d) => d.severity === 'error' && d.uri === file)) {
      expect(result.model.guidelines.map((g) => g.uri)).not.toContain(file);
    }
  });

  test('every code says how to fix it', () => {
    expect(allCodes.filter((c) => (c.fix ?? '').trim() === '').map((c) => c.code)).toEqual([]);
  });

  test('every code has a fixture, except those listed with a reason', () => {
    const covered = new Set(fixtures.map((f) => `RUB${f.slice(0, 4)}`));
    const missing = allCodes.map((c) => c.code).filter((c) => !covered.has(c) && !(c in withoutFixture));
    expect(missing).toEqual([]);
    for (const code of Object.keys(withoutFixture)) expect(covered.has(code)).toBe(false);
  });
});

/**
 * language/CODES.md, the authors' list of every diagnostic: code, severity, what it means (the fixture's first
 * comment line) and the message it printed there. Regenerated with `vitest -u`; a new code shows up in its diff.
 */
test('CODES.md lists every code with an example from its fixture', async () => {
  const rows = allCodes.map((def) => {
    const fixture = fixtures.find((f) => `RUB${f.slice(0, 4)}` === def.code);
    const fix = (def.fix ?? '').replace(/\|/g, '\\|');
    if (fixture === undefined) return `| ${def.code} | ${def.severity} | ${withoutFixture[def.code] ?? ''} | | ${fix} |`;
    const about = (readFileSync(join(errorsDir, fixture), 'utf8').split('\n')[0] ?? '').replace(/^#\s*/, '');
    const printed = readFileSync(join(errorsDir, fixture.replace(/\.rubric$/, '.diagnostics.txt')), 'utf8')
      .split('\n')
      .find((line) => line.includes(` ${def.code} `));
    const message = (printed ?? '').replace(/^\S+ RUB\d{4} /, '').replace(/\|/g, '\\|');
    return `| ${def.code} | ${def.severity} | ${about.replace(/\|/g, '\\|')} | ${message} | ${fix} |`;
  });
  const markdown = [
    '# Rubric diagnostics',
    '',
    'Every problem `rubric check` reports has a stable code. Codes never change meaning. Each example is what Rubric',
    'printed for the fixture in `language/testdata/errors/` named after the code; the last column says how to fix it.',
    '',
    '| code | severity | when | example | how to fix |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  await expect(markdown).toMatchFileSnapshot(join(here, 'CODES.md'));
});

