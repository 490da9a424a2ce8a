/**
 * Stress part 7, language server: the BUILT server (dist/lsp/server.mjs) started over stdio by the protocol tests'
 * harness (lsp/test/harness.ts), then random edits and requests on documents copied from the shipped guidelines:
 * ranged edits typing the language fuzz's fragments (stress/language-fuzz.ts), deletions, whole-text replacements by
 * a mutated guideline, and every request the server offers at random positions (some outside the document).
 * Guarantees, checked after each batch: the server is alive and answers (a hover on the seed guideline's threshold
 * describes it), no request fails with an internal error or goes unanswered, the diagnostics of every edited
 * document arrive for its latest version with every range inside it, and resident memory stays under `rssBound`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { GUIDELINES, positionOf, startServer, type Doc, type Server } from '../lsp/test/harness.js';
import { Failures, shorten, type Figure } from './figures.js';
import { fragment, mutation, shippedSources } from './language-fuzz.js';

export interface LanguageServerOptions {
  /** Edits and requests in all. */
  readonly operations: number;
  /** Operations between two checks that the server still answers. */
  readonly batch: number;
  /** Largest resident memory of the server, in bytes. */
  readonly rssBound: number;
  readonly seed: number;
}

export const languageServerSizes = {
  bounded: { operations: 600, batch: 150, rssBound: 600 * 1024 * 1024, seed: 7 },
  full: { operations: 10_000, batch: 500, rssBound: 600 * 1024 * 1024, seed: 7 },
} as const satisfies Record<string, LanguageServerOptions>;

const SEED_PATH = join(GUIDELINES, 'odg', 'neck-and-upper-back', 'cervical-facet-therapeutic-injection.rubric');
/** How long a request may take before it counts as unanswered (generous: the machine may be loaded). */
const ANSWER_MS = 60_000;
const MB = 1024 * 1024;
const PART = 'language server (random edits and requests over stdio)';

/** Request methods and their parameters at a position (or range) in a document. */
const REQUESTS: readonly ((uri: string, at: Position, to: Position) => [string, unknown])[] = [
  (uri, at) => ['textDocument/hover', { textDocument: { uri }, position: at }],
  (uri, at) => ['textDocument/completion', { textDocument: { uri }, position: at }],
  (uri, at) => ['textDocument/definition', { textDocument: { uri }, position: at }],
  (uri, at) => ['textDocument/references', { textDocument: { uri }, position: at, context: { includeDeclaration: true } }],
  (uri, at) => ['textDocument/prepareRename', { textDocument: { uri }, position: at }],
  (uri, at) => ['textDocument/rename', { textDocument: { uri }, position: at, newName: 'renamed_by_stress' }],
  (uri) => ['textDocument/documentSymbol', { textDocument: { uri } }],
  (uri) => ['textDocument/foldingRange', { textDocument: { uri } }],
  (uri, at, to) => ['textDocument/selectionRange', { textDocument: { uri }, positions: [at, to] }],
  (uri) => ['textDocument/semanticTokens/full', { textDocument: { uri } }],
  (uri, at, to) => ['textDocument/inlayHint', { textDocument: { uri }, range: { start: at, end: to } }],
  (uri) => ['textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }],
  (uri, at, to) => ['textDocument/rangeFormatting', { textDocument: { uri }, range: { start: at, end: to }, options: { tabSize: 2, insertSpaces: true } }],
  (uri, at, to) => ['textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: to }, context: { diagnostics: [] } }],
  (uri) => ['textDocument/codeLens', { textDocument: { uri } }],
  () => ['workspace/symbol', { query: 'pain' }],
];

interface Position {
  readonly line: number;
  readonly character: number;
}

/** One operation: where (fractions of the document, read against its text when applied) and what. */
type Operation =
  | { readonly kind: 'type'; readonly doc: number; readonly at: number; readonly remove: number; readonly text: string }
  | { readonly kind: 'replace'; readonly doc: number; readonly base: number; readonly mutations: readonly { apply: (t: string) => string; kind: string }[] }
  | { readonly kind: 'request'; readonly doc: number; readonly request: number; readonly at: number; readonly to: number; readonly outside: boolean };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('type' as const), doc: fc.nat(), at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), text: fragment }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), doc: fc.nat(), base: fc.nat(), mutations: fc.array(mutation(20_000), { minLength: 1, maxLength: 2 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('request' as const), doc: fc.nat(), request: fc.nat(), at: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }), outside: fc.boolean() }),
  },
);

