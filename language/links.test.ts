/**
 * The links: every name use → its declaration, every declaration → its uses, across a guideline and the library it
 * `uses`; the records scope of `where` decided once. What the language server's definition, references, rename and
 * completion are built on.
 */
import { describe, expect, test } from 'vitest';
import { checkDocuments, SourceFile } from './index.js';
import type { Links, Symbol, SymbolKind } from './index.js';

const library = `library joints
  title "Joint value sets"

valueset meniscal_tear "meniscal tear"
  icd10 S83.2*
`;

const guideline = `guideline knee_injections
  title "Knee injections"
  version "1"
  recommendation recommended
    cite odg
uses joints

sources
  source odg "ODG Knee"

facts
  fact diagnoses "diagnoses" codes icd10 from diagnoses
  fact rehabilitation_plan "formal plan of rehabilitation" documented from documentation.formal_rehabilitation_plan
  fact prior_blocks "prior blocks" records from prior_treatments
    field block_type "type" text from type
    field initial_relief "relief" number percent from response.relief
  fact prior_pt "prior physical therapy" records from prior_treatments
    field visit_count "visits" number visits from visits
  fact prior_visits "visits so far" total of prior_pt.visit_count

thresholds
  threshold relief_needed "initial pain relief needed" 70%

routes
  route red_flag "a red flag is being evaluated"
  route after_blocks "blocks gave relief"

criteria
  criterion no_tear "No meniscal tear."
    exclude meniscal_tear
    route red_flag
    cite odg
    reason "A meniscal tear was found."
  criterion relieved "Prior blocks gave relief."
    require rehabilitation_plan and any prior_blocks where block_type is "block" and initial_relief >= relief_needed
    route after_blocks
    cite odg
    reason "Relief was below {relief_needed}; {prior_visits} visits so far."
`;

const G = 'knee.rubric';
const L = 'joints.rubric';
const texts: Record<string, string> = { [G]: guideline, [L]: library };

const checked = checkDocuments([new SourceFile(G, guideline), new SourceFile(L, library)]);
const links: Links = checked.links;

/** Offsets of every whole-word occurrence of `word` in a file. */
function occurrences(uri: string, word: string): number[] {
  const text = texts[uri] ?? '';
  return [...text.matchAll(new RegExp(`(?<![A-Za-z0-9_])${word}(?![A-Za-z0-9_])`, 'g'))].map((m) => m.index);
}

const firstAt = (uri: string, word: string): number => {
  const at = occurrences(uri, word)[0];
  if (at === undefined) throw new Error(`${word} is not in ${uri}`);
  return at;
};

/** The symbol `uri` declares under `word`, found by symbolAt on its declaration. */
function declared(uri: string, word: string): Symbol {
  const declaration = links.declarationsIn(uri).find((s) => s.name === word);
  if (declaration === undefined) throw new Error(`${uri} declares no ${word}`);
  const found = links.symbolAt(uri, declaration.nameNode.span.start);
  expect(found?.symbol).toBe(declaration);
  expect(found?.name).toBe(declaration.nameNode);
  return declaration;
}

const usesAt = (symbol: Symbol): string[] => links.usesOf(symbol).map((u) => `${u.uri}@${u.name.span.start}`);

/**
 * For a declared symbol: every other occurrence of its name (in `useFiles`) is a use, usesOf
 * lists exactly those, and symbolAt on each (at its start, inside it and just after it) gives the declaration back.
 */
function expectLinked(kind: SymbolKind, declaredIn: string, word: string, useFiles: readonly string[]): Symbol {
  const symbol = declared(declaredIn, word);
  expect(symbol).toMatchObject({ kind, name: word, uri: declaredIn });
  expect(texts[declaredIn]?.slice(symbol.nameNode.span.start, symbol.nameNode.span.end)).toBe(word);
  const expected = useFiles.flatMap((uri) =>
    occurrences(uri, word)
      .filter((at) => !(uri === declaredIn && at === symbol.nameNode.span.start))
      .map((at) => `${uri}@${at}`),
  );
  expect(usesAt(symbol)).toEqual(expected);
  for (const use of links.usesOf(symbol)) {
    expect(links.declarationOf(use.name)).toBe(symbol);
    for (const offset of [use.name.span.start, use.name.span.start + 1, use.name.span.end]) {
      expect(links.symbolAt(use.uri, offset)?.symbol).toBe(symbol);
    }
    expect(texts[use.uri]?.slice(use.name.span.start, use.name.span.end)).toBe(word);
  }
  return symbol;
}

test('the guideline and its library check clean', () => {
  expect(checked.diagnostics).toEqual([]);
  expect(checked.model.guidelines.map((g) => g.id)).toEqual(['knee_injections']);
});

