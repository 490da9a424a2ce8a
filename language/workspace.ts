/**
 * A workspace: the documents of a project by uri, each parsed once per text, checked together. An edit re-parses
 * only that document and re-checks only what depends on it (the document itself and, for a library, the guidelines
 * that use it); everything else is reused from the last check. The language server keeps one; `checkDocuments` is
 * the one-shot form over the same core (check.ts's `Checker`).
 */
import type { Document } from './ast.js';
import { Checker, guard } from './check.js';
import type { CheckInput, CheckOptions, CheckResult, CheckerStats } from './check.js';
import type { Diagnostic } from './diagnostic.js';
import type { Links } from './links.js';
import type { Model } from './model.js';
import { parseDocument } from './parse.js';
import { resolve } from './resolve.js';
import { SourceFile } from './source.js';

/** A document as the workspace holds it: its text, the version its editor gave, and its parse. */
export interface WorkspaceDocument {
  readonly uri: string;
  readonly version: number | string | undefined;
  readonly source: SourceFile;
  readonly document: Document;
  /** Diagnostics of reading, lexing and parsing. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The diagnostics and links of a check, without the model (`Workspace.diagnose`). */
export type WorkspaceDiagnostics = Omit<WorkspaceCheck, 'model'>;

export interface WorkspaceCheck {
  readonly model: Model;
  /** Every checked document's diagnostics (an empty list for a clean one), sorted by position. */
  readonly diagnosticsByUri: ReadonlyMap<string, readonly Diagnostic[]>;
  /** All of them, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly links: Links;
  readonly documents: readonly Document[];
}

export interface WorkspaceOptions extends Pick<CheckOptions, 'checks' | 'caseFileSchema'> {
  /** Called for each document parsed (not for those whose text is unchanged). */
  readonly onParse?: (uri: string) => void;
  /** Called for each document whose checks run (not for those whose results are reused). */
  readonly onCheck?: (uri: string) => void;
}

export interface WorkspaceStats extends CheckerStats {
  parsed: number;
}

/** An empty document, standing in for one the parser could not produce. */
const emptyDocument = (uri: string, length: number): Document => ({
  kind: 'Document',
  span: { start: 0, end: length },
  uri,
  header: { kind: 'Missing', span: { start: 0, end: 0 }, expected: 'guideline or library' },
  sections: [],
  comments: [],
});

const safeUri = (source: SourceFile): string => {
  try {
    return String(source.uri);
  } catch {
    return '<unknown>';
  }
};

/** Parses one source for checking; a failure inside Rubric is a RUB1999 on it and an empty document. */
export function parseForCheck(source: SourceFile, readDiagnostics: readonly Diagnostic[] = []): CheckInput {
  const uri = safeUri(source);
  const failures: Diagnostic[] = [];
  const parsed = guard('reading', uri, failures, () => parseDocument(source));
  return {
    source,
    document: parsed?.document ?? emptyDocument(uri, 0),
    diagnostics: [...readDiagnostics.filter((d) => d.uri === uri), ...failures, ...(parsed?.diagnostics ?? [])],
  };
}

const checkInput = (d: WorkspaceDocument): CheckInput => ({ source: d.source, document: d.document, diagnostics: d.diagnostics });

export class Workspace {
  readonly #documents = new Map<string, WorkspaceDocument>();
  readonly #checker: Checker;
  readonly #onParse: (uri: string) => void;
  readonly #parsed = { count: 0 };

  constructor(options: WorkspaceOptions = {}) {
    this.#checker = new Checker(options, options.onCheck);
    this.#onParse = options.onParse ?? (() => {});
  }

  /** What was computed so far: documents parsed, linked, checked and built into the model (reused ones not counted). */
  get stats(): WorkspaceStats {
    return { parsed: this.#parsed.count, ...this.#checker.stats };
  }

  /** Sets a document's text; it is parsed again only when the text differs from what the workspace holds. */
  set(uri: string, text: string, version?: number | string): WorkspaceDocument {
    const current = this.#documents.get(uri);
    if (current !== undefined && current.source.text === text) {
      const kept = current.version === version ? current : { ...current, version };
      this.#documents.set(uri, kept);
      return kept;
    }
    return this.setSource(new SourceFile(uri, text), version);
  }

  /** Sets a document from a source already read (with what reading it found, e.g. RUB1007 for a file that is not UTF-8). */
  setSource(source: SourceFile, version?: number | string, readDiagnostics: readonly Diagnostic[] = []): WorkspaceDocument {
    const uri = safeUri(source);
    this.#parsed.count++;
    this.#onParse(uri);
    const input = parseForCheck(source, readDiagnostics);
    return this.#put({ uri, version, source, document: input.document, diagnostics: input.diagnostics });
  }

  /** Sets a document that is already parsed (by the formatter or the language server), without parsing it again. */
  setParsed(source: SourceFile, parsed: { readonly document: Document; readonly diagnostics: readonly Diagnostic[] }, version?: number | string): WorkspaceDocument {
    return this.#put({ uri: safeUri(source), version, source, document: parsed.document, diagnostics: parsed.diagnostics });
  }

  #put(document: WorkspaceDocument): WorkspaceDocument {
    this.#documents.set(document.uri, document);
    return document;
  }

  delete(uri: string): boolean {
    this.#checker.forget(uri);
    return this.#documents.delete(uri);
  }

  document(uri: string): WorkspaceDocument | undefined {
    return this.#documents.get(uri);
  }

  get uris(): readonly string[] {
    return [...this.#documents.keys()];
  }

  /** The guidelines that use a library (by the library's uri); empty for a guideline or an unknown uri. */
  dependentsOf(uri: string): readonly string[] {
    const { resolved } = resolve([...this.#documents.values()].map((d) => d.document));
    return resolved.scopes.flatMap((s) => (s.kind === 'guideline' && s.libraries.includes(uri) ? [s.uri] : []));
  }

  /**
   * Checks the documents (all of them, or those given and the libraries they use), reusing what is unchanged
   * since the last check: an edited document is checked again, with the guidelines that use it if it is a library.
   */
  check(uris?: Iterable<string>): WorkspaceCheck {
    const documents = [...this.#documents.values()];
    const only = uris === undefined ? undefined : new Set(uris);
    const result = this.#checker.check(documents.map(checkInput), only);
    return { model: result.model, ...this.#result(documents, only, result) };
  }

  /**
   * As `check`, without building the model: the same diagnostics (building the model reports only a bug in Rubric,
   * RUB1999) and links. The language server asks for this on every edit; it reads no model.
   */
  diagnose(uris?: Iterable<string>): WorkspaceDiagnostics {
    const documents = [...this.#documents.values()];
    const only = uris === undefined ? undefined : new Set(uris);
    return this.#result(documents, only, this.#checker.diagnose(documents.map(checkInput), only));
  }

  #result(documents: readonly WorkspaceDocument[], only: ReadonlySet<string> | undefined, result: Omit<CheckResult, 'model'>): WorkspaceDiagnostics {
    return {
      diagnosticsByUri: result.diagnosticsByUri,
      diagnostics: result.diagnostics,
      links: result.links,
      documents: documents.filter((d) => only === undefined || only.has(d.uri)).map((d) => d.document),
    };
  }
}
