/**
 * The workspace: documents by uri, parsed once per text; an edit re-checks the document and what depends on it,
 * nothing else. Work is counted through the `onParse` / `onCheck` hooks, never timed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkDocuments, SourceFile, Workspace } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const spine = `library spine
  title "Spine value sets"

valueset radiculopathy "radiculopathy"
  icd10 M50.1*, M54.1*
`;

/** A guideline that checks clean; `exclude` names a value set of `spine` when `usesSpine`. */
const guideline = (id: string, usesSpine: boolean, test = usesSpine ? 'exclude radiculopathy' : 'require rehabilitation_plan') => `guideline ${id}
  title "G"
  version "1"
  recommendation recommended
    cite odg
${usesSpine ? 'uses spine\n' : ''}
sources
  source odg "ODG"

facts
  fact diagnoses "diagnoses" codes icd10 from diagnoses
  fact rehabilitation_plan "formal plan of rehabilitation" documented from documentation.formal_rehabilitation_plan

criteria
  criterion c "C."
    ${test}
    cite odg
    reason "Not met."
`;

/** A workspace with two guidelines (one using the library) and the library, counting what it parses and checks. */
function counted() {
  const parsed: string[] = [];
  const checked: string[] = [];
  const workspace = new Workspace({ onParse: (uri) => parsed.push(uri), onCheck: (uri) => checked.push(uri) });
  workspace.set('a.rubric', guideline('a', true), 1);
  workspace.set('b.rubric', guideline('b', false), 1);
  workspace.set('spine.rubric', spine, 1);
  const take = (list: string[]) => list.splice(0).sort();
  return { workspace, parsed: () => take(parsed), checked: () => take(checked) };
}

describe('documents are parsed once per text', () => {
  test('setting the same text again, under a new version, parses nothing', () => {
    const w = counted();
    expect(w.parsed()).toEqual(['a.rubric', 'b.rubric', 'spine.rubric']);
    const before = w.workspace.document('a.rubric');
    w.workspace.set('a.rubric', guideline('a', true), 2);
    expect(w.parsed()).toEqual([]);
    expect(w.workspace.document('a.rubric')?.document).toBe(before?.document);
    expect(w.workspace.document('a.rubric')?.version).toBe(2);
    w.workspace.set('a.rubric', guideline('a2', true), 3);
    expect(w.parsed()).toEqual(['a.rubric']);
    expect(w.workspace.stats.parsed).toBe(4);
  });
});

describe('an edit re-checks only what depends on it', () => {
  test('the first check checks everything; checking again with nothing changed checks nothing', () => {
    const w = counted();
    const first = w.workspace.check();
    expect(w.checked()).toEqual(['a.rubric', 'b.rubric', 'spine.rubric']);
    expect(first.diagnostics).toEqual([]);
    expect(first.model.guidelines.map((g) => g.id)).toEqual(['a', 'b']);
    const again = w.workspace.check();
    expect(w.checked()).toEqual([]);
    expect(again.model.guidelines.map((g) => g.id)).toEqual(['a', 'b']);
    expect(again.model.guidelines[0]).toBe(first.model.guidelines[0]);
  });

  test('editing a guideline re-checks that guideline, not the unrelated one nor the library', () => {
    const w = counted();
    w.workspace.check();
    w.checked();
    w.workspace.set('b.rubric', guideline('b', false, 'require rehabilitation_paln'), 2);
    const result = w.workspace.check();
    expect(w.checked()).toEqual(['b.rubric']);
    expect(result.diagnosticsByUri.get('b.rubric')?.map((d) => d.code)).toEqual(['RUB1207']);
    expect(result.diagnosticsByUri.get('a.rubric')).toEqual([]);
    expect(result.model.guidelines.map((g) => g.id)).toEqual(['a']);
    // Fixed again: only b is checked, and it is back in the model.
    w.workspace.set('b.rubric', guideline('b', false), 3);
    expect(w.workspace.check().model.guidelines.map((g) => g.id)).toEqual(['a', 'b']);
    expect(w.checked()).toEqual(['b.rubric']);
  });

  test('editing a library re-checks it and the guidelines that use it', () => {
    const w = counted();
    w.workspace.check();
    w.checked();
    expect(w.workspace.dependentsOf('spine.rubric')).toEqual(['a.rubric']);
    expect(w.workspace.dependentsOf('b.rubric')).toEqual([]);
    w.workspace.set('spine.rubric', spine.replace('valueset radiculopathy', 'valueset radiculopthy'), 2);
    const result = w.workspace.check();
    expect(w.checked()).toEqual(['a.rubric', 'spine.rubric']);
    expect(result.diagnosticsByUri.get('a.rubric')?.map((d) => d.code)).toEqual(['RUB1207']);
    expect(result.diagnosticsByUri.get('b.rubric')).toEqual([]);
  });

  test('a deleted library is reported where it was used; its dependents are checked again', () => {
    const w = counted();
    w.workspace.check();
    w.checked();
    expect(w.workspace.delete('spine.rubric')).toBe(true);
    const result = w.workspace.check();
    expect(w.checked()).toEqual(['a.rubric']);
    expect(result.diagnosticsByUri.get('a.rubric')?.map((d) => d.code)).toEqual(['RUB1205']);
    expect(result.diagnosticsByUri.has('spine.rubric')).toBe(false);
    expect(w.workspace.dependentsOf('spine.rubric')).toEqual([]);
  });

  test('check(uris) checks those documents and the libraries they use, and reports on them only', () => {
    const w = counted();
    const result = w.workspace.check(['a.rubric']);
    expect(w.checked()).toEqual(['a.rubric', 'spine.rubric']);
    expect([...result.diagnosticsByUri.keys()]).toEqual(['a.rubric']);
    expect(result.model.guidelines.map((g) => g.id)).toEqual(['a']);
    w.workspace.check();
    expect(w.checked()).toEqual(['b.rubric']);
  });

  test('links answer for the documents checked', () => {
    const w = counted();
    const { links } = w.workspace.check();
    const text = guideline('a', true);
    const use = links.symbolAt('a.rubric', text.indexOf('exclude radiculopathy') + 'exclude '.length);
    expect(use?.symbol).toMatchObject({ kind: 'valueset', name: 'radiculopathy', uri: 'spine.rubric' });
  });
});

test('the workspace and checkDocuments agree on the shipped guidelines', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.rubric') ? [join(dir, e.name)] : [],
    );
  const sources = files(join(root, 'guidelines')).sort().map((f) => new SourceFile(relative(root, f), readFileSync(f, 'utf8')));
  const workspace = new Workspace();
  for (const s of sources) workspace.set(s.uri, s.text);
  const fromWorkspace = workspace.check();
  const once = checkDocuments(sources);
  expect(fromWorkspace.diagnostics).toEqual(once.diagnostics);
  expect(fromWorkspace.model).toEqual(once.model);
});
