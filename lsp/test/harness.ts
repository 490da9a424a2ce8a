/**
 * The protocol test harness (Volar's `startLanguageServer`): forks the BUILT server (dist/lsp/server.mjs, what the
 * extension ships) with `--stdio` and speaks JSON-RPC to it through vscode-languageserver-protocol. One server per
 * test file, one document per test: `open()` gives each test its own uri.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'lsp', 'server.mjs');
export const GUIDELINES = join(ROOT, 'guidelines');

export interface Doc {
  readonly uri: string;
  version: number;
  text: string;
}

export interface StartOptions {
  /** Ask for pulled diagnostics (textDocument/diagnostic) instead of pushed ones. */
  readonly pull?: boolean;
  /** The workspace folder whose library files the server reads; guidelines/ unless a test says otherwise. */
  readonly folder?: string | null;
  readonly debounceMs?: number;
  /** The server script (a test of the packaged extension passes the unpacked copy). */
  readonly server?: string;
  readonly initializationOptions?: Record<string, unknown>;
}

export interface Server {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly initialize: InitializeResult;
  /** Everything the server wrote to its log (window/logMessage) and to stderr. */
  readonly log: string[];
  /** A new document under the workspace folder (not on disk), opened with `text`. */
  open(name: string, text: string): Promise<Doc>;
  /** Opens a document at a given file path (a real guideline, so the files beside it are found). */
  openPath(path: string, text: string): Promise<Doc>;
  /** Replaces the whole text, or applies ranged edits. */
  change(doc: Doc, changes: TextDocumentContentChangeEvent[]): Promise<void>;
  close(doc: Doc): Promise<void>;
  /** The next pushed diagnostics for `doc` at its current version (or later). */
  diagnostics(doc: Doc): Promise<Diagnostic[]>;
  request<R>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R>;
  /** Resident memory of the server process, in bytes (from /proc; null where there is none). */
  rss(): Promise<number | null>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startServer(options: StartOptions = {}): Promise<Server> {
  const server = options.server ?? SERVER;
  if (!existsSync(server)) throw new Error(`${server} is missing: run node build.mjs`);
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    log.push(p.message);
  });

  const pushed = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const list = pushed.get(p.uri) ?? [];
    list.push(p);
    pushed.set(p.uri, list);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && (p.version ?? Infinity) >= w.version) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  // Requests a server may send a client: answer them as VS Code would.
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => options.initializationOptions ?? null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onRequest('workspace/semanticTokens/refresh', () => null);
  connection.onRequest('workspace/inlayHint/refresh', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();

  const folder = options.folder === undefined ? GUIDELINES : options.folder;
  const folderUri = folder === null ? null : pathToFileURL(folder).href;
  const capabilities: ClientCapabilities = {
    textDocument: {
      synchronization: { dynamicRegistration: false },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor'] } } },
      semanticTokens: {
        requests: { full: { delta: true } },
        tokenTypes: [],
        tokenModifiers: [],
        formats: ['relative'],
      },
      publishDiagnostics: { relatedInformation: true, versionSupport: true },
      ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      rename: { prepareSupport: true },
      documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      foldingRange: {},
      selectionRange: {},
      inlayHint: {},
      codeLens: {},
    },
    workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
  };
  const initialize = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: folderUri === null ? null : [{ uri: folderUri, name: 'guidelines' }],
    capabilities,
    initializationOptions: { debounceMs: options.debounceMs ?? 0, ...options.initializationOptions },
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const base = folder ?? join(ROOT, 'lsp', 'test');
  const self: Server = {
    connection,
    process: child,
    initialize,
    log,
    async open(name, text) {
      const uri = pathToFileURL(join(base, `lsp-test-${process.pid}-${++counter}-${name}`)).href;
      const doc: Doc = { uri, version: 1, text };
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rubric', version: 1, text } });
      return doc;
    },
    async openPath(path, text) {
      const uri = pathToFileURL(path).href;
      const doc: Doc = { uri, version: 1, text };
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rubric', version: 1, text } });
      return doc;
    },
    async change(doc, changes) {
      doc.version++;
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: changes });
    },
    async close(doc) {
      await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: doc.uri } });
    },
    diagnostics(doc) {
      const latest = pushed.get(doc.uri)?.at(-1);
      if (latest && (latest.version ?? Infinity) >= doc.version) return Promise.resolve(latest.diagnostics);
      return new Promise((resolve) => waiters.push({ uri: doc.uri, version: doc.version, resolve }));
    },
    request(method, params, token) {
      return (token === undefined ? connection.sendRequest(method, params) : connection.sendRequest(method, params, token.token)) as never;
    },
    async rss() {
      try {
        const { readFile } = await import('node:fs/promises');
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
        return kb === undefined ? null : Number(kb) * 1024;
      } catch {
        return null;
      }
    },
    async stop() {
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
  return self;
}

/** The position of the first occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, at + delta);
  const lines = before.split('\n');
  return { line: lines.length - 1, character: (lines.at(-1) ?? '').length };
}

export { CancellationTokenSource };
