/**
 * The reference interpreter held to what the guideline authors wrote down, not to the compiler: every conformance
 * case beside the shipped guidelines (`*.cases.yaml`: outcome, criterion statuses, route, not-met reasons, documents
 * needed, exact texts, field errors) and the seed IMR case's expected determination, in full.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCasesFiles, loadCasesFile, type CasesFile } from '../../compiler/conformance-files.js';
import type { Determination } from '../../runtime/determination.js';
import { compareDeterminations } from '../differential.js';
import { ReferenceInterpreter, type ReferenceDetermination } from './interpret.js';
import { caseOracle } from './oracle.js';
import { shippedGuidelines, type ShippedGuideline } from './shipped.js';

const root = join(import.meta.dirname, '..', '..');

let guidelines: ReadonlyMap<string, ShippedGuideline>;
const casesFiles: CasesFile[] = [];

beforeAll(async () => {
  guidelines = new Map((await shippedGuidelines()).guidelines.map((g) => [g.model.id, g]));
  const { files } = await findCasesFiles([join(root, 'guidelines')], root);
  for (const f of files) {
    const loaded = await loadCasesFile(f.absolute, f.uri);
    if (loaded.file === undefined) throw new Error(`${f.uri}: ${loaded.problems.map((p) => p.message).join('; ')}`);
    casesFiles.push(loaded.file);
  }
}, 120_000);

/** The not-met reasons the outcome rests on: those without a route and those of the route decided (or of every route, when none is met). */
function notMetTexts(d: ReferenceDetermination): string[] {
  return d.reasons.filter((r) => r.status === 'not_met' && (r.route === null || d.route === null || r.route === d.route)).map((r) => r.text);
}

/** JSON with sorted keys, so the order a cases file lists things in does not matter. */
const sorted = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

describe('the reference interpreter', () => {
  it('decides every conformance case of the shipped guidelines as its author wants', () => {
    let run = 0;
    const failed: string[] = [];
    for (const file of casesFiles) {
      const g = guidelines.get(file.guideline);
      if (g === undefined) throw new Error(`${file.uri}: no guideline ${file.guideline}`);
      const reference = new ReferenceInterpreter(g.model);
      const oracle = caseOracle(g.schema);
      for (const c of file.cases) {
        if (c.skip !== undefined) continue;
        run++;
        const where = `${file.uri}:${c.position.line} ${c.note}`;
        const verdict = oracle(c.data);
        if (c.want.outcome === 'invalid_case') {
          if (verdict.valid) failed.push(`${where}: the oracle finds the case valid`);
          else for (const path of c.want.errors ?? []) if (!verdict.paths.includes(path)) failed.push(`${where}: ${path} not among ${verdict.paths.join(', ')}`);
          continue;
        }
        if (!verdict.valid) {
          failed.push(`${where}: the oracle finds ${verdict.paths.join(', ')} invalid`);
          continue;
        }
        const d = reference.determine(c.data);
        const got = {
          outcome: d.outcome,
          ...(c.want.criteria === undefined ? {} : { criteria: Object.fromEntries(Object.keys(c.want.criteria).map((id) => [id, d.reasons.find((r) => r.criterion === id)?.status])) }),
          ...(c.want.route === undefined ? {} : { route: d.route }),
          ...(c.want.reasons === undefined ? {} : { reasons: notMetTexts(d) }),
          // Compared as a set, as `rubric test` compares them.
          ...(c.want.missing === undefined ? {} : { missing: d.missing.map((m) => m.path).sort() }),
          ...(c.want.texts === undefined ? {} : { texts: Object.fromEntries(Object.keys(c.want.texts).map((id) => [id, d.reasons.find((r) => r.criterion === id)?.text])) }),
        };
        const { errors: _errors, ...rest } = c.want;
        const want = rest.missing === undefined ? rest : { ...rest, missing: [...rest.missing].sort() };
        if (sorted(got) !== sorted(want)) failed.push(`${where}:\n  want ${sorted(want)}\n  got  ${sorted(got)}`);
      }
    }
    expect(run).toBeGreaterThan(100);
    expect(failed, failed.join('\n')).toEqual([]);
  });

  it("gives the seed case's expected determination: outcome, scope, every reason's status, text, citations and evidence, documents needed", async () => {
    const g = guidelines.get('cervical_facet_therapeutic_injection');
    if (g === undefined) throw new Error('the seed guideline is not shipped');
    const seed = JSON.parse(await readFile(join(root, 'examples/seed/case.json'), 'utf8')) as unknown;
    const expected = JSON.parse(await readFile(join(root, 'examples/seed/expected-determination.json'), 'utf8')) as Determination;
    expect(compareDeterminations(expected, new ReferenceInterpreter(g.model).determine(seed))).toBeNull();
  });
});
