/**
 * What "the formatter kept the meaning" is, for the fixture, guideline and property tests: the same tokens in the
 * same order, the same comment texts (as a multiset), the same syntax tree and checked model with spans aside, the
 * same diagnostics, and the same compiled module (the bundle's entry).
 */
import { emitModule } from '../../../compiler/emit.js';
import { lower } from '../../../compiler/lower.js';
import { checkDocuments } from '../../index.js';
import { SourceFile } from '../../source.js';
import { formatRubric, type FormatOptions } from '../format.js';
import { parse, tokensOf } from '../prettier-parser.js';

export async function fmt(text: string, options: FormatOptions = {}): Promise<string> {
  const result = await formatRubric(text, options);
  if (!result.ok) throw new Error(`not formatted: ${result.message}`);
  return result.text;
}

/** The token images in order, one per line. */
export const tokenImages = (text: string): string => tokensOf(parse(text)).map((t) => `${t.token} ${t.image}`).join('\n');

/** The comment texts, sorted: a multiset, since the formatter may not add, drop or duplicate one. */
export const commentTexts = (text: string): string[] =>
  (parse(text).comments ?? []).map((c) => c.value.trimEnd()).sort();

/** A value with every `span` (and a document's `comments`, whose spans move) taken out. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'span' && key !== 'spans' && key !== 'comments')
        .map(([key, v]) => [key, withoutSpans(v)]),
    );
  }
  return value;
}

export interface Meaning {
  readonly documents: unknown;
  readonly model: unknown;
  readonly diagnostics: readonly string[];
  /** The compiled module of the checked model; '' when the files have errors. */
  readonly module: string;
}

/** What a set of files means: checked together (a guideline with the libraries it uses). */
export function meaning(files: ReadonlyMap<string, string>): Meaning {
  const checked = checkDocuments([...files].map(([uri, text]) => new SourceFile(uri, text)));
  const errors = checked.diagnostics.some((d) => d.severity === 'error');
  const lowered = errors ? undefined : lower(checked.model);
  return {
    documents: withoutSpans(checked.documents),
    model: withoutSpans(checked.model),
    diagnostics: checked.diagnostics.map((d) => `${d.uri} ${d.code} ${d.message}`),
    module: lowered && lowered.errors.length === 0 ? emitModule(lowered.value) : '',
  };
}