describe('one test per symbol kind: declaration, every use, and back', () => {
  test('fact: a bare name in a condition', () => {
    expect(usesAt(expectLinked('fact', G, 'rehabilitation_plan', [G]))).toHaveLength(1);
  });

  test('field: inside `where`, and as a segment of `total of`', () => {
    expect(expectLinked('field', G, 'initial_relief', [G]).container).toBe(declared(G, 'prior_blocks'));
    expect(expectLinked('field', G, 'block_type', [G]).container).toBe(declared(G, 'prior_blocks'));
    const visits = expectLinked('field', G, 'visit_count', [G]);
    expect(usesAt(visits)).toEqual([`${G}@${guideline.indexOf('prior_pt.visit_count') + 'prior_pt.'.length}`]);
    expect(visits.container).toBe(declared(G, 'prior_pt'));
  });

  test('value set: declared in the library, used in the guideline', () => {
    expectLinked('valueset', L, 'meniscal_tear', [L, G]);
    expect(usesAt(declared(L, 'meniscal_tear'))).toHaveLength(1);
  });

  test('source (the citation): the recommendation and each criterion cite it', () => {
    expect(usesAt(expectLinked('source', G, 'odg', [G]))).toHaveLength(3);
  });

  test('threshold: in a comparison and as a {placeholder} of reason text', () => {
    const threshold = expectLinked('threshold', G, 'relief_needed', [G]);
    const placeholder = guideline.indexOf('{relief_needed}') + 1;
    expect(usesAt(threshold)).toContain(`${G}@${placeholder}`);
  });

  test('fact as a placeholder, and records in `any`', () => {
    expectLinked('fact', G, 'prior_visits', [G]);
    expectLinked('fact', G, 'prior_blocks', [G]);
    expect(usesAt(expectLinked('fact', G, 'prior_pt', [G]))).toEqual([`${G}@${guideline.indexOf('prior_pt.visit_count')}`]);
  });

  test('criterion: declared, never named elsewhere', () => {
    expectLinked('criterion', G, 'no_tear', [G]);
    expectLinked('criterion', G, 'relieved', [G]);
  });

  test('route: declared under `routes`, named by a criterion', () => {
    expect(usesAt(expectLinked('route', G, 'red_flag', [G]))).toHaveLength(1);
    expectLinked('route', G, 'after_blocks', [G]);
  });

  test('library: declared in its file, named by `uses`', () => {
    const joints = expectLinked('library', L, 'joints', [L, G]);
    expect(usesAt(joints)).toEqual([`${G}@${firstAt(G, 'joints')}`]);
  });

  test('guideline: declared by its header', () => {
    const g = expectLinked('guideline', G, 'knee_injections', [G]);
    expect(g.node).toBe(checked.documents[0]);
  });
});

describe('symbolAt', () => {
  test('finds the declaration or the use under the cursor, and nothing between names', () => {
    const use = guideline.indexOf('exclude meniscal_tear') + 'exclude '.length + 3;
    expect(links.symbolAt(G, use)).toMatchObject({ symbol: { kind: 'valueset', uri: L }, name: { text: 'meniscal_tear' } });
    expect(links.symbolAt(G, guideline.indexOf('  title'))).toBeUndefined();
    expect(links.symbolAt('elsewhere.rubric', 0)).toBeUndefined();
  });
});

describe('declarationsIn', () => {
  test('lists every declaration of a file in source order', () => {
    expect(links.declarationsIn(L).map((s) => `${s.kind} ${s.name}`)).toEqual(['library joints', 'valueset meniscal_tear']);
    expect(links.declarationsIn(G).map((s) => `${s.kind} ${s.name}`)).toEqual([
      'guideline knee_injections',
      'source odg',
      'fact diagnoses',
      'fact rehabilitation_plan',
      'fact prior_blocks',
      'field block_type',
      'field initial_relief',
      'fact prior_pt',
      'field visit_count',
      'fact prior_visits',
      'threshold relief_needed',
      'route red_flag',
      'route after_blocks',
      'criterion no_tear',
      'criterion relieved',
    ]);
  });
});

describe('visibleAt', () => {
  const names = (offset: number) => links.visibleAt(G, offset).map((s) => `${s.kind} ${s.name}`);

  test('inside a `where`, the fields of those records come first, then the facts and everything else', () => {
    const inWhere = guideline.indexOf('block_type is "block"');
    expect(names(inWhere).slice(0, 2)).toEqual(['field block_type', 'field initial_relief']);
    expect(names(inWhere)).toEqual(
      expect.arrayContaining([
        'fact rehabilitation_plan',
        'fact prior_blocks',
        'threshold relief_needed',
        'valueset meniscal_tear',
        'source odg',
        'criterion no_tear',
        'route red_flag',
        'library joints',
      ]),
    );
    expect(names(inWhere)).not.toContain('field visit_count');
  });

  test('outside it, no fields', () => {
    const inRequire = guideline.indexOf('require rehabilitation_plan') + 'require '.length;
    expect(names(inRequire).filter((n) => n.startsWith('field'))).toEqual([]);
    expect(names(inRequire)).toContain('fact rehabilitation_plan');
  });

  test('in a library: its value sets and the libraries', () => {
    expect(links.visibleAt(L, 0).map((s) => `${s.kind} ${s.name}`)).toEqual(['valueset meniscal_tear', 'library joints']);
  });
});

describe('names that link to nothing', () => {
  test('are reported by the checks, and have no declaration', () => {
    const text = guideline.replace('initial_relief >= relief_needed', 'initial_releif >= relief_needed');
    const result = checkDocuments([new SourceFile(G, text), new SourceFile(L, library)]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['RUB1204']);
    expect(result.links.symbolAt(G, text.indexOf('initial_releif'))).toBeUndefined();
  });

  test('the same name means a field inside `where` and a fact outside it', () => {
    const text = guideline
      .replace('  fact prior_visits', '  fact block_type "requested type" text from request.type\n  fact prior_visits')
      .replace('require rehabilitation_plan and', 'require block_type is "injection" and rehabilitation_plan and');
    const result = checkDocuments([new SourceFile(G, text), new SourceFile(L, library)]);
    const outside = result.links.symbolAt(G, text.indexOf('block_type is "injection"'));
    const inside = result.links.symbolAt(G, text.indexOf('block_type is "block"'));
    expect(outside?.symbol).toMatchObject({ kind: 'fact', name: 'block_type' });
    expect(inside?.symbol).toMatchObject({ kind: 'field', name: 'block_type', container: { name: 'prior_blocks' } });
  });
});
