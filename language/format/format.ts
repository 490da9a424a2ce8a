/**
 * Formatting as a value: `formatRubric(text)` runs Prettier (its standalone build, which needs no Node API) with
 * the plugin and answers the formatted text, or the syntax diagnostics that stopped it. Never throws for a bad
 * source; `rubric fmt`, the tests and the language server call this rather than Prettier directly.
 */
import type { Options } from 'prettier';
import { format } from 'prettier/standalone';
import type { Diagnostic } from '../diagnostic.js';
import type { RubricOptions } from './options.js';
import { rubricPlugin } from './plugin.js';
import { RubricSyntaxError } from './prettier-parser.js';

export type FormatOptions = Omit<Options, 'parser' | 'plugins'> & RubricOptions;

export type FormatResult =
  | { readonly ok: true; readonly text: string }
  /** The source has syntax errors (it is left as it is), or the formatter failed (`diagnostics` empty, `message` says why). */
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly message: string };

export async function formatRubric(text: string, options: FormatOptions = {}): Promise<FormatResult> {
  try {
    return { ok: true, text: await format(text, { ...options, parser: 'rubric', plugins: [rubricPlugin] }) };
  } catch (error) {
    if (error instanceof RubricSyntaxError) return { ok: false, diagnostics: error.diagnostics, message: error.message };
    return { ok: false, diagnostics: [], message: `the formatter failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
