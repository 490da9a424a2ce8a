/**
 * The Prettier plugin for `.rubric` files (`rubric/prettier`; built to dist/language/format/plugin.js):
 *
 *   npx prettier --plugin ./dist/language/format/plugin.js --check "guidelines/**\/*.rubric"
 *   .prettierrc: { "plugins": ["./dist/language/format/plugin.js"] }
 *
 * Four parts, as prettier-plugin-java has them: this entry (languages, parsers, printers, options),
 * prettier-parser.ts (text → tree + comments; syntax errors refuse), printer.ts (tree → Prettier document) and
 * comments.ts (which node each comment belongs to); options.ts holds the options.
 *
 * Why the printer walks the concrete syntax tree and not the AST: a formatter that changes what a guideline
 * decides is a clinical defect, and the CST holds every token exactly as written (`at least` and `>=`, `level` and
 * `levels`, `2.0`, the optional comma in `not recommended, criteria if used anyway` and before `counting this
 * request`, `reason` and `missing`, every parenthesis). The AST keeps the author's spellings too, but printing
 * tokens makes it true by construction: the formatter can change only white space and line breaks, which the
 * language ignores (every statement starts with a keyword). The tests check that the token sequence, the checked
 * model and the compiled module come out the same.
 *
 * Range formatting: Prettier core does not let a plugin choose the nodes of a range (prettier/prettier#7639: its
 * `isSourceElement` knows only the built-in languages), so `formatRange` (range.ts) formats the file through this
 * plugin and replaces only the statements the range touches.
 */
import type { Parser, Plugin, SupportLanguage } from 'prettier';
import { defaultOptions, options } from './options.js';
import { hasPragma, locEnd, locStart, parse, type FormatAny } from './prettier-parser.js';
import { printer } from './printer.js';

export const languages: SupportLanguage[] = [
  {
    name: 'Rubric',
    parsers: ['rubric'],
    extensions: ['.rubric'],
    vscodeLanguageIds: ['rubric'],
  },
];

export const parsers: Record<string, Parser<FormatAny>> = {
  rubric: {
    astFormat: 'rubric-cst',
    parse: (text, parseOptions) => parse(text, parseOptions as { filepath?: string }),
    locStart,
    locEnd,
    hasPragma,
  },
};

export const printers = { 'rubric-cst': printer };

export { defaultOptions, options };

export const rubricPlugin: Plugin<FormatAny> = { languages, parsers, printers, options, defaultOptions };

export default rubricPlugin;
