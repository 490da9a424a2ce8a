/**
 * The language API: text → syntax tree → checked model, with diagnostics. Nothing here throws:
 * a bug in Rubric itself is reported as a RUB1999 diagnostic on the file it happened in.
 */
import type { Document } from './ast.js';
import { Checker, guard } from './check.js';
import type { CheckOptions } from './check.js';
import type { Diagnostic } from './diagnostic.js';
import { sortDiagnostics } from './diagnostic.js';
import { combineLinks } from './links.js';
import type { Links } from './links.js';
import type { Model } from './model.js';
import type { SourceFile } from './source.js';
import { parseForCheck } from './workspace.js';

export interface CheckedDocuments {
  readonly model: Model;
  readonly documents: readonly Document[];
  /** Every diagnostic of every document, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every name linked to its declaration, and every declaration to its uses (links.ts). */
  readonly links: Links;
}

/** Parses, resolves and checks a set of documents (guidelines and the libraries they use), once. */
export function checkDocuments(sources: readonly SourceFile[], options: CheckOptions = {}): CheckedDocuments {
  const inputs = sources.map((source) => parseForCheck(source, options.readDiagnostics));
  const failures: Diagnostic[] = [];
  const firstUri = inputs[0]?.document.uri ?? '<unknown>';
  const checked = guard('checking', firstUri, failures, () => new Checker(options).check(inputs));
  return {
    model: checked?.model ?? { guidelines: [] },
    documents: inputs.map((i) => i.document),
    diagnostics: sortDiagnostics([...failures, ...(checked?.diagnostics ?? inputs.flatMap((i) => i.diagnostics))]),
    links: checked?.links ?? combineLinks([], { libraries: new Map() }),
  };
}

export type * from './ast.js';
export type * from './model.js';
export type { Diagnostic, RelatedLocation, Severity } from './diagnostic.js';
export type { CheckOptions, CheckerStats } from './check.js';
export { Workspace } from './workspace.js';
export type { WorkspaceCheck, WorkspaceDiagnostics, WorkspaceDocument, WorkspaceOptions, WorkspaceStats } from './workspace.js';
export type { Links, LinkedPlaceholder, LinkedTemplate, NameUse, Symbol, SymbolKind } from './links.js';
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
