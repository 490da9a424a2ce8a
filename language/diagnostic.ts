import type { Span } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in a document, located by offsets. Rendered to line/column only at the edges. */
export interface Diagnostic {
  /** Stable code from `codes.ts`, e.g. `RUB1203`. Never reused for another meaning. */
  readonly code: string;
  readonly severity: Severity;
  /** A sentence a clinical policy author understands. */
  readonly message: string;
  readonly uri: string;
  readonly span: Span;
  /** A replacement the author most likely meant (did-you-mean), when there is one. */
  readonly suggestion?: string;
  /** Other places that explain this one (the first declaration of a duplicate name, …). */
  readonly related?: readonly RelatedLocation[];
}

export interface RelatedLocation {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

/** Source order: by uri, then offset, then code. Used wherever diagnostics are shown. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) ||
      a.span.start - b.span.start ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
