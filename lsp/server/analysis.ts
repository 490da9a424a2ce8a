/**
 * What the server knows: the open documents (their latest text) and the library files on disk that guidelines `use`,
 * held in one language Workspace (language/workspace.ts) and checked with the case-file schema, exactly as
 * `rubric check` does, but for the checked model, which no feature reads (`Workspace.diagnose`). An edit re-parses
 * that document only and re-checks only it and what depends on it; names are read from the stored links
 * (language/links.ts), never resolved here.
 *
 * A snapshot is computed on demand and reused until a document changes: every request reads one consistent
 * snapshot (text, line index, syntax tree, tokens, links, diagnostics) for its document.
 */
import type { IToken } from 'chevrotain';
import caseFileSchema from '../../runtime/case-file.schema.json' with { type: 'json' };
import type { Diagnostic, Document } from '../../language/index.js';
import { SourceFile } from '../../language/index.js';
import { guard as checkGuard } from '../../language/check.js';
import type { Links } from '../../language/links.js';
import { parseDocument } from '../../language/parse.js';
import { Workspace } from '../../language/workspace.js';
import { LineIndex } from './convert.js';

/** What the features read of a parse: the tree, its diagnostics and the lexer's tokens (comments excluded). */
export interface Parsed {
  readonly document: Document;
  readonly diagnostics: readonly Diagnostic[];
  readonly tokens: readonly IToken[];
}

export interface FileState {
  readonly uri: string;
  readonly text: string;
  /** The client's version for an open document; null for a file read from disk. */
  readonly version: number | null;
  /** Built on first use. */
  readonly lines: LineIndex;
  readonly source: SourceFile;
  readonly parsed: Parsed;
  /** True when the text is longer than MAX_DOCUMENT_CHARS: it is kept, but not parsed or checked. */
  readonly tooLarge: boolean;
}

/** Documents longer than this are not checked (features/diagnostics.ts says so); the server stays responsive. */
export const MAX_DOCUMENT_CHARS = 1024 * 1024;

export interface Snapshot {
  readonly generation: number;
  readonly files: ReadonlyMap<string, FileState>;
  readonly diagnosticsByUri: ReadonlyMap<string, readonly Diagnostic[]>;
  readonly links: Links | undefined;
}

interface Entry {
  text: string;
  version: number | null;
  state?: FileState;
}

const emptyDocument = (uri: string): Document => ({
  kind: 'Document',
  span: { start: 0, end: 0 },
  uri,
  header: { kind: 'Missing', span: { start: 0, end: 0 }, expected: 'guideline or library' },
  sections: [],
  comments: [],
});

export class Analysis {
  private readonly open = new Map<string, Entry>();
  private readonly disk = new Map<string, Entry>();
  private readonly workspace: Workspace;
  private generation = 0;
  private snapshotCache: Snapshot | undefined;
  /** Documents changed since the last snapshot: parsed when one is next asked for, not on every keystroke. */
  private readonly changed = new Set<string>();

  constructor(options: { readonly caseFileSchema?: unknown } = { caseFileSchema }) {
    this.workspace = new Workspace(options.caseFileSchema === undefined ? {} : { caseFileSchema: options.caseFileSchema });
  }

  setOpen(uri: string, text: string, version: number): void {
    const previous = this.open.get(uri);
    if (previous && previous.version === version && previous.text === text) return;
    this.open.set(uri, { text, version });
    this.put(uri);
  }

  close(uri: string): void {
    if (!this.open.delete(uri)) return;
    this.put(uri);
  }

  /** A library file on disk (read at start-up or when the client says it changed); null removes it. */
  setDisk(uri: string, text: string | null): void {
    if (text === null) {
      if (this.disk.delete(uri)) this.put(uri);
      return;
    }
    if (this.disk.get(uri)?.text === text) return;
    this.disk.set(uri, { text, version: null });
    if (!this.open.has(uri)) this.put(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  openUris(): string[] {
    return [...this.open.keys()];
  }

  version(uri: string): number | null {
    return this.open.get(uri)?.version ?? null;
  }

  /** Marks the document at `uri` changed; its latest text goes into the workspace at the next snapshot. */
  private put(uri: string): void {
    this.generation++;
    this.snapshotCache = undefined;
    this.changed.add(uri);
  }

  /** The changed documents (the open text, else the disk file) into the workspace, each parsed once. */
  private flush(): void {
    for (const uri of this.changed) {
      const entry = this.open.get(uri) ?? this.disk.get(uri);
      if (entry === undefined) {
        this.workspace.delete(uri);
        continue;
      }
      const state = this.state(uri, entry);
      this.workspace.setParsed(state.source, state.parsed, entry.version ?? undefined);
    }
    this.changed.clear();
  }

  snapshot(): Snapshot {
    if (this.snapshotCache && this.snapshotCache.generation === this.generation) return this.snapshotCache;
    this.flush();
    const files = new Map<string, FileState>();
    for (const uri of this.workspace.uris) {
      const entry = this.open.get(uri) ?? this.disk.get(uri);
      if (entry) files.set(uri, this.state(uri, entry));
    }
    const internal: Diagnostic[] = [];
    const checked = checkGuard('checking', [...files.keys()][0] ?? '<unknown>', internal, () => this.workspace.diagnose());
    const diagnosticsByUri = new Map<string, Diagnostic[]>();
    for (const uri of files.keys()) diagnosticsByUri.set(uri, [...(checked?.diagnosticsByUri.get(uri) ?? files.get(uri)?.parsed.diagnostics ?? [])]);
    for (const d of internal) diagnosticsByUri.get(d.uri)?.push(d);
    this.snapshotCache = { generation: this.generation, files, diagnosticsByUri, links: checked?.links };
    return this.snapshotCache;
  }

  private state(uri: string, entry: Entry): FileState {
    if (entry.state) return entry.state;
    const source = new SourceFile(uri, entry.text);
    const tooLarge = entry.text.length > MAX_DOCUMENT_CHARS;
    let parsed: Parsed;
    try {
      // What the features read, not the whole parse: the concrete syntax tree is left for the collector.
      const { document, diagnostics, tokens } = tooLarge ? { document: emptyDocument(uri), diagnostics: [], tokens: [] } : parseDocument(source);
      parsed = { document, diagnostics, tokens };
    } catch (error) {
      const internal: Diagnostic[] = [];
      checkGuard('reading', uri, internal, () => {
        throw error;
      });
      parsed = { document: emptyDocument(uri), diagnostics: internal, tokens: [] };
    }
    // The line index is built when a feature first converts a position, not on every edit (a clean document's
    // diagnostics need none).
    const text = entry.text;
    let lines: LineIndex | undefined;
    entry.state = {
      uri,
      text,
      version: entry.version,
      get lines() {
        return (lines ??= new LineIndex(text));
      },
      source,
      parsed,
      tooLarge,
    };
    return entry.state;
  }
}
