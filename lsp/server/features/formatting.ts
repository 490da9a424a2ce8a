/**
 * textDocument/formatting and textDocument/rangeFormatting through the Prettier plugin (language/format): the same
 * layout `rubric fmt` writes. A document with syntax errors is not formatted (no edits; its diagnostics already say
 * why); a range formats the statements it touches (format/range.ts).
 */
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import { formatRubric } from '../../../language/format/format.js';
import { formatRange } from '../../../language/format/range.js';
import type { FileState } from '../analysis.js';

/** The client's tab size and spaces choice are not Rubric's layout (two spaces per level, always): only the file's text decides. */
export async function formatDocument(file: FileState, _options: FormattingOptions): Promise<TextEdit[]> {
  const formatted = await formatRubric(file.text);
  if (!formatted.ok || formatted.text === file.text) return [];
  return [{ range: file.lines.range({ start: 0, end: file.text.length }), newText: formatted.text }];
}

export async function formatDocumentRange(file: FileState, range: Range): Promise<TextEdit[]> {
  const result = await formatRange(file.text, file.lines.span(range));
  if (!result.ok || result.edit === undefined) return [];
  return [{ range: file.lines.range({ start: result.edit.start, end: result.edit.end }), newText: result.edit.newText }];
}
