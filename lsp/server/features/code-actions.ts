/**
 * Quick fixes from the diagnostics the client sends back: did-you-mean (every diagnostic that carries a suggestion:
 * unknown names, a number without its unit, …), add the missing citation line (RUB1301), declare an undeclared fact
 * from a placeholder (RUB1208); and, in a criterion without one, add a `missing` line.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import type { Criterion } from '../../../language/index.js';
import { isMissing } from '../../../language/index.js';
import type { FileState, Snapshot } from '../analysis.js';
import { pathAt } from '../locate.js';
import type { DiagnosticData } from './diagnostics.js';

const indentOf = (file: FileState, offset: number) => {
  const lineStart = file.text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(file.text.slice(lineStart))?.[0] ?? '';
};

/** An edit inserting `line` as a new line after the line holding `offset`. */
function insertLineAfter(file: FileState, offset: number, line: string): TextEdit {
  const end = file.text.indexOf('\n', offset);
  const at = end < 0 ? file.text.length : end;
  return { range: file.lines.range({ start: at, end: at }), newText: `\n${line}` };
}

function criterionAt(file: FileState, offset: number): Criterion | undefined {
  return pathAt(file.parsed.document, offset).find((n): n is Criterion => n.kind === 'Criterion');
}

export function codeActions(snapshot: Snapshot, file: FileState, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  const uri = file.uri;
  const links = snapshot.links;
  const fix = (title: string, diagnostic: LspDiagnostic | undefined, edits: TextEdit[], preferred = false): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
    ...(preferred ? { isPreferred: true } : {}),
    edit: { changes: { [uri]: edits } },
  });

  for (const d of params.context?.diagnostics ?? []) {
    const data = (d.data ?? {}) as DiagnosticData;
    const at = file.lines.offsetAt(d.range.start);
    if (typeof data.suggestion === 'string' && data.suggestion !== '') {
      // A placeholder's range includes its braces.
      const braces = file.text[at] === '{';
      const newText = braces ? `{${data.suggestion}}` : data.suggestion;
      actions.push(fix(`Change to '${data.suggestion}'`, d, [{ range: d.range, newText }], true));
    }
    if (d.code === 'RUB1301') {
      const criterion = criterionAt(file, at);
      const first = links?.declarationsIn(uri).find((s) => s.kind === 'source')?.name;
      if (criterion) actions.push(fix(`Add a citation line (cite ${first ?? '…'})`, d, [insertLineAfter(file, criterion.span.start, `${indentOf(file, criterion.span.start)}  cite ${first ?? 'source_name'}`)]));
    }
    if (d.code === 'RUB1208') {
      const name = /^\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(file.text.slice(at, file.lines.offsetAt(d.range.end)))?.[1];
      if (name !== undefined && name !== 'matched') {
        const facts = file.parsed.document.sections.find((s) => s.kind === 'Facts');
        const declaration = `fact ${name} "${name.replace(/_/g, ' ')}" documented from documentation.${name}`;
        const edit =
          facts === undefined
            ? insertLineAfter(file, isMissing(file.parsed.document.header) ? 0 : file.parsed.document.header.span.end, `\nfacts\n  ${declaration}`)
            : insertLineAfter(file, facts.span.end, `  ${declaration}`);
        actions.push(fix(`Declare the fact '${name}'`, d, [edit]));
      }
    }
  }

  // In a criterion without a `missing` line: offer one.
  const criterion = criterionAt(file, file.lines.offsetAt(params.range?.start));
  if (criterion && !criterion.clauses.some((c) => c.kind === 'ReasonClause' && c.keyword === 'missing')) {
    const last = criterion.clauses.at(-1)?.span.end ?? criterion.span.end;
    actions.push({
      title: 'Add a `missing` line (what to say when the documentation is not stated)',
      kind: CodeActionKind.RefactorRewrite,
      edit: { changes: { [uri]: [insertLineAfter(file, last, `${indentOf(file, criterion.span.start)}  missing "The documentation does not state …"`)] } },
    });
  }
  return actions;
}