/** The LSP position (UTF-16, 0-based lines) of an offset. */
function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line, character: offset - lineStart };
}

/** An offset between the CR and the LF of a CRLF has no LSP position of its own: step back before the CR. */
const notInsideCrLf = (text: string, offset: number) => (text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset);

const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length;

export async function languageServer(options: LanguageServerOptions): Promise<Figure> {
  const failures = new Failures();
  const { guidelines } = shippedSources();
  const seedText = readFileSync(SEED_PATH, 'utf8');
  let server: Server;
  try {
    server = await startServer();
  } catch (e) {
    failures.add(`the server did not start: ${e instanceof Error ? e.message : String(e)}`, '');
    return { part: PART, inputs: 0, failures: failures.count, figures: {}, examples: failures.examples };
  }
  const exited: string[] = [];
  server.process.on('exit', (code, signal) => exited.push(`the server exited (code ${code}, signal ${signal})`));
  const counts = new Map<string, number>();
  const count = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
  let done = 0;
  const rss: number[] = [];
  try {
    const docs: Doc[] = [];
    for (let i = 0; i < 3; i++) {
      const base = guidelines[(i * 7) % guidelines.length]!;
      docs.push(await server.open(`stress-${i}.rubric`, base.text));
    }
    await Promise.all(docs.map((d) => server.diagnostics(d)));
    await stillAnswers(server, seedText, failures, 'before the first batch');
    rss.push((await server.rss()) ?? NaN);

    for (let first = 0; first < options.operations && exited.length === 0; first += options.batch) {
      const ops = fc.sample(operation, { seed: options.seed + first, numRuns: Math.min(options.batch, options.operations - first) });
      const pending: Promise<void>[] = [];
      for (const op of ops) {
        const doc = docs[op.doc % docs.length]!;
        if (op.kind === 'type') {
          const start = notInsideCrLf(doc.text, Math.floor(op.at * doc.text.length));
          const end = notInsideCrLf(doc.text, Math.min(doc.text.length, start + op.remove));
          const range = { start: positionAt(doc.text, start), end: positionAt(doc.text, end) };
          doc.text = doc.text.slice(0, start) + op.text + doc.text.slice(end);
          await server.change(doc, [{ range, text: op.text }]);
          count('ranged edits');
        } else if (op.kind === 'replace') {
          const base = guidelines[op.base % guidelines.length]!;
          doc.text = op.mutations.reduce((t, m) => m.apply(t), base.text);
          await server.change(doc, [{ text: doc.text }]);
          count('whole-text replacements');
        } else {
          const make = REQUESTS[op.request % REQUESTS.length]!;
          const spot = (f: number): Position => (op.outside ? { line: lineCount(doc.text) + Math.floor(f * 50), character: Math.floor(f * 1e6) } : positionAt(doc.text, Math.floor(f * doc.text.length)));
          const [method, params] = make(doc.uri, spot(op.at), spot(op.to));
          count('requests');
          pending.push(answered(server, method, params, failures, doc.text));
        }
      }
      await Promise.all(pending);
      done += ops.length;
      if (exited.length > 0) break;
      for (const doc of docs) await diagnosticsInside(server, doc, failures);
      await stillAnswers(server, seedText, failures, `after ${done.toLocaleString('en-US')} operations`);
      rss.push((await server.rss()) ?? NaN);
    }
    for (const doc of docs) await server.close(doc);
  } finally {
    await server.stop();
  }
  for (const e of exited.filter((e) => !/signal SIGTERM|code 0/.test(e))) failures.add(e, server.log.join('').slice(-2000));
  if (done < options.operations) failures.add(`only ${done} of ${options.operations} operations ran`, '');
  const failedLog = server.log.filter((l) => /failed:/.test(l));
  for (const line of failedLog.slice(0, 3)) failures.add('the server logged a failed handler', line);
  const largest = Math.max(...rss.filter((r) => Number.isFinite(r)));
  if (largest > options.rssBound) failures.add(`resident memory reached ${(largest / MB).toFixed(0)} MB (bound ${(options.rssBound / MB).toFixed(0)} MB)`, '');
  // At most about 20 samples printed: enough to tell a plateau from growth.
  const every = Math.ceil(rss.length / 20);
  const mb = (r: number | undefined) => (r === undefined || !Number.isFinite(r) ? 'n/a' : `${(r / MB).toFixed(0)} MB`);
  return {
    part: PART,
    inputs: done,
    failures: failures.count,
    figures: {
      operations: [...counts].sort().map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', '),
      'checked after each batch': `${rss.length - 1} batches of ${options.batch}: hover answers on the seed guideline, diagnostics of every edited document for its latest version, every range inside the document`,
      'resident memory': `${mb(rss[0])} before the first batch → ${mb(rss.at(-1))} after the last (largest ${mb(largest)}; bound ${mb(options.rssBound)})`,
      [`resident memory, MB, every ${every === 1 ? '' : `${every} `}batch${every === 1 ? '' : 'es'}`]: rss
        .filter((_, i) => i % every === 0 || i === rss.length - 1)
        .map((r) => (Number.isFinite(r) ? (r / MB).toFixed(0) : 'n/a'))
        .join(', '),
      'handlers that failed (logged)': String(failedLog.length),
    },
    examples: failures.examples,
  };
}

