/**
 * The white space and comments the formatter's property test (format.property.test.ts) and stress part 8
 * (stress/formatter.ts) put between the tokens of a guideline: what an author may write that the formatter must lay
 * out again while keeping every comment.
 */
import fc from 'fast-check';

/** A comment: `#` and up to 30 characters of any kind except a line break (it ends its line). */
export const comment = fc.string({ maxLength: 30 }).map((s) => `#${s.replace(/[\r\n\u2028\u2029]/g, ' ')}`);
/** White space inside a line. */
export const blank = fc.constantFrom(' ', '  ', '\t', ' \t ');
/** White space at the start of a line. */
export const indentation = fc.constantFrom('', '  ', '    ', '\t', '      ');
