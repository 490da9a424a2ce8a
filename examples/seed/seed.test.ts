/**
 * The seed IMR case, end to end with the shipped guidelines: check → compile → verify → evaluate → render, through
 * the pipeline every caller uses (compiler/pipeline.ts).
 * The expected files were read against the IMR letter in shared/seed: three reasons not met (radiculopathy, three
 * levels, no formal rehabilitation plan), each citing ODG; MTUS ACOEM Chapter 8 p.181 cited for the recommendation.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAndLoad, describeFailure } from '../../compiler/pipeline.js';
import { renderMarkdown, renderText, type Determination } from '../../runtime/index.js';

const root = join(import.meta.dirname, '..', '..');
const here = import.meta.dirname;

async function rubricFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? rubricFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.rubric') ? [join(dir, e.name)] : []))),
  );
  return nested.flat().sort();
}

let determination: Determination;

beforeAll(async () => {
  const files = await rubricFiles(join(root, 'guidelines'));
  const sources = await Promise.all(files.map(async (f) => ({ path: relative(join(root, 'guidelines'), f), text: await readFile(f, 'utf8') })));
  const built = await buildAndLoad(sources.map((s) => ({ uri: `guidelines/${s.path}`, path: s.path, text: s.text })));
  if (!built.ok) throw new Error(describeFailure(built.error));
  expect(built.value.built.diagnostics).toEqual([]);
  const result = built.value.bundle.evaluate('cervical_facet_therapeutic_injection', JSON.parse(await readFile(join(here, 'case.json'), 'utf8')));
  if (!result.ok) throw new Error(result.error.message);
  determination = result.value;
});

describe('the seed IMR case against the shipped guidelines', () => {
  it('is not medically necessary for exactly the letter’s three reasons', () => {
    expect(determination.outcome).toBe('not_medically_necessary');
    const notMet = determination.reasons.filter((r) => r.status === 'not_met');
    expect(notMet.map((r) => r.criterion)).toEqual(['no_radicular_pain', 'two_levels', 'rehabilitation']);
    for (const reason of notMet) expect(reason.citations.map((c) => c.id)).toEqual(['odg_facet']);
    expect(notMet.map((r) => r.text)).toEqual([
      'The injured worker has been diagnosed with cervical radiculopathy (M54.12), which is an exclusion criterion for this procedure.',
      'The request is for 3 levels to be blocked; no more than 2 levels may be blocked at any one time.',
      'There is no evidence of a formal plan of rehabilitation included in the documentation.',
    ]);
  });

  it('cites MTUS ACOEM Chapter 8 page 181 and ODG for the recommendation', () => {
    expect(determination.recommendation.status).toBe('not_recommended');
    expect(determination.recommendation.citations.map((c) => c.citation)).toEqual([
      'MTUS ACOEM Chapter 8, Neck and Upper Back Complaints, page 181',
      'ODG Neck and Upper Back, Facet Joint Therapeutic Steroid Injections',
    ]);
  });

  it('gives every other criterion the status the letter implies', () => {
    expect(Object.fromEntries(determination.reasons.map((r) => [r.criterion, r.status]))).toEqual({
      facet_pain: 'not_documented',
      no_radicular_pain: 'not_met',
      prior_block_success: 'not_applicable',
      two_levels: 'not_met',
      rehabilitation: 'not_met',
      one_block: 'met',
    });
  });

  it('matches expected-determination.json', async () => {
    const expected = JSON.parse(await readFile(join(here, 'expected-determination.json'), 'utf8')) as unknown;
    expect(JSON.parse(JSON.stringify(determination))).toEqual(expected);
  });

  it('renders the rationale as text and Markdown', async () => {
    await expect(renderText(determination)).toMatchFileSnapshot(join(here, 'expected-rationale.txt'));
    await expect(renderMarkdown(determination)).toMatchFileSnapshot(join(here, 'expected-rationale.md'));
  });
});
