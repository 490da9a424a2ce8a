/**
 * Random edits of the shipped guidelines (fast-check): whatever an author's keyboard does, checking answers with
 * located diagnostics, never an exception, an internal error or a span outside the text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDocuments, SourceFile } from './index.js';

const root = join(import.meta.dirname, '..');
const guidelinePath = 'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric';
const guideline = readFileSync(join(root, guidelinePath), 'utf8');
const library = new SourceFile('guidelines/valuesets/spine.rubric', readFileSync(join(root, 'guidelines/valuesets/spine.rubric'), 'utf8'));

/** Pieces an author might type or paste: keywords, punctuation, numbers with units, quotes, stray characters. */
const fragment = fc.oneof(
  fc.constantFrom('exclude', 'require', 'max_levels', 'criterion', 'cite', 'reason', 'when', 'facts', 'field', 'records', 'at least', 'at most', 'of', 'and', 'or', 'not', 'every', 'has', 'where', 'is one of'),
  fc.constantFrom('(', ')', ',', '"', '>=', '<=', '%', '{', '}', '\\', '#', '\n', '  ', '\u2028', '.', '*'),
  fc.constantFrom('70%', '6 weeks', '-1', '2.5', '101%', 'M54.1*', '64490', 'radiculapathy', 'odg_facet', 'request.levels'),
  fc.string({ maxLength: 6 }),
);

const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.array(fragment, { maxLength: 4 }) });

function apply(text: string, edits: readonly { at: number; remove: number; insert: readonly string[] }[]): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = out.slice(0, at) + e.insert.join(' ') + out.slice(at + e.remove);
  }
  return out;
}

describe('random edits of the seed guideline', () => {
  it('always yield well-located diagnostics and never an internal error', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const text = apply(guideline, edits);
        const { diagnostics } = checkDocuments([new SourceFile(guidelinePath, text), library]);
        for (const d of diagnostics) {
          expect(d.code).not.toBe('RUB1999');
          expect(d.code).toMatch(/^RUB\d{4}$/);
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
          expect(d.span.end).toBeLessThanOrEqual(d.uri === guidelinePath ? text.length : library.text.length);
          expect(d.message).not.toMatch(/undefined|NaN|\[object Object\]/);
        }
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});

describe('random edits of a guideline with a scope, routes and a judgement', () => {
  const path = 'language/testdata/parse/outcomes.rubric';
  const text = readFileSync(join(root, path), 'utf8');
  const words = fc.oneof(
    fragment,
    fc.constantFrom('applies when', 'applies', 'routes', 'route', 'route red_flag', 'judgement', 'judgement "Q?"', 'missing "M."', 'missing documentation'),
  );
  const outcomeEdit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.array(words, { maxLength: 4 }) });

  it('always yield well-located diagnostics and never an internal error', () => {
    expect(checkDocuments([new SourceFile(path, text)]).diagnostics).toEqual([]); // unedited, it reaches the model
    fc.assert(
      fc.property(fc.array(outcomeEdit, { minLength: 1, maxLength: 4 }), (edits) => {
        const edited = apply(text, edits);
        const { diagnostics } = checkDocuments([new SourceFile(path, edited)]);
        for (const d of diagnostics) {
          expect(d.code).not.toBe('RUB1999');
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
          expect(d.span.end).toBeLessThanOrEqual(edited.length);
          expect(d.message).not.toMatch(/undefined|NaN|\[object Object\]/);
        }
      }),
      { numRuns: 200, seed: 20261201 },
    );
  });
});
