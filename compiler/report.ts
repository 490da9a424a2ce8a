/**
 * Diagnostics for people and for CI tools: `file:line:col CODE message` with a code frame, or JSON.
 * This is the only place (with the LSP's converter) where offsets become lines and columns.
 */
import { codeFrameColumns } from '@babel/code-frame';
import type { Diagnostic, SourceFile } from '../language/index.js';

export interface LocatedDiagnostic {
  /** The file, as the person named it (relative to the working directory). */
  readonly uri: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly suggestion?: string;
}

export function locate(diagnostic: Diagnostic, source: SourceFile | undefined): LocatedDiagnostic {
  const start = source?.positionAt(diagnostic.span.start) ?? { line: 1, column: 1 };
  const end = source?.positionAt(Math.max(diagnostic.span.start, diagnostic.span.end)) ?? start;
  return {
    uri: diagnostic.uri,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    ...(diagnostic.suggestion !== undefined ? { suggestion: diagnostic.suggestion } : {}),
  };
}

/** `file:line:col CODE message`, then the lines it points at. */
export function renderText(diagnostic: Diagnostic, source: SourceFile | undefined, color = false): string {
  const at = locate(diagnostic, source);
  const severity = at.severity === 'error' ? '' : ` ${at.severity}`;
  const head = `${at.uri}:${at.line}:${at.column} ${at.code}${severity} ${at.message}`;
  if (!source) return head;
  const frame = codeFrameColumns(
    source.text,
    {
      start: { line: at.line, column: at.column },
      ...(at.endLine > at.line || at.endColumn > at.column ? { end: { line: at.endLine, column: at.endColumn } } : {}),
    },
    { highlightCode: color, forceColor: color, linesAbove: 1, linesBelow: 1 },
  );
  return `${head}\n${frame}\n`;
}

export function summary(diagnostics: readonly Diagnostic[], files: number): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (errors === 0 && warnings === 0) return `Checked ${plural(files, 'file')}: no problems found.`;
  return `Checked ${plural(files, 'file')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`;
}
