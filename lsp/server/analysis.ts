/**
 * What the server knows: the open documents (their latest text) and the library files on disk that guidelines `use`,
 * checked together by language/'s checker with the case-file schema, exactly as `rubric check` does. Parsing is
 * cached per document version, so an edit re-parses one document; the check runs over the set (it is cross-file).
 *
 * A snapshot is computed on demand and reused until a document changes: every request reads one consistent
 * snapshot (text, line index, syntax tree, scopes, diagnostics) for its document.
 */
import caseFileSchema from '../../runtime/case-file.schema.json' with { type: 'json' };
import type { Diagnostic, Document } from '../../language/index.js';
import { SourceFile, sortDiagnostics } from '../../language/index.js';
import { check, guard as checkGuard, type CheckInput } from '../../language/check.js';
import type { IToken } from 'chevrotain';
import { parseDocument } from '../../language/parse.js';
import { resolve, type Scope } from '../../language/resolve.js';
import type { Model } from '../../language/model.js';
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
  readonly model: Model;
  /** Name tables of each document (guideline or library), computed on first use. */
  scope(uri: string): Scope | undefined;
}

interface Entry {
  text: string;
  version: number | null;
  parsed?: FileState;
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
  private generation = 0;
  private snapshotCache: Snapshot | undefined;

  constructor(private readonly options: { readonly caseFileSchema?: unknown } = { caseFileSchema }) {}

  setOpen(uri: string, text: string, version: number): void {
    const previous = this.open.get(uri);
    if (previous && previous.version === version && previous.text === text) return;
    this.open.set(uri, { text, version });
    this.changed();
  }

  close(uri: string): void {
    if (this.open.delete(uri)) this.changed();
  }

  /** A library file on disk (read at start-up or when the client says it changed); null removes it. */
  setDisk(uri: string, text: string | null): void {
    if (text === null) {
      if (this.disk.delete(uri)) this.changed();
      return;
    }
    if (this.disk.get(uri)?.text === text) return;
    this.disk.set(uri, { text, version: null });
    if (!this.open.has(uri)) this.changed();
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

  get currentGeneration(): number {
    return this.generation;
  }

  private changed(): void {
    this.generation++;
    this.snapshotCache = undefined;
  }

  snapshot(): Snapshot {
    if (this.snapshotCache && this.snapshotCache.generation === this.generation) return this.snapshotCache;
    const files = new Map<string, FileState>();
    for (const [uri, entry] of this.disk) if (!this.open.has(uri)) files.set(uri, this.parse(uri, entry));
    for (const [uri, entry] of this.open) files.set(uri, this.parse(uri, entry));
    const ordered = [...files.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));

    const inputs: CheckInput[] = ordered.map((f) => ({ source: f.source, document: f.parsed.document, diagnostics: f.parsed.diagnostics }));
    const internal: Diagnostic[] = [];
    const checked = checkGuard('checking', ordered[0]?.uri ?? '<unknown>', internal, () =>
      check(inputs, this.options.caseFileSchema === undefined ? {} : { caseFileSchema: this.options.caseFileSchema }),
    );
    const all = sortDiagnostics([...internal, ...(checked?.diagnostics ?? inputs.flatMap((i) => i.diagnostics))]);
    const diagnosticsByUri = new Map<string, Diagnostic[]>();
    for (const f of ordered) diagnosticsByUri.set(f.uri, []);
    for (const d of all) diagnosticsByUri.get(d.uri)?.push(d);

    let scopes: Map<string, Scope> | undefined;
    const scope = (uri: string): Scope | undefined => {
      if (scopes === undefined) {
        scopes = new Map();
        try {
          for (const s of resolve(ordered.map((f) => f.parsed.document)).workspace.scopes) scopes.set(s.uri, s);
        } catch {
          // The checker has already reported it as RUB1999; features then answer as if the names were unknown.
        }
      }
      return scopes.get(uri);
    };
    this.snapshotCache = { generation: this.generation, files, diagnosticsByUri, model: checked?.model ?? { guidelines: [] }, scope };
    return this.snapshotCache;
  }

  private parse(uri: string, entry: Entry): FileState {
    if (entry.parsed) return entry.parsed;
    const source = new SourceFile(uri, entry.text);
    const tooLarge = entry.text.length > MAX_DOCUMENT_CHARS;
    let parsed: Parsed;
    try {
      parsed = tooLarge ? { document: emptyDocument(uri), diagnostics: [], tokens: [] } : parseDocument(source);
    } catch (error) {
      const internal: Diagnostic[] = [];
      checkGuard('reading', uri, internal, () => {
        throw error;
      });
      parsed = { document: emptyDocument(uri), diagnostics: internal, tokens: [] };
    }
    entry.parsed = { uri, text: entry.text, version: entry.version, lines: new LineIndex(entry.text), source, parsed, tooLarge };
    return entry.parsed;
  }
}
