/**
 * The plugin's options: Prettier's core options it sets a default for, and its own.
 *
 * `printWidth` defaults to 120 for `.rubric` (guideline comment blocks and the shipped files are written to it);
 * a `.prettierrc` or `--print-width` still decides. Indentation is two spaces (`tabWidth`), as the README writes
 * guidelines.
 */
import type { SupportOptions } from 'prettier';

export const defaultOptions = {
  printWidth: 120,
  tabWidth: 2,
  useTabs: false,
} as const;

export const options: SupportOptions = {
  rubricWrapText: {
    type: 'boolean',
    category: 'Rubric',
    default: true,
    description:
      'Move a quoted text (reason, missing, quote, title, judgement …) that does not fit after its keyword to a line of its own. With --no-rubric-wrap-text it stays on its keyword\'s line.',
  },
};

/** The options the printer reads, beside Prettier's own. */
export interface RubricOptions {
  readonly rubricWrapText?: boolean;
}
