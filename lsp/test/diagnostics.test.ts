/**
 * Diagnostics over the protocol are the CLI's: for every diagnostics fixture (language/testdata/errors), the server
 * pushes (and, for a client that pulls, answers) exactly the codes, messages, ranges, suggestions and related
 * locations that language/'s checkDocuments gives for the same text beside the shipped libraries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import caseFileSchema from '../../runtime/case-file.schema.json' with { type: 'json' };
import { checkDocuments, SourceFile, type Diagnostic } from '../../language/index.js';
import { LineIndex } from '../server/convert.js';
import { GUIDELINES, ROOT, startServer, type Server } from './harness.js';

const errorsDir = join(ROOT, 'language', 'testdata', 'errors');
const librariesDir = join(GUIDELINES, 'valuesets');
const libraries = readdirSync(librariesDir)
  .filter((f) => f.endsWith('.rubric'))
  .map((f) => new SourceFile(pathToFileURL(join(librariesDir, f)).href, readFileSync(join(librariesDir, f), 'utf8')));
// RUB1007 is about the bytes of a file on disk; an editor hands the server text it has already decoded.
const fixtures = readdirSync(errorsDir).filter((f) => f.endsWith('.rubric') && !f.startsWith('1007-')).sort();

/** What the CLI's checker says about `text` at `uri`, as the LSP would show it. */
function expected(uri: string, text: string) {
  const source = new SourceFile(uri, text);
  const lines = new LineIndex(text);
  const libraryLines = new Map(libraries.map((l) => [l.uri, new LineIndex(l.text)]));
  return checkDocuments([source, ...libraries], { caseFileSchema })
    .diagnostics.filter((d: Diagnostic) => d.uri === uri)
    .map((d) => ({
      code: d.code,
      message: d.message,
      range: lines.range(d.span),
      suggestion: d.suggestion,
      related: (d.related ?? []).map((r) => ({ uri: r.uri, range: (libraryLines.get(r.uri) ?? lines).range(r.span), message: r.message })),
    }));
}

const shown = (diagnostics: LspDiagnostic[]) =>
  diagnostics.map((d) => ({
    code: d.code,
    message: d.message,
    range: d.range,
    suggestion: (d.data as { suggestion?: string } | undefined)?.suggestion,
    related: (d.relatedInformation ?? []).map((r) => ({ uri: r.location.uri, range: r.location.range, message: r.message })),
  }));

describe('pushed diagnostics', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  test.each(fixtures)('%s', async (file) => {
    const text = readFileSync(join(errorsDir, file), 'utf8');
    const doc = await server.open(file, text);
    const pushed = await server.diagnostics(doc);
    expect(pushed.length).toBeGreaterThan(0);
    expect(shown(pushed)).toEqual(expected(doc.uri, text));
    expect(pushed.every((d) => d.source === 'rubric')).toBe(true);
    await server.close(doc);
  });

  test('an edit brings new diagnostics for the new version, and fixing it clears them', async () => {
    const text = readFileSync(join(GUIDELINES, 'odg', 'neck-and-upper-back', 'cervical-facet-therapeutic-injection.rubric'), 'utf8');
    const doc = await server.open('seed.rubric', text);
    expect(await server.diagnostics(doc)).toEqual([]);
    const at = text.indexOf('exclude radiculopathy');
    const lines = new LineIndex(text);
    const range = lines.range({ start: at + 'exclude '.length, end: at + 'exclude radiculopathy'.length });
    await server.change(doc, [{ range, text: 'radiculapathy' }]);
    const broken = await server.diagnostics(doc);
    expect(broken.map((d) => [d.code, d.message, (d.data as { suggestion?: string }).suggestion])).toEqual([
      ['RUB1207', "'radiculapathy' is not a condition this guideline defines. Did you mean 'radiculopathy'?", 'radiculopathy'],
    ]);
    await server.change(doc, [{ range: { start: range.start, end: { line: range.end.line, character: range.start.character + 'radiculapathy'.length } }, text: 'radiculopathy' }]);
    expect(await server.diagnostics(doc)).toEqual([]);
    await server.close(doc);
  });
});

describe('pulled diagnostics', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ pull: true });
  });
  afterAll(() => server.stop());

  test('a client that pulls is told the server provides them, and gets the same diagnostics', async () => {
    expect(server.initialize.capabilities.diagnosticProvider).toEqual({ interFileDependencies: true, workspaceDiagnostics: false });
    const file = fixtures.find((f) => f.startsWith('1203-')) ?? '';
    const text = readFileSync(join(errorsDir, file), 'utf8');
    const doc = await server.open(file, text);
    const report = await server.request<{ kind: string; resultId: string; items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    expect(report.kind).toBe('full');
    expect(shown(report.items)).toEqual(expected(doc.uri, text));
    const again = await server.request<{ kind: string }>('textDocument/diagnostic', { textDocument: { uri: doc.uri }, previousResultId: report.resultId });
    expect(again.kind).toBe('unchanged');
    await server.close(doc);
  });
});
