/**
 * The language API: text → syntax tree → checked model, with diagnostics. Nothing here throws:
 * a bug in Rubric itself is reported as a RUB1999 diagnostic on the file it happened in.
 */
import type { Document } from './ast.js';
import { check, guard } from './check.js';
import type { CheckInput, CheckOptions } from './check.js';
import type { Diagnostic } from './diagnostic.js';
import { sortDiagnostics } from './diagnostic.js';
import type { Model } from './model.js';
import { parseDocument } from './parse.js';
import type { SourceFile } from './source.js';

export interface CheckedDocuments {
  readonly model: Model;
  readonly documents: readonly Document[];
  /** Every diagnostic of every document, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
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

/** Parses, resolves and checks a set of documents (guidelines and the libraries they use). */
export function checkDocuments(sources: readonly SourceFile[], options: CheckOptions = {}): CheckedDocuments {
  const diagnostics: Diagnostic[] = [];
  const inputs: CheckInput[] = sources.map((source) => {
    const uri = safeUri(source);
    const parsed = guard('reading', uri, diagnostics, () => parseDocument(source));
    return {
      source,
      document: parsed?.document ?? emptyDocument(uri, 0),
      diagnostics: [...(options.readDiagnostics ?? []).filter((d) => d.uri === uri), ...(parsed?.diagnostics ?? [])],
    };
  });
  const checked = guard('checking', sources[0] ? safeUri(sources[0]) : '<unknown>', diagnostics, () => check(inputs, options));
  return {
    model: checked?.model ?? { guidelines: [] },
    documents: inputs.map((i) => i.document),
    diagnostics: sortDiagnostics([...diagnostics, ...(checked?.diagnostics ?? inputs.flatMap((i) => i.diagnostics))]),
  };
}

export type * from './ast.js';
export type * from './model.js';
export type { Diagnostic, RelatedLocation, Severity } from './diagnostic.js';
export type { CheckOptions } from './check.js';
export type { Checks, CheckContext, CheckFn } from './checks/context.js';
export { hasErrors, sortDiagnostics } from './diagnostic.js';
export { SourceFile } from './source.js';
export type { Span, LineColumn } from './source.js';
export { parseDocument } from './parse.js';
export type { ParsedDocument } from './parse.js';
export type * from './cst.generated.js';
export { allCodes } from './codes.js';
export { isMissing, assertNever } from './ast.js';
export { decodeSource } from './encoding.js';
export type { DecodedSource } from './encoding.js';
