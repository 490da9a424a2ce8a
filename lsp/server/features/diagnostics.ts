/**
 * The checker's diagnostics as LSP diagnostics: the same code, message, severity and related locations as
 * `rubric check`; the did-you-mean suggestion rides in `data` for the code actions (features/code-actions.ts).
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Diagnostic } from '../../../language/index.js';
import { MAX_DOCUMENT_CHARS, type Snapshot } from '../analysis.js';
import type { LineIndex } from '../convert.js';

export interface DiagnosticData {
  readonly suggestion?: string;
}

const severity = (s: Diagnostic['severity']): DiagnosticSeverity =>
  s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;

export function toLspDiagnostic(snapshot: Snapshot, lines: LineIndex, d: Diagnostic): LspDiagnostic {
  const related: DiagnosticRelatedInformation[] = (d.related ?? []).map((r) => ({
    location: { uri: r.uri, range: (snapshot.files.get(r.uri)?.lines ?? lines).range(r.span) },
    message: r.message,
  }));
  const data: DiagnosticData = d.suggestion === undefined ? {} : { suggestion: d.suggestion };
  return {
    range: lines.range(d.span),
    severity: severity(d.severity),
    code: d.code,
    source: 'rubric',
    message: d.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data,
  };
}

export function diagnosticsFor(snapshot: Snapshot, uri: string): LspDiagnostic[] {
  const file = snapshot.files.get(uri);
  if (!file) return [];
  if (file.tooLarge) {
    return [
      {
        range: file.lines.range({ start: 0, end: 0 }),
        severity: DiagnosticSeverity.Warning,
        source: 'rubric',
        message: `This document has ${file.text.length.toLocaleString('en-US')} characters; the editor checks documents of up to ${MAX_DOCUMENT_CHARS.toLocaleString('en-US')} (run \`rubric check\` on it instead).`,
      },
    ];
  }
  return (snapshot.diagnosticsByUri.get(uri) ?? []).map((d) => toLspDiagnostic(snapshot, file.lines, d));
}
