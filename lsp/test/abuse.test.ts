/**
 * Broken input over the protocol: truncated, binary and 5 MB documents, invalid URIs, out-of-range positions,
 * requests for documents never opened, edits racing with requests, cancellations, and thousands of random edits —
 * after each, the server still answers hover, and its resident memory stays bounded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GUIDELINES, CancellationTokenSource, positionOf, startServer, type Doc, type Server } from './harness.js';

const seed = readFileSync(join(GUIDELINES, 'odg', 'neck-and-upper-back', 'cervical-facet-therapeutic-injection.rubric'), 'utf8');

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** The server answers: a hover on the seed guideline's threshold still describes it. */
async function stillAnswers(): Promise<void> {
  const doc = await server.open('alive.rubric', seed);
  const h = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: doc.uri }, position: positionOf(seed, 'max_levels levels_at_once', 12) });
  expect(h.contents.value).toContain('value: **2 levels**');
  await server.close(doc);
}

const hoverAt = (doc: Doc, position: unknown) => server.request('textDocument/hover', { textDocument: { uri: doc.uri }, position });

describe('broken input', () => {
  test('every prefix of the seed guideline (every 97 characters) gets diagnostics and hovers without error', async () => {
    const doc = await server.open('prefix.rubric', '');
    for (let end = 0; end <= seed.length; end += 97) {
      await server.change(doc, [{ text: seed.slice(0, end) }]);
      const diagnostics = await server.diagnostics(doc);
      for (const d of diagnostics) expect(Number.isInteger(d.range.start.line) && Number.isInteger(d.range.end.character)).toBe(true);
      await hoverAt(doc, { line: 40, character: 5 });
      await server.request('textDocument/completion', { textDocument: { uri: doc.uri }, position: { line: 1e6, character: 0 } });
      await server.request('textDocument/semanticTokens/full', { textDocument: { uri: doc.uri } });
    }
    await server.close(doc);
    await stillAnswers();
  }, 120_000);

  test('binary content, a 5 MB document, invalid URIs', async () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    const binary = await server.open('binary.rubric', `\u0000\ufffd${bytes}`);
    expect((await server.diagnostics(binary)).length).toBeGreaterThan(0);
    await server.close(binary);

    const huge = await server.open('huge.rubric', seed.repeat(Math.ceil((5 * 1024 * 1024) / seed.length)));
    const [warning] = await server.diagnostics(huge);
    expect(warning?.message).toMatch(/characters; the editor checks documents of up to/);
    expect(await hoverAt(huge, { line: 3, character: 3 })).toBeNull();
    await server.close(huge);

    for (const uri of ['not a uri', '::::', 'file:///%E0%A4%A', 'untitled:Untitled-1']) {
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'rubric', version: 1, text: seed } });
      await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      await server.request('textDocument/codeLens', { textDocument: { uri } });
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    await stillAnswers();
  }, 120_000);

  test('out-of-range and malformed positions, unopened documents, malformed params', async () => {
    const doc = await server.open('positions.rubric', seed);
    await server.diagnostics(doc);
    for (const position of [{ line: 1e9, character: 1e9 }, { line: -1, character: -1 }, { line: 0.5, character: null }, null, 'x']) {
      await hoverAt(doc, position);
      await server.request('textDocument/completion', { textDocument: { uri: doc.uri }, position });
      await server.request('textDocument/definition', { textDocument: { uri: doc.uri }, position });
    }
    await server.request('textDocument/inlayHint', { textDocument: { uri: doc.uri }, range: { start: { line: 50, character: 0 }, end: { line: -3, character: 9e9 } } });
    expect(await server.request('textDocument/hover', { textDocument: { uri: 'file:///never/opened.rubric' }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await server.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///never/opened.rubric' } })).toEqual([]);
    await server.request('textDocument/hover', {});
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.rubric', version: 2 }, contentChanges: [{ text: 'x' }] });
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: 99 }, contentChanges: [{ range: { start: { line: 1e6, character: 0 }, end: { line: -5, character: 0 } }, text: 'guideline' }] });
    await server.close(doc);
    await stillAnswers();
  });

  test('edits racing with requests, and cancelled requests', async () => {
    const doc = await server.open('race.rubric', seed);
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      void server.change(doc, [{ range: { start: { line: 60, character: 0 }, end: { line: 60, character: 0 } }, text: i % 2 ? 'x' : '\n' }]);
      pending.push(hoverAt(doc, { line: 60 + (i % 5), character: 4 }));
      const cancel = new CancellationTokenSource();
      pending.push(server.request('textDocument/completion', { textDocument: { uri: doc.uri }, position: { line: 61, character: 3 } }, cancel).catch((e: { code?: number }) => e.code));
      cancel.cancel();
    }
    const answers = await Promise.all(pending);
    // A cancelled request is answered RequestCancelled (-32800) or, when it was already done, with its result.
    for (const a of answers) if (typeof a === 'number') expect(a).toBe(-32800);
    await server.diagnostics(doc);
    await server.close(doc);
    await stillAnswers();
  }, 120_000);

  test('3,000 random edits: hover still answers and resident memory stays bounded', async () => {
    const doc = await server.open('random.rubric', seed);
    let text = seed;
    let state = 12345;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % Math.max(1, n);
    };
    const pieces = ['require ', 'x', '\n', ' ', '"', 'criterion a', '(', ')', '>=', '70%', '{', 'cite '];
    for (let i = 0; i < 3000; i++) {
      const start = random(text.length + 1);
      const end = Math.min(text.length, start + random(4));
      const insert = pieces[random(pieces.length)] ?? '';
      const before = text.slice(0, start);
      const line = before.split('\n').length - 1;
      const character = before.length - before.lastIndexOf('\n') - 1;
      const endBefore = text.slice(0, end);
      const endLine = endBefore.split('\n').length - 1;
      const endCharacter = endBefore.length - endBefore.lastIndexOf('\n') - 1;
      text = text.slice(0, start) + insert + text.slice(end);
      void server.change(doc, [{ range: { start: { line, character }, end: { line: endLine, character: endCharacter } }, text: insert }]);
      if (i % 500 === 0) await hoverAt(doc, { line: random(100), character: random(30) });
    }
    await server.diagnostics(doc);
    // The server's text is the text the edits make.
    const symbols = await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
    expect(Array.isArray(symbols)).toBe(true);
    await server.close(doc);
    await stillAnswers();
    const rss = await server.rss();
    if (rss !== null) expect(rss).toBeLessThan(600 * 1024 * 1024);
  }, 180_000);
});
