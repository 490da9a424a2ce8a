/**
 * The server's analysis after any sequence of edits gives exactly the diagnostics a fresh check of the same texts
 * gives (`checkDocuments`, as `rubric check` runs it, with the case-file schema): what an edit reuses (the libraries'
 * links and checks, the parses of unchanged documents) and what it skips (the checked model, which no feature reads)
 * never changes an answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import caseFileSchema from '../../runtime/case-file.schema.json' with { type: 'json' };
import { checkDocuments, SourceFile, type Diagnostic } from '../../language/index.js';
import { Analysis } from './analysis.js';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The seed guideline and the library it uses, both open in the editor; a second library on disk. */
const initial: ReadonlyMap<string, string> = new Map([
  ['file:///w/facet.rubric', read('guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric').replace('uses spine', 'uses spine, pain')],
  ['file:///w/spine.rubric', read('guidelines/valuesets/spine.rubric')],
]);
const disk: readonly [string, string][] = [['file:///w/pain.rubric', read('guidelines/valuesets/pain.rubric')]];

const fragment = fc.oneof(
  fc.constantFrom('exclude', 'require', 'max_levels', 'criterion', 'cite', 'reason', 'when', 'facts', 'field', 'valueset', 'library', 'uses', 'at least', 'of', 'and', 'or', 'not'),
  fc.constantFrom('(', ')', ',', '"', '>=', '%', '{', '}', '#', '\n', '  ', '.', '*'),
  fc.constantFrom('70%', '6 weeks', '2', 'M54.1*', '64490', 'radiculopathy', 'radiculapathy', 'odg_facet', 'spine', 'pain', 'request.levels'),
  fc.string({ maxLength: 4 }),
);
/** Replace `remove` characters at `at` (both taken modulo the text's length) by the fragments, in one document. */
const edit = fc.record({ doc: fc.nat(), at: fc.nat(), remove: fc.nat({ max: 40 }), insert: fc.array(fragment, { maxLength: 3 }) });

/** A fresh check's diagnostics, by uri, in its order. */
function fresh(texts: ReadonlyMap<string, string>): Map<string, Diagnostic[]> {
  const sources = [...texts, ...disk].map(([uri, text]) => new SourceFile(uri, text));
  const byUri = new Map<string, Diagnostic[]>(sources.map((s) => [s.uri, []]));
  for (const d of checkDocuments(sources, { caseFileSchema }).diagnostics) byUri.get(d.uri)?.push(d);
  return byUri;
}

describe('an edit gives the diagnostics of a fresh check', () => {
  test('random edits of an open guideline and the open library it uses', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const analysis = new Analysis();
        for (const [uri, text] of disk) analysis.setDisk(uri, text);
        const texts = new Map(initial);
        let version = 1;
        for (const [uri, text] of texts) analysis.setOpen(uri, text, version);
        analysis.snapshot();
        for (const e of edits) {
          const uri = [...texts.keys()][e.doc % texts.size] as string;
          const text = texts.get(uri) as string;
          const at = e.at % (text.length + 1);
          const next = text.slice(0, at) + e.insert.join(' ') + text.slice(Math.min(text.length, at + e.remove));
          texts.set(uri, next);
          analysis.setOpen(uri, next, ++version);
          const snapshot = analysis.snapshot();
          const want = fresh(texts);
          for (const [u, diagnostics] of want) expect(snapshot.diagnosticsByUri.get(u), u).toEqual(diagnostics);
          expect([...snapshot.diagnosticsByUri.keys()].sort()).toEqual([...want.keys()].sort());
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  test('edits that break and mend the library give its users the diagnostics of a fresh check', () => {
    const analysis = new Analysis();
    for (const [uri, text] of disk) analysis.setDisk(uri, text);
    const texts = new Map(initial);
    for (const [uri, text] of texts) analysis.setOpen(uri, text, 1);
    const library = 'file:///w/spine.rubric';
    const original = texts.get(library) as string;
    const steps = [original.replace('library spine', 'library spines'), original.replace(/valueset radiculopathy/, 'valueset radiculopathy2'), original.slice(0, 40), original];
    let version = 1;
    let errors = 0;
    for (const text of steps) {
      texts.set(library, text);
      analysis.setOpen(library, text, ++version);
      const snapshot = analysis.snapshot();
      const want = fresh(texts);
      errors += (want.get('file:///w/facet.rubric') ?? []).filter((d) => d.severity === 'error').length;
      for (const [u, diagnostics] of want) expect(snapshot.diagnosticsByUri.get(u), u).toEqual(diagnostics);
    }
    // The steps do change the guideline's diagnostics: a library renamed or emptied leaves its names unknown.
    expect(errors).toBeGreaterThan(0);
  });
});
