/**
 * evaluateRequest through the real shipped bundle: every guideline in guidelines/ compiled as `rubric compile`
 * does, and the example case files shipped beside them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, writeOutput } from '../compiler/index.js';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { LoadedBundle } from './evaluate.js';
import { loadBundle } from './load.js';

const root = join(import.meta.dirname, '..');

async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(suffix)).map((e) => join(e.parentPath, e.name)).sort();
}

let bundle: LoadedBundle;

beforeAll(async () => {
  const paths = await filesUnder(join(root, 'guidelines'), '.rubric');
  const sources = await Promise.all(paths.map(async (p) => ({ path: p.slice(root.length + 1), text: await readFile(p, 'utf8') })));
  const checked = checkDocuments(sources.map((s) => new SourceFile(s.path, s.text)));
  const compiled = await compile(checked.model, sources);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const dir = await mkdtemp(join(tmpdir(), 'rubric-request-'));
  await writeOutput(dir, compiled.files);
  const loaded = await loadBundle(dir);
  if (!loaded.ok) throw new Error(loaded.error.message);
  bundle = loaded.value;
}, 120_000);

const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(path, 'utf8')) as unknown;

describe('the shipped guidelines', () => {
  it('decide each shipped example case under the guideline beside it, or say that no guideline applies, never another', async () => {
    const cases = await filesUnder(join(root, 'guidelines'), '.case.json');
    expect(cases.length).toBeGreaterThan(0);
    for (const file of cases) {
      const rubric = await readFile(file.replace(/\.case\.json$/, '.rubric'), 'utf8');
      const id = /^guideline (\w+)/m.exec(rubric)?.[1];
      const caseData = (await readJson(file)) as { request?: { codes?: unknown[] } };
      const [item, ...rest] = bundle.evaluateRequest(caseData).items;
      expect(rest, basename(file)).toEqual([]);
      const codes = bundle.guideline(id ?? '')?.service.codes ?? [];
      if (codes.length > 0 && (caseData.request?.codes ?? []).length > 0) {
        // The guideline lists procedure codes and the case names one: the code decides.
        expect(item?.determination?.guideline.id, basename(file)).toBe(id);
      } else {
        expect([id, null], basename(file)).toContain(item?.determination?.guideline.id ?? null);
      }
      if (item?.determination) expect(item.determination, basename(file)).toEqual((bundle.evaluate(id ?? '', caseData) as { value: unknown }).value);
    }
  });

  it('decide the seed case as evaluate does under the seed guideline', async () => {
    const seed = await readJson(join(root, 'examples/seed/case.json'));
    const [item] = bundle.evaluateRequest(seed).items;
    expect(item?.status).toBe('decided');
    expect(item?.determination).toEqual((bundle.evaluate('cervical_facet_therapeutic_injection', seed) as { value: unknown }).value);
    expect(item?.considered.find((c) => c.guideline === 'cervical_mri')?.why).toBe(
      'Not for this item: its codes (CPT 72141, CPT 72142, CPT 72156) do not include CPT 64490, CPT 64491 or CPT 64492',
    );
  });

  it('decide a case with requests[]: each item under its own guideline, a drug named by name under the opioid guideline for its phase', async () => {
    const result = bundle.evaluateRequest(await readJson(join(root, 'examples/requests/case.json')));
    expect(result.errors).toEqual([]);
    expect(result.items.map((i) => [i.path, i.status, i.determination?.guideline.id ?? null])).toEqual([
      ['/requests/0', 'decided', 'cervical_facet_therapeutic_injection'],
      ['/requests/1', 'decided', 'chronic_pain_physical_medicine'],
      ['/requests/2', 'decided', 'opioids_chronic_pain'],
    ]);
    expect(result.items[0]?.determination?.outcome).toBe('not_medically_necessary');
    // The PT item is decided on its own numbers, not the facet item's levels.
    expect(result.items[1]?.determination?.reasons.flatMap((r) => r.evidence).find((e) => e.path === 'request.visits')?.value).toBe(8);
  });

  it('a malformed item among real ones: its field errors, and the others decided', async () => {
    const seed = (await readJson(join(root, 'examples/seed/case.json'))) as Record<string, unknown>;
    const { request, ...rest } = seed;
    const result = bundle.evaluateRequest({ ...rest, requests: [request, { service: 'Knee MRI', codes: [{ system: 'CPT', code: '' }] }] });
    expect(result.items.map((i) => i.status)).toEqual(['decided', 'invalid_item']);
    expect(result.items[1]?.errors).toEqual([{ path: '/requests/1/codes/0/code', message: 'must not be empty' }]);
  });
});
