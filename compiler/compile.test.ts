import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { canonicalJson, sha256Hex } from '../runtime/canonical-json.js';
import { BUNDLE_FORMAT, type CriterionResult } from '../runtime/contract.js';
import { PACKAGE_ROOT } from './bundle.js';
import { compile, describeStageError, STAGE_NAMES } from './index.js';
import { compileAndLoad } from './testdata/load.js';
import { SEED_URI, seedCase, seedGuideline, seedModel } from './testdata/seed-model.js';

const ID = 'cervical_facet_therapeutic_injection';
const byId = (results: readonly CriterionResult[]) => Object.fromEntries(results.map((r) => [r.criterion, r]));

describe('the seed guideline, compiled, written and imported', async () => {
  const { out, dir, bundle } = await compileAndLoad(seedModel, [{ path: SEED_URI, text: '# seed\n' }]);
  const guideline = bundle.guidelines[ID]!;
  const results = byId(guideline.evaluate(seedCase));

  test('the bundle is a CompiledBundle of the current format', () => {
    expect(bundle.format).toBe(BUNDLE_FORMAT);
    expect(Object.keys(bundle.guidelines)).toEqual([ID]);
    expect(guideline.meta.criteria.map((c) => c.id)).toEqual([
      'facet_pain',
      'no_radicular_pain',
      'prior_block_success',
      'two_levels',
      'rehabilitation',
      'one_block',
    ]);
  });

  test('facet pain is not documented: the case says nothing about facet joint signs', () => {
    expect(results['facet_pain']).toEqual({
      criterion: 'facet_pain',
      status: 'not_documented',
      text: 'The documentation does not show a clinical presentation consistent with facet joint pain, signs and symptoms.',
      citations: ['odg_facet'],
      evidence: [{ path: 'documentation.facet_joint_pain_signs', value: null }],
      missing: ['documentation.facet_joint_pain_signs'],
    });
  });

  test('no radicular pain is not met, naming the radiculopathy diagnosis', () => {
    expect(results['no_radicular_pain']).toMatchObject({
      status: 'not_met',
      text: 'The injured worker has been diagnosed with Cervical radiculopathy (M54.12), which is an exclusion criterion for this procedure.',
      evidence: [{ path: 'diagnoses[0].code', value: 'M54.12' }],
      missing: [],
    });
  });

  test('prior block success does not apply: no facet blocks before', () => {
    expect(results['prior_block_success']).toMatchObject({
      status: 'not_applicable',
      text: expect.stringMatching(/^2\. If successful/),
      missing: [],
    });
  });

  test('two levels is not met: three levels requested', () => {
    expect(results['two_levels']).toMatchObject({
      status: 'not_met',
      text: 'The request is for 3 levels to be blocked; no more than 2 levels may be blocked at any one time.',
      evidence: [{ path: 'request.levels', value: 3 }],
    });
  });

  test('rehabilitation is not documented: the plan is "not_stated"', () => {
    expect(results['rehabilitation']).toMatchObject({
      status: 'not_documented',
      evidence: [{ path: 'documentation.formal_rehabilitation_plan', value: 'not_stated' }],
      missing: ['documentation.formal_rehabilitation_plan'],
    });
  });

  test('one block is met: this request would be the first', () => {
    expect(results['one_block']).toMatchObject({ status: 'met', text: '6. No more than one therapeutic intra-articular block is recommended.' });
  });

  test('prior facet blocks are judged record by record, with concrete evidence paths', () => {
    const withBlocks = {
      ...seedCase,
      prior_treatments: [
        { type: 'physical_therapy' },
        { type: 'facet_intra_articular_block', response: { initial_relief_percent: 80, sustained_relief_percent: 60, sustained_relief_weeks: 4 } },
      ],
    };
    const r = byId(guideline.evaluate(withBlocks));
    expect(r['prior_block_success']).toMatchObject({
      status: 'not_met',
      evidence: expect.arrayContaining([{ path: 'prior_treatments[1].response.sustained_relief_weeks', value: 4 }]),
    });
    expect(r['one_block']).toMatchObject({ status: 'not_met' });
    const unstated = { ...withBlocks, prior_treatments: [{ type: 'facet_medial_branch_block', response: { initial_relief_percent: 90 } }] };
    expect(byId(guideline.evaluate(unstated))['prior_block_success']).toMatchObject({
      status: 'not_documented',
      missing: ['prior_treatments[].response.sustained_relief_percent', 'prior_treatments[].response.sustained_relief_weeks'],
    });
  });

  test('evaluate never throws, whatever the case holds', () => {
    for (const c of [undefined, null, 42, 'x', [], {}, { request: null, diagnoses: 'M54.12', prior_treatments: [null, 3, 'x'] }]) {
      const r = guideline.evaluate(c);
      expect(r).toHaveLength(6);
      // two_levels is a stated-only limit (`if not stated met`): levels not stated do not exceed it.
      expect(r.map((x) => x.status)).toEqual(['not_documented', 'not_documented', 'not_documented', 'met', 'not_documented', expect.any(String)]);
    }
  });

  test('the case schema accepts the seed case, requires a request and allows null (not stated) everywhere', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const validate = ajv.compile(guideline.caseSchema);
    expect(validate(seedCase)).toBe(true);
    expect(validate({ ...seedCase, request: undefined })).toBe(false);
    expect(validate({ request: {}, diagnoses: null, documentation: { formal_rehabilitation_plan: null }, prior_treatments: [{ type: 'surgery', response: null }] })).toBe(true);
    // A list entry is not "not stated": it is an entry, with the key field the case-file schema requires.
    expect(validate({ request: {}, prior_treatments: [{ response: null }] })).toBe(false);
    expect(validate({ request: {}, prior_treatments: [null] })).toBe(false);
    expect(validate({ request: {}, documentation: { formal_rehabilitation_plan: 'yes' } })).toBe(false);
    expect(validate({ request: {}, prior_treatments: [{ response: { initial_relief_percent: 120 } }] })).toBe(false);
  });

  test('schemas/<id>.schema.json is the canonical JSON of the bundled schema', async () => {
    const text = await readFile(join(dir, 'schemas', `${ID}.schema.json`), 'utf8');
    expect(text).toBe(canonicalJson(guideline.caseSchema));
    expect(JSON.parse(text)).toEqual(guideline.caseSchema);
  });

  test('requirements list every fact and field with its case path', () => {
    expect(guideline.requirements.map((r) => `${r.path} (${r.kind}${r.unit === null ? '' : `, ${r.unit}`})`)).toEqual([
      'diagnoses (codes)',
      'request.levels (count, levels)',
      'documentation.facet_joint_pain_signs (documented)',
      'documentation.formal_rehabilitation_plan (documented)',
      'prior_treatments (records)',
      'prior_treatments[].type (text)',
      'prior_treatments[].response.initial_relief_percent (number, percent)',
      'prior_treatments[].response.sustained_relief_percent (number, percent)',
      'prior_treatments[].response.sustained_relief_weeks (number, weeks)',
    ]);
  });

  test('the manifest lists sources and files with their sha256 and a digest of itself', async () => {
    const m = out.manifest;
    expect(m.files.map((f) => f.path)).toEqual(['guidelines.json', `guidelines/${ID}.js`, `schemas/${ID}.schema.json`]);
    for (const f of m.files) expect(f.sha256, f.path).toBe(sha256Hex(await readFile(join(dir, f.path))));
    expect(m.sources).toEqual([{ path: SEED_URI, sha256: sha256Hex('# seed\n') }]);
    expect(m.guidelines).toEqual([{ id: ID, version: '2014.1', code: `guidelines/${ID}.js`, schema: `schemas/${ID}.schema.json` }]);
    expect(m.esbuild.version).toBe('0.28.2');
    const { digest, ...body } = m;
    expect(digest).toBe(sha256Hex(canonicalJson(body)));
    expect(await readFile(join(dir, 'manifest.json'), 'utf8')).toBe(canonicalJson(m));
  });

  test('no output file mentions the package root or the temp folder', () => {
    const root = PACKAGE_ROOT.replace(/\/$/, '');
    for (const [path, data] of out.files) {
      const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
      expect(text, path).not.toContain(root);
      expect(text, path).not.toContain(dir);
    }
  });
});