/** A request is answered (a result, or cancelled / content modified), not an internal error, within ANSWER_MS. */
async function answered(server: Server, method: string, params: unknown, failures: Failures, text: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ANSWER_MS)));
  try {
    const answer = await Promise.race([server.request(method, params).then(() => 'answered' as const), timeout]);
    if (answer === 'timeout') failures.add(`${method} went unanswered for ${ANSWER_MS / 1000} s`, `${JSON.stringify(params)}\n${text}`);
  } catch (e) {
    const code = (e as { code?: number }).code;
    // RequestCancelled (-32800) and ContentModified (-32801) are answers; anything else is a failed request.
    if (code !== -32800 && code !== -32801) failures.add(`${method} failed: ${(e as Error).message} (code ${code})`, `${JSON.stringify(params)}\n${shorten(text)}`);
  } finally {
    clearTimeout(timer);
  }
}

async function diagnosticsInside(server: Server, doc: Doc, failures: Failures): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ANSWER_MS)));
  const diagnostics = await Promise.race([server.diagnostics(doc), timeout]);
  clearTimeout(timer);
  if (diagnostics === null) {
    failures.add(`no diagnostics for version ${doc.version} within ${ANSWER_MS / 1000} s`, doc.text);
    return;
  }
  const lines = doc.text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    const { start, end } = d.range;
    const inside = (p: Position) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= (lines[p.line]?.length ?? 0);
    if (!inside(start) || !inside(end)) {
      failures.add(`${d.code} at ${JSON.stringify(d.range)} is outside the document (${lines.length} lines)`, doc.text);
      return;
    }
  }
}

/** A fresh document with the seed guideline: a hover on its threshold still describes it. */
async function stillAnswers(server: Server, seed: string, failures: Failures, when: string): Promise<void> {
  const doc = await server.openPath(SEED_PATH, seed);
  try {
    const h = await server.request<{ contents?: { value?: string } } | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: positionOf(seed, 'max_levels levels_at_once', 12) });
    if (!h?.contents?.value?.includes('value: **2 levels**')) failures.add(`the hover on the seed guideline did not describe its threshold ${when}`, JSON.stringify(h));
  } catch (e) {
    failures.add(`the server did not answer a hover ${when}: ${(e as Error).message}`, '');
  } finally {
    await server.close(doc);
  }
}
