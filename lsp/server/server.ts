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
  type CodeActionParams,
  type CompletionParams,
  type DefinitionParams,
  type DocumentDiagnosticParams,
  type ExecuteCommandParams,
  type DocumentFormattingParams,
  type DocumentRangeFormattingParams,
  type HoverParams,
  type TextEdit,
  type InlayHintParams,
  type PrepareRenameParams,
  type ReferenceParams,
  type RenameParams,
  type SelectionRangeParams,
  type SemanticTokensDeltaParams,
  type WorkspaceSymbolParams,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from './analysis.js';
import { isLibraryText, readLibraryFile, rubricFilesUnder } from './disk.js';
import { guard, guardNotification, type Log } from './guard.js';
import { diagnosticsFor } from './features/diagnostics.js';
import { codeActions } from './features/code-actions.js';
import { completion } from './features/completion.js';
import { codeLenses, DEFAULT_EXAMPLE_CASE, evaluateExampleCase } from './features/evaluate.js';
import { hover } from './features/hover.js';
import { inlayHints } from './features/inlay-hints.js';
import { definition, prepareRename, references, rename } from './features/navigation.js';
import { formatDocument, formatDocumentRange } from './features/formatting.js';
import { legend, SemanticTokensProvider } from './features/semantic-tokens.js';
import { documentSymbols, foldingRanges, selectionRanges, workspaceSymbols } from './features/symbols.js';
import type { FileState } from './analysis.js';

export interface ServerOptions {
  /** Milliseconds between the last edit and the check whose diagnostics are pushed (default 150). */
  readonly debounceMs?: number;
  /** Where "Evaluate example case" finds a guideline's case file (the `rubric.exampleCase` setting). */
  readonly exampleCase?: string;
}

/** The command the "Evaluate example case" lens runs (through the client's `rubric.evaluateExampleCase`). */
export const EVALUATE_COMMAND = 'rubric.evaluate';

export function createServer(connection: Connection): { analysis: Analysis } {
  const log: Log = { error: (m) => connection.console.error(m) };
  const analysis = new Analysis();
  const texts = new Map<string, TextDocument>();
  let debounceMs = 150;
  let pull = false;
  let diagnosticsRefresh = false;
  let folders: string[] = [];
  let exampleCase = DEFAULT_EXAMPLE_CASE;
  let configurationPull = false;
  const semanticTokens = new SemanticTokensProvider();
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
      if (typeof options.exampleCase === 'string' && options.exampleCase !== '') exampleCase = options.exampleCase;
      configurationPull = params.capabilities.workspace?.configuration === true;
      pull = params.capabilities.textDocument?.diagnostic !== undefined;
      diagnosticsRefresh = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
      folders = (params.workspaceFolders ?? []).map((f) => f.uri);
      if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
      const capabilities: ServerCapabilities = {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...(pull ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', ' '], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        semanticTokensProvider: { legend, full: { delta: true }, range: false },
        inlayHintProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [EVALUATE_COMMAND] },
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
      semanticTokens.forget(uri);
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

  /** The open document a request names, from the current snapshot; null when it is not open (or not a string). */
  const fileOf = async (params: { textDocument?: { uri?: unknown } }): Promise<{ snapshot: Awaited<ReturnType<typeof current>>; file: FileState } | null> => {
    const uri = params?.textDocument?.uri;
    if (typeof uri !== 'string' || !analysis.isOpen(uri)) return null;
    const snapshot = await current();
    const file = snapshot.files.get(uri);
    return file ? { snapshot, file } : null;
  };
  const on = <P extends { textDocument?: { uri?: unknown } }, R>(name: string, answer: (s: NonNullable<Awaited<ReturnType<typeof fileOf>>>, p: P) => R, none: R) =>
    guard(log, name, async (p: P) => {
      const found = await fileOf(p);
      return found ? answer(found, p) : none;
    }) as never;

  connection.onHover(on('hover', ({ snapshot, file }, p: HoverParams) => hover(snapshot, file, p.position), null));
  connection.onCompletion(on('completion', ({ snapshot, file }, p: CompletionParams) => completion(snapshot, file, p.position), { isIncomplete: false, items: [] }));
  connection.onDefinition(on('definition', ({ snapshot, file }, p: DefinitionParams) => definition(snapshot, file, p.position), null));
  connection.onReferences(on('references', ({ snapshot, file }, p: ReferenceParams) => references(snapshot, file, p.position, p.context?.includeDeclaration === true), []));
  connection.onPrepareRename(on('prepareRename', ({ snapshot, file }, p: PrepareRenameParams) => prepareRename(snapshot, file, p.position), null));
  connection.onRenameRequest(on('rename', ({ snapshot, file }, p: RenameParams) => rename(snapshot, file, p.position, String(p.newName)), null));
  connection.onDocumentSymbol(on('documentSymbol', ({ file }) => documentSymbols(file), []));
  connection.onWorkspaceSymbol(guard(log, 'workspaceSymbol', async (p: WorkspaceSymbolParams) => workspaceSymbols(await current(), String(p.query ?? ''))) as never);
  connection.onFoldingRanges(on('foldingRange', ({ file }) => foldingRanges(file), []));
  connection.onSelectionRanges(on('selectionRange', ({ file }, p: SelectionRangeParams) => selectionRanges(file, Array.isArray(p.positions) ? p.positions : []), []));
  connection.languages.semanticTokens.on(on('semanticTokens', ({ snapshot, file }) => semanticTokens.full(snapshot, file), { data: [] }));
  connection.languages.semanticTokens.onDelta(
    on('semanticTokens/delta', ({ snapshot, file }, p: SemanticTokensDeltaParams) => semanticTokens.delta(snapshot, file, String(p.previousResultId)), { data: [] }),
  );
  connection.languages.inlayHint.on(on('inlayHint', ({ snapshot, file }, p: InlayHintParams) => inlayHints(snapshot, file, p.range), []));
  connection.onDocumentFormatting(on('formatting', ({ file }, p: DocumentFormattingParams) => formatDocument(file, p.options), Promise.resolve([] as TextEdit[])));
  connection.onDocumentRangeFormatting(on('rangeFormatting', ({ file }, p: DocumentRangeFormattingParams) => formatDocumentRange(file, p.range), Promise.resolve([] as TextEdit[])));
  connection.onCodeAction(on('codeAction', ({ snapshot, file }, p: CodeActionParams) => codeActions(snapshot, file, p), []));
  connection.onCodeLens(on('codeLens', ({ file }) => codeLenses(file, exampleCase), []));
  connection.onExecuteCommand(
    guard(log, 'executeCommand', async (p: ExecuteCommandParams) => {
      const uri = p.arguments?.[0];
      if (p.command !== EVALUATE_COMMAND || typeof uri !== 'string') return null;
      let pattern = exampleCase;
      if (configurationPull) {
        const setting = (await connection.workspace.getConfiguration({ scopeUri: uri, section: 'rubric' }).catch(() => null)) as { exampleCase?: unknown } | null;
        if (typeof setting?.exampleCase === 'string' && setting.exampleCase !== '') pattern = setting.exampleCase;
      }
      return evaluateExampleCase(await current(), uri, pattern, folders);
    }) as never,
  );

  return { analysis };
}