describe('the compiler runs named stages; a failing stage returns coded, located errors', () => {
  test('lower, emit, bundle, schema and manifest run in that order', async () => {
    const ran: string[] = [];
    const r = await compile(seedModel, [], { afterStage: (stage, result) => ran.push(`${stage} ${result.ok ? 'ok' : 'failed'}`) });
    expect(r.ok).toBe(true);
    expect(ran).toEqual(['lower ok', 'emit ok', 'bundle ok', 'schema ok', 'manifest ok']);
    expect(STAGE_NAMES).toEqual(['lower', 'emit', 'bundle', 'schema', 'manifest']);
  });

  test('manifest: an absolute source path (RUB2006)', async () => {
    const r = await compile(seedModel, [{ path: '/home/me/x.rubric', text: '' }]);
    expect(r).toMatchObject({
      ok: false,
      errors: [{ code: 'RUB2006', stage: 'manifest', message: 'source path "/home/me/x.rubric" must be relative to the project root', location: null }],
    });
  });

  test('schema: a guideline id that cannot name a schema file (RUB2004), located at the guideline', async () => {
    const ran: string[] = [];
    const r = await compile({ guidelines: [{ ...seedGuideline, id: '../escape' }] }, [], { afterStage: (stage) => ran.push(stage) });
    expect(r).toMatchObject({
      ok: false,
      errors: [{ code: 'RUB2004', stage: 'schema', guideline: '../escape', location: { uri: seedGuideline.uri, span: seedGuideline.span } }],
    });
    // The stage after the failing one does not run.
    expect(ran).toEqual(['lower', 'emit', 'bundle', 'schema']);
  });

  test('lower: a model naming an unknown fact (a checker bug) is RUB2001 at the criterion, not thrown', async () => {
    const criterion = seedGuideline.criteria[0]!;
    const broken = {
      guidelines: [
        {
          ...seedGuideline,
          criteria: [{ ...criterion, test: { kind: 'require', condition: { kind: 'documented', fact: { scope: 'case', id: 'nope' } } } } as const],
        },
      ],
    };
    const r = await compile(broken, []);
    expect(r).toMatchObject({
      ok: false,
      errors: [{ code: 'RUB2001', stage: 'lower', guideline: ID, criterion: 'facet_pain', message: 'unknown fact "nope"', location: { uri: criterion.uri, span: criterion.span } }],
    });
    if (!r.ok) expect(describeStageError(r.errors[0]!)).toBe(`RUB2001 lower (${ID}, criterion facet_pain): unknown fact "nope"`);
  });

  test('bundle: esbuild failures (a missing runtime folder) are RUB2003, returned, not thrown', async () => {
    const r = await compile(seedModel, [], { root: '/nonexistent-rubric-root' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) expect(e).toMatchObject({ code: 'RUB2003', stage: 'bundle', message: expect.stringMatching(/^esbuild: /) as unknown });
  });

  test('a stage that throws (a compiler bug) is one RUB2099 naming the stage', async () => {
    const exploding = { guidelines: [{ ...seedGuideline, criteria: null as unknown as typeof seedGuideline.criteria }] };
    const r = await compile(exploding, []);
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'RUB2099', stage: 'lower' }] });
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/^internal compiler error in the lower stage: /);
  });
});
