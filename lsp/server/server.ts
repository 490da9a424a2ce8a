/**
 * Capabilities and registration: one line per feature, each through guard(). Documents are synced incrementally
 * (vscode-languageserver-textdocument applies the edits); the checker runs over the open documents and the library
 * files on disk (analysis.ts). Diagnostics are pulled when the client supports textDocument/diagnostic, else pushed,
 * debounced after each edit.
 */
import {
  FileChangeType,
  TextDocumentSyncKind,
  type Connection,
  type DocumentDiagnosticParams,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from './analysis.js';
import { isLibraryText, readLibraryFile, rubricFilesUnder } from './disk.js';
import { guard, guardNotification, type Log } from './guard.js';
import { diagnosticsFor } from './features/diagnostics.js';

export interface ServerOptions {
  /** Milliseconds between the last edit and the check whose diagnostics are pushed (default 150). */
  readonly debounceMs?: number;
}

export function createServer(connection: Connection): { analysis: Analysis } {
  const log: Log = { error: (m) => connection.console.error(m) };
  const analysis = new Analysis();
  const texts = new Map<string, TextDocument>();
  let debounceMs = 150;
  let pull = false;
  let diagnosticsRefresh = false;
  let folders: string[] = [];
  const published = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The library files on disk are read once the client is initialized; nothing is answered before that.
  let diskRead: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (diskRead = resolve));
  /** The snapshot every request reads, once the library files on disk are in. */
  const current = async () => {
    await ready;
    return analysis.snapshot();
  };

  const publish = () => {
    timer = undefined;
    const snapshot = analysis.snapshot();
    for (const uri of analysis.openUris()) {
      const diagnostics = diagnosticsFor(snapshot, uri);
      const key = `${analysis.version(uri) ?? ""} ${JSON.stringify(diagnostics)}`;
      if (published.get(uri) === key) continue;
      published.set(uri, key);
      const version = analysis.version(uri);
      void connection.sendDiagnostics({ uri, ...(version === null ? {} : { version }), diagnostics });
    }
  };
  const schedule = (libraryChanged: boolean) => {
    if (pull) {
      // The client pulls the edited document itself; the others change when a library they use does.
      if (libraryChanged && diagnosticsRefresh) void connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      void ready.then(() => {
        try {
          publish();
        } catch (error) {
          log.error(`rubric: publishing diagnostics failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    }, debounceMs);
  };

  const setText = (uri: string, document: TextDocument) => {
    texts.set(uri, document);
    const text = document.getText();
    analysis.setOpen(uri, text, document.version);
    schedule(isLibraryText(text.slice(0, 4096)));
  };

  connection.onInitialize(
    guard(log, 'initialize', (params: InitializeParams): InitializeResult => {
      const options = (params.initializationOptions ?? {}) as ServerOptions;
      if (typeof options.debounceMs === 'number' && Number.isFinite(options.debounceMs) && options.debounceMs >= 0) debounceMs = options.debounceMs;
      pull = params.capabilities.textDocument?.diagnostic !== undefined;
      diagnosticsRefresh = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
      folders = (params.workspaceFolders ?? []).map((f) => f.uri);
      if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
      const capabilities: ServerCapabilities = {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...(pull ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      };
      return { capabilities, serverInfo: { name: 'rubric-language-server' } };
    }) as never,
  );

  connection.onInitialized(
    guardNotification(log, 'initialized', async () => {
      try {
        for (const folder of folders) {
          for (const uri of await rubricFilesUnder(folder)) {
            const text = await readLibraryFile(uri);
            if (text !== null) analysis.setDisk(uri, text);
          }
        }
      } finally {
        diskRead();
        schedule(true);
      }
    }),
  );

  connection.onDidOpenTextDocument(
    guardNotification(log, 'didOpen', (params) => {
      const d = params.textDocument;
      setText(d.uri, TextDocument.create(d.uri, d.languageId, d.version, typeof d.text === 'string' ? d.text : ''));
    }),
  );
  connection.onDidChangeTextDocument(
    guardNotification(log, 'didChange', (params) => {
      const current = texts.get(params.textDocument.uri);
      if (!current) return; // a change to a document that was never opened: nothing to apply it to
      setText(params.textDocument.uri, TextDocument.update(current, params.contentChanges, params.textDocument.version));
    }),
  );
  connection.onDidCloseTextDocument(
    guardNotification(log, 'didClose', (params) => {
      const uri = params.textDocument.uri;
      texts.delete(uri);
      analysis.close(uri);
      published.delete(uri);
      if (!pull) void connection.sendDiagnostics({ uri, diagnostics: [] });
      void readLibraryFile(uri).then((text) => {
        if (text !== null) analysis.setDisk(uri, text);
        schedule(true);
      });
    }),
  );
  connection.onDidChangeWatchedFiles(
    guardNotification(log, 'didChangeWatchedFiles', async (params) => {
      for (const change of params.changes) {
        if (!change.uri.endsWith('.rubric')) continue;
        analysis.setDisk(change.uri, change.type === FileChangeType.Deleted ? null : await readLibraryFile(change.uri));
      }
      schedule(true);
    }),
  );

  connection.languages.diagnostics.on(
    guard(log, 'diagnostics', async (params: DocumentDiagnosticParams) => {
      const snapshot = await current();
      const resultId = String(snapshot.generation);
      if (params.previousResultId === resultId) return { kind: 'unchanged' as const, resultId };
      return { kind: 'full' as const, resultId, items: diagnosticsFor(snapshot, params.textDocument.uri) };
    }) as never,
  );

  return { analysis };
}
