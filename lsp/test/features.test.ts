/**
 * Every feature over JSON-RPC, on the seed guideline (guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-
 * injection.rubric) with the shipped libraries read from disk, one document per test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CodeAction, CompletionList, Diagnostic, DocumentSymbol, Hover, InlayHint, Location, SemanticTokens, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { GUIDELINES, positionOf, startServer, type Doc, type Server } from './harness.js';

const SEED = join(GUIDELINES, 'odg', 'neck-and-upper-back', 'cervical-facet-therapeutic-injection.rubric');
const seed = readFileSync(SEED, 'utf8');

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

async function withDoc(text: string, run: (doc: Doc, ask: <R>(method: string, params?: object) => Promise<R>) => Promise<void>): Promise<void> {
  const doc = await server.open('seed.rubric', text);
  try {
    await server.diagnostics(doc);
    await run(doc, (method, params = {}) => server.request(method, { textDocument: { uri: doc.uri }, ...params }));
  } finally {
    await server.close(doc);
  }
}

describe('hover', () => {
  test("a field: its kind, unit and case-file path with the schema's description", () =>
    withDoc(seed, async (_doc, ask) => {
      const h = await ask<Hover>('textDocument/hover', { position: positionOf(seed, 'initial_relief >=', 2) });
      expect((h.contents as { value: string }).value).toBe(
        '**field initial_relief** — initial pain relief\n\na number fact, in percent\n\ncase file: `prior_treatments[].response.initial_relief_percent`\n\nPain relief just after the treatment, in percent (0-100).',
      );
    }));
  test('a citation: the full source and its quote', () =>
    withDoc(seed, async (_doc, ask) => {
      const h = await ask<Hover>('textDocument/hover', { position: positionOf(seed, 'cite acoem_ch8, odg_facet', 6) });
      const value = (h.contents as { value: string }).value;
      expect(value).toContain('**source acoem_ch8**');
      expect(value).toContain('page: 181');
      expect(value).toContain('> Facet injection of corticosteroids is not recommended');
    }));
  test("a threshold's value, a value set's codes and a criterion's text, kind and citations", () =>
    withDoc(seed, async (_doc, ask) => {
      const threshold = await ask<Hover>('textDocument/hover', { position: positionOf(seed, 'max_levels levels_at_once', 12) });
      expect((threshold.contents as { value: string }).value).toContain('value: **2 levels**');
      const valueSet = await ask<Hover>('textDocument/hover', { position: positionOf(seed, 'exclude radiculopathy', 10) });
      expect((valueSet.contents as { value: string }).value).toMatch(/\*\*value set radiculopathy\*\*[\s\S]*ICD10: `M50\.1\*`/);
      const criterion = await ask<Hover>('textDocument/hover', { position: positionOf(seed, 'criterion two_levels', 12) });
      expect((criterion.contents as { value: string }).value).toMatch(/^\*\*criterion two_levels\*\* \(level limit\)\n\n3\. When performing therapeutic blocks[\s\S]*cites `odg_facet`$/);
    }));
  test('a case-file path after `from`', () =>
    withDoc(seed, async (_doc, ask) => {
      const h = await ask<Hover>('textDocument/hover', { position: positionOf(seed, 'request.levels', 9) });
      expect((h.contents as { value: string }).value).toMatch(/^case file: `request\.levels`\n\nSpinal levels/);
    }));
});

describe('completion', () => {
  test('at the start of a line in a criterion: its clause keywords, the next criterion, and the criterion snippets', () =>
    withDoc(seed, async (_doc, ask) => {
      const list = await ask<CompletionList>('textDocument/completion', { position: positionOf(seed, '    cite odg_facet\n    reason\n      "The request is for') });
      const labels = list.items.map((i) => i.label);
      expect(labels).toEqual(expect.arrayContaining(['cite', 'reason', 'missing', 'require', 'exclude', 'max_levels', 'when', 'criterion', 'criterion … require']));
      expect(labels).not.toContain('title');
      expect(list.items.find((i) => i.label === 'criterion … exclude')?.insertTextFormat).toBe(2);
    }));
  test('in a condition: the declared facts, thresholds, value sets and the fields of the records in scope', async () => {
    const text = seed.replace('has initial_relief >= initial_relief_needed', 'has init');
    await withDoc(text, async (_doc, ask) => {
      const list = await ask<CompletionList>('textDocument/completion', { position: positionOf(text, 'has init', 'has init'.length) });
      const labels = list.items.map((i) => i.label);
      expect(labels).toEqual(expect.arrayContaining(['initial_relief', 'sustained_weeks', 'rehabilitation_plan', 'initial_relief_needed', 'radiculopathy']));
      expect(list.items.find((i) => i.label === 'initial_relief')?.detail).toBe('field: initial pain relief');
    });
  });
  test('after `from`: case-file paths from the schema; after `documentation.` the documentation items', async () => {
    const text = seed.replace('documented from documentation.formal_rehabilitation_plan', 'documented from documentation.');
    await withDoc(text, async (_doc, ask) => {
      const items = await ask<CompletionList>('textDocument/completion', { position: positionOf(text, 'documented from documentation.\n', 'documented from documentation.'.length) });
      expect(items.items.map((i) => i.label)).toEqual(expect.arrayContaining(['formal_rehabilitation_plan', 'facet_joint_pain_signs', 'home_exercise_program']));
      const top = await ask<CompletionList>('textDocument/completion', { position: positionOf(text, 'count levels of ', 'count levels of '.length) });
      expect(top.items.map((i) => i.label)).toEqual(expect.arrayContaining(['patient', 'request', 'diagnoses', 'prior_treatments', 'documentation']));
    });
  });
  test("after a number: the compared fact's unit", async () => {
    const text = seed.replace('initial_relief >= initial_relief_needed', 'initial_relief >= 70 ');
    await withDoc(text, async (_doc, ask) => {
      const list = await ask<CompletionList>('textDocument/completion', { position: positionOf(text, 'initial_relief >= 70 ', 'initial_relief >= 70 '.length) });
      expect(list.items.map((i) => i.label)).toEqual(['%']);
    });
  });
  test('after `cite`: the sources', () =>
    withDoc(seed, async (_doc, ask) => {
      const list = await ask<CompletionList>('textDocument/completion', { position: positionOf(seed, 'cite odg_facet', 5) });
      expect(list.items.map((i) => i.label).sort()).toEqual(['acoem_ch8', 'odg_facet']);
    }));
});

describe('definition, references, rename across files', () => {
  test('a value set used here is defined in the spine library on disk', () =>
    withDoc(seed, async (_doc, ask) => {
      const at = await ask<Location>('textDocument/definition', { position: positionOf(seed, 'exclude radiculopathy', 9) });
      expect(at.uri).toBe(new URL(`file://${join(GUIDELINES, 'valuesets', 'spine.rubric')}`).href);
    }));
  test("a threshold's references include its placeholder in reason text; rename edits all of them", () =>
    withDoc(seed, async (doc, ask) => {
      const refs = await ask<Location[]>('textDocument/references', { position: positionOf(seed, 'levels_at_once', 2), context: { includeDeclaration: true } });
      expect(refs.length).toBeGreaterThanOrEqual(3);
      const prepared = await ask<{ placeholder: string }>('textDocument/prepareRename', { position: positionOf(seed, 'max_levels levels_at_once', 12) });
      expect(prepared.placeholder).toBe('levels_at_once');
      const edit = await ask<WorkspaceEdit>('textDocument/rename', { position: positionOf(seed, 'max_levels levels_at_once', 12), newName: 'max_levels_at_once' });
      expect(edit.changes?.[doc.uri]?.length).toBe(refs.length);
      await expect(ask('textDocument/rename', { position: positionOf(seed, 'max_levels levels_at_once', 12), newName: 'not a name' })).rejects.toThrow(/is not a name/);
    }));
});

describe('outline and structure', () => {
  test('document symbols: the guideline, its sections, facts with their fields, criteria', () =>
    withDoc(seed, async (_doc, ask) => {
      const [guideline] = await ask<DocumentSymbol[]>('textDocument/documentSymbol');
      expect(guideline?.name).toBe('cervical_facet_therapeutic_injection');
      expect(guideline?.children?.map((c) => c.name)).toEqual(['uses', 'sources', 'facts', 'thresholds', 'criteria']);
      const facts = guideline?.children?.find((c) => c.name === 'facts');
      expect(facts?.children?.find((f) => f.name === 'prior_facet_blocks')?.children?.map((f) => f.name)).toEqual(['type', 'initial_relief', 'sustained_relief', 'sustained_weeks']);
    }));
  test('workspace symbols find declarations in the libraries too', () =>
    withDoc(seed, async () => {
      const found = await server.request<{ name: string; location: { uri: string } }[]>('workspace/symbol', { query: 'radiculopathy' });
      expect(found.some((s) => s.location.uri.endsWith('valuesets/spine.rubric'))).toBe(true);
    }));
  test('folding ranges and selection ranges', () =>
    withDoc(seed, async (_doc, ask) => {
      const folds = await ask<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange');
      expect(folds.some((f) => f.kind === 'comment' && f.startLine === 0)).toBe(true);
      const criteriaLine = positionOf(seed, '\ncriteria\n', 1).line;
      expect(folds.some((f) => f.startLine === criteriaLine)).toBe(true);
      const [range] = await ask<{ range: unknown; parent?: unknown }[]>('textDocument/selectionRange', { positions: [positionOf(seed, 'levels_at_once\n', 2)] });
      let depth = 0;
      for (let r: { parent?: unknown } | undefined = range; r; r = r.parent as typeof r) depth++;
      expect(depth).toBeGreaterThanOrEqual(4);
    }));
});

describe('semantic tokens and inlay hints', () => {
  test('full, then a delta after an edit', () =>
    withDoc(seed, async (doc, ask) => {
      const full = await ask<SemanticTokens>('textDocument/semanticTokens/full');
      expect(full.data.length % 5).toBe(0);
      expect(full.data.length).toBeGreaterThan(1000);
      await server.change(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one more comment\n' }]);
      await server.diagnostics(doc);
      const delta = await ask<{ edits?: unknown[]; data?: number[] }>('textDocument/semanticTokens/full/delta', { previousResultId: full.resultId });
      expect(delta.edits).toBeDefined();
    }));
  test("a threshold's value beside each use", () =>
    withDoc(seed, async (_doc, ask) => {
      const hints = await ask<InlayHint[]>('textDocument/inlayHint', { range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });
      expect(hints.map((h) => h.label)).toEqual(expect.arrayContaining(['= 2 levels', '= 70%', '= 50%', '= 6 weeks']));
    }));
});

describe('code actions', () => {
  test('did-you-mean from the diagnostic, and a `missing` line for the criterion', async () => {
    const text = seed.replace('exclude radiculopathy', 'exclude radiculapathy');
    const doc = await server.open('typo.rubric', text);
    const [d] = (await server.diagnostics(doc)) as Diagnostic[];
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: d!.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.title === "Change to 'radiculopathy'");
    expect(fix?.edit?.changes?.[doc.uri]).toEqual([{ range: d!.range, newText: 'radiculopathy' }]);
    expect(fix?.isPreferred).toBe(true);
    // This criterion has its `missing` line; two_levels has none.
    expect(actions.some((a) => a.title.startsWith('Add a `missing` line'))).toBe(false);
    const at = positionOf(text, 'max_levels levels_at_once');
    const refactors = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: { start: at, end: at }, context: { diagnostics: [] } });
    expect(refactors.find((a) => a.title.startsWith('Add a `missing` line'))?.edit?.changes?.[doc.uri]?.[0]?.newText).toBe('\n    missing "The documentation does not state …"');
    await server.close(doc);
  });
  test('add the citation line; declare a fact named by a placeholder', async () => {
    const text = seed.replace('    max_levels levels_at_once\n    cite odg_facet\n', '    max_levels levels_at_once\n').replace('The request is for {requested_levels}', 'The request is for {requested_levels} {level_note}');
    const doc = await server.open('fixes.rubric', text);
    const diagnostics = (await server.diagnostics(doc)) as Diagnostic[];
    const ask = (d: Diagnostic) => server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: d.range, context: { diagnostics: [d] } });
    const noCite = diagnostics.find((d) => d.code === 'RUB1301');
    const cite = (await ask(noCite!)).find((a) => a.title.startsWith('Add a citation line'));
    expect(cite?.edit?.changes?.[doc.uri]?.[0]?.newText).toBe('\n    cite acoem_ch8');
    const placeholder = diagnostics.find((d) => d.code === 'RUB1208');
    const declare = (await ask(placeholder!)).find((a) => a.title === "Declare the fact 'level_note'");
    expect(declare?.edit?.changes?.[doc.uri]?.[0]?.newText).toBe('\n  fact level_note "level note" documented from documentation.level_note');
    await server.close(doc);
  });
});

describe('Evaluate example case', () => {
  test('a lens on a guideline with a case beside it; the command shows the determination', async () => {
    const path = join(GUIDELINES, 'mtus', 'acupuncture', 'acupuncture.rubric');
    const doc = await server.openPath(path, readFileSync(path, 'utf8'));
    await server.diagnostics(doc);
    const lenses = await server.request<{ command: { command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: doc.uri } });
    expect(lenses.map((l) => l.command.command)).toEqual(['rubric.evaluateExampleCase']);
    const answer = await server.request<string>('workspace/executeCommand', { command: 'rubric.evaluate', arguments: lenses[0]!.command.arguments });
    expect(answer).toContain('acupuncture.case.json evaluated against acupuncture');
    expect(answer).toMatch(/medically necessary|not medically necessary|physician review/i);
    await server.close(doc);
  }, 60_000);
});

describe('formatting (the Prettier plugin, as rubric fmt)', () => {
  // The seed reformatted by hand the way an author might leave it: statements over-indented, blank lines doubled.
  const messy = seed.replace('\n  title ', '\n      title ').replace('\nsources', '\n\n\nsources');

  test('the whole document: one edit giving exactly what rubric fmt gives (the shipped file is formatted)', () =>
    withDoc(messy, async (_doc, ask) => {
      const edits = await ask<{ newText: string }[]>('textDocument/formatting', { options: { tabSize: 4, insertSpaces: true } });
      expect(edits).toHaveLength(1);
      expect(edits[0]?.newText).toBe(seed);
    }));

  test('a formatted document gets no edits; one with a syntax error gets none either', async () => {
    await withDoc(seed, async (_doc, ask) => {
      expect(await ask('textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    });
    await withDoc(messy.replace('criteria\n', 'criteria (\n'), async (_doc, ask) => {
      expect(await ask('textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    });
  });

  test('a range: only the statements it touches change', () =>
    withDoc(messy, async (_doc, ask) => {
      const line = messy.split('\n').findIndex((l) => l.startsWith('      title '));
      const edits = await ask<{ range: { start: { line: number } }; newText: string }[]>('textDocument/rangeFormatting', {
        range: { start: { line, character: 0 }, end: { line, character: 10 } },
        options: { tabSize: 2, insertSpaces: true },
      });
      expect(edits.length).toBeGreaterThan(0);
      expect(edits.map((e) => e.newText).join('')).toContain('  title ');
      expect(edits.map((e) => e.newText).join('')).not.toContain('sources');
    }));
});
