import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { BUNDLE_FORMAT } from './contract.js';
import { loadBundle } from './load.js';
import { seedBundle, writeBundle } from './testdata/write-bundle.js';

const ID = 'cervical_facet_therapeutic_injection';
const CODE = `guidelines/${ID}.js`;
const SCHEMA = `schemas/${ID}.schema.json`;

/** The bundle text with one edit, which must apply: a test that edits nothing would prove nothing. */
function changed(text: string | undefined, from: string, to: string): string {
  if (text === undefined || !text.includes(from)) throw new Error(`the compiled file no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

const dirs: string[] = [];
/** The seed bundle written to a folder, with some of its files replaced (and hashed in the manifest as they are). */
async function seedDir(overrides: Record<string, unknown> = {}, replaced: Record<string, string> = {}): Promise<string> {
  const seed = await seedBundle();
  const dir = await writeBundle({ ...seed.files, ...replaced }, seed.guidelines, overrides);
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Change one byte of a file in place. */
async function flipOneByte(path: string, at: (bytes: Buffer) => number): Promise<void> {
  const bytes = await readFile(path);
  const i = at(bytes);
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  await writeFile(path, bytes);
}

async function errorOf(dir: string) {
  const loaded = await loadBundle(dir);
  return loaded.ok ? null : loaded.error;
}

describe('a bundle as the compiler wrote it', () => {
  test('loads, and lists its guidelines and what they read', async () => {
    const loaded = await loadBundle(await seedDir());
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.guidelineIds()).toEqual(['cervical_facet_therapeutic_injection']);
    expect(loaded.value.requirements('cervical_facet_therapeutic_injection')?.map((r) => r.path)).toContain('documentation.formal_rehabilitation_plan');
    expect(loaded.value.manifest.compiler.name).toBe('rubric');
  });

  test('hands out only frozen data (each guideline frozen when first reached): metadata and requirements', async () => {
    const loaded = await loadBundle(await seedDir());
    if (!loaded.ok) throw new Error(loaded.error.message);
    const id = 'cervical_facet_therapeutic_injection';
    expect(loaded.value.evaluate(id, {}).ok).toBe(true);
    const meta = loaded.value.guideline(id)!;
    expect([meta, meta.service, meta.sources[0], meta.criteria[0]?.citations, meta.recommendation.citations].every((o) => Object.isFrozen(o))).toBe(true);
    expect(Object.isFrozen(loaded.value.requirements(id)?.[0])).toBe(true);
  });
});

describe('a changed byte is refused, naming the file', () => {
  test("in a guideline's code", async () => {
    const dir = await seedDir();
    await flipOneByte(join(dir, CODE), (b) => b.indexOf('no more than 2 levels'));
    expect(await errorOf(dir)).toEqual({
      code: 'tampered',
      file: CODE,
      message: `${CODE} does not match its hash in manifest.json: it was changed after compilation.`,
    });
  });

  test("in the guidelines' metadata", async () => {
    const dir = await seedDir();
    await flipOneByte(join(dir, 'guidelines.json'), (b) => b.indexOf('Cervical facet'));
    expect(await errorOf(dir)).toMatchObject({ code: 'tampered', file: 'guidelines.json' });
  });

  test('in a schema file', async () => {
    const dir = await seedDir();
    await flipOneByte(join(dir, SCHEMA), (b) => b.indexOf('minimum'));
    expect(await errorOf(dir)).toMatchObject({ code: 'tampered', file: SCHEMA });
  });

  test('in a hash inside manifest.json', async () => {
    const dir = await seedDir();
    await flipOneByte(join(dir, 'manifest.json'), (b) => b.indexOf('"sha256": "') + 12);
    expect(await errorOf(dir)).toEqual({
      code: 'tampered',
      file: 'manifest.json',
      message: 'manifest.json does not match its digest: it was changed after compilation.',
    });
  });

  test('in the layout of manifest.json', async () => {
    const dir = await seedDir();
    const text = await readFile(join(dir, 'manifest.json'), 'utf8');
    await writeFile(join(dir, 'manifest.json'), text.replace('\n  "digest"', '\n   "digest"'));
    expect(await errorOf(dir)).toMatchObject({ code: 'tampered', file: 'manifest.json', message: expect.stringMatching(/canonical form/) });
  });
});

describe('re-hashed metadata must still agree with the manifest (checked at load)', () => {
  test('a guideline the manifest does not list', async () => {
    const seed = await seedBundle();
    const dir = await seedDir({}, { 'guidelines.json': changed(seed.files['guidelines.json'], `{"${ID}":`, '{"renamed":') });
    expect(await errorOf(dir)).toEqual({ code: 'mismatch', file: 'guidelines.json', message: 'guidelines.json holds guideline "renamed", which manifest.json does not list.' });
  });

  test('another version', async () => {
    const seed = await seedBundle();
    const version = seed.guidelines[0]!.version;
    const dir = await seedDir({}, { 'guidelines.json': changed(seed.files['guidelines.json'], `"version":"${version}"`, '"version":"9999"') });
    expect(await errorOf(dir)).toMatchObject({ code: 'mismatch', file: 'guidelines.json', message: `guidelines.json holds version "9999" of guideline "${ID}"; manifest.json says "${version}".` });
  });

  test('metadata without its id, or citing a source it does not list', async () => {
    const seed = await seedBundle();
    const data = seed.files['guidelines.json'];
    expect(await errorOf(await seedDir({}, { 'guidelines.json': changed(data, `"id":"${ID}"`, '"id":"other"') }))).toMatchObject({
      code: 'not_a_bundle',
      file: 'guidelines.json',
      message: `guidelines.json: guideline "${ID}" has no metadata with its id.`,
    });
    expect(await errorOf(await seedDir({}, { 'guidelines.json': 'null\n' }))).toMatchObject({ code: 'not_a_bundle', file: 'guidelines.json' });
  });
});

describe('an incomplete or foreign bundle folder is refused', () => {
  test('a missing file', async () => {
    const dir = await seedDir();
    await rm(join(dir, SCHEMA));
    expect(await errorOf(dir)).toEqual({
      code: 'incomplete',
      file: SCHEMA,
      message: `${SCHEMA} is listed in manifest.json but missing from the bundle folder.`,
    });
  });

  test('no manifest at all', async () => {
    const dir = await seedDir();
    await rm(join(dir, 'manifest.json'));
    expect(await errorOf(dir)).toMatchObject({ code: 'incomplete', file: 'manifest.json' });
  });

  test('a folder that does not exist', async () => {
    expect(await errorOf('/no/such/folder/anywhere')).toMatchObject({ code: 'incomplete', file: 'manifest.json' });
  });

  test('a manifest of another format (a format-3 bundle.js folder among them)', async () => {
    expect(await errorOf(await seedDir({ format: BUNDLE_FORMAT + 1 }))).toMatchObject({ code: 'unsupported_format', file: 'manifest.json' });
    expect(await errorOf(await seedDir({ format: 3 }))).toMatchObject({ code: 'unsupported_format', file: 'manifest.json' });
  });

  test('a manifest that is not JSON', async () => {
    const dir = await seedDir();
    await writeFile(join(dir, 'manifest.json'), '{ not json');
    expect(await errorOf(dir)).toMatchObject({ code: 'malformed', file: 'manifest.json', message: 'manifest.json is not valid JSON.' });
  });

  test('a manifest listing a file outside the bundle folder', async () => {
    const dir = await seedDir();
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown> & { files: { path: string; sha256: string }[] };
    const { digest: _digest, ...body } = manifest;
    body.files = [...manifest.files, { path: '../../etc/passwd', sha256: sha256Hex('') }];
    await writeFile(join(dir, 'manifest.json'), canonicalJson({ ...body, digest: sha256Hex(canonicalJson(body)) }));
    expect(await errorOf(dir)).toMatchObject({ code: 'malformed', file: 'manifest.json' });
  });

  test("a manifest whose guideline names a code file it does not list", async () => {
    const seed = await seedBundle();
    const guidelines = seed.guidelines.map((g) => ({ ...g, code: 'guidelines/elsewhere.js' }));
    expect(await errorOf(await seedDir({ guidelines }))).toMatchObject({
      code: 'malformed',
      file: 'manifest.json',
      message: `manifest.json names code file guidelines/elsewhere.js for guideline "${ID}" but does not list that file.`,
    });
  });
});

/** The seed bundle with its code (or schema) replaced and re-hashed, loaded: it loads; evaluating it is the test. */
async function loadedWith(replaced: Record<string, string>) {
  const loaded = await loadBundle(await seedDir({}, replaced));
  if (!loaded.ok) throw new Error(`the bundle should load (its code is compiled when first used): ${loaded.error.message}`);
  return loaded.value;
}

describe("a guideline's code is compiled when it is first evaluated, from the bytes verified at load", () => {
  test('the bytes verified are the bytes compiled: the file changed after load changes nothing', async () => {
    const dir = await seedDir();
    const loaded = await loadBundle(dir);
    if (!loaded.ok) throw new Error(loaded.error.message);
    await writeFile(join(dir, CODE), '"use strict";\nthrow new Error("read again");\n');
    const seedCase: unknown = JSON.parse(readFileSync(new URL('../examples/seed/case.json', import.meta.url), 'utf8'));
    expect(loaded.value.evaluate(ID, seedCase)).toMatchObject({ ok: true, value: { outcome: 'not_medically_necessary' } });
  });

  test('code that does not compile: the bundle loads, its metadata is there, evaluating is an error naming the file, each time', async () => {
    const bundle = await loadedWith({ [CODE]: 'define({ check(: {} });\n' });
    expect(bundle.guideline(ID)?.id).toBe(ID);
    expect(bundle.requirements(ID)?.length).toBeGreaterThan(0);
    const first = bundle.evaluate(ID, {});
    expect(first).toEqual({
      ok: false,
      error: { code: 'evaluation_failed', guideline: ID, message: expect.stringMatching(new RegExp(`^Guideline "${ID}" could not be loaded: ${CODE} could not be compiled: `)) },
    });
    expect(bundle.evaluate(ID, {})).toEqual(first);
    expect(bundle.evaluateRequest(JSON.parse(readFileSync(new URL('../examples/seed/case.json', import.meta.url), 'utf8'))).items[0]).toMatchObject({ status: 'evaluation_failed' });
  });

  test("one guideline's broken code does not touch another's: each is compiled on its own, when it is evaluated", async () => {
    const seed = await seedBundle();
    const data = JSON.parse(seed.files['guidelines.json']!) as Record<string, { meta: { id: string } }>;
    const other = structuredClone(data[ID]!);
    other.meta.id = 'other';
    const files = { ...seed.files, 'guidelines.json': JSON.stringify({ ...data, other }), 'guidelines/other.js': 'define(', 'schemas/other.schema.json': seed.files[SCHEMA]! };
    const guidelines = [...seed.guidelines, { ...seed.guidelines[0]!, id: 'other', code: 'guidelines/other.js', schema: 'schemas/other.schema.json' }];
    const dir = await writeBundle(files, guidelines);
    dirs.push(dir);
    const loaded = await loadBundle(dir);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.guidelineIds()).toEqual([ID, 'other']);
    const seedCase: unknown = JSON.parse(readFileSync(new URL('../examples/seed/case.json', import.meta.url), 'utf8'));
    expect(loaded.value.evaluate(ID, seedCase)).toMatchObject({ ok: true, value: { outcome: 'not_medically_necessary' } });
    expect(loaded.value.evaluate('other', seedCase)).toMatchObject({ ok: false, error: { code: 'evaluation_failed', guideline: 'other', message: expect.stringContaining('guidelines/other.js could not be compiled') } });
    expect(loaded.value.evaluate(ID, seedCase)).toMatchObject({ ok: true });
  });

  test('code that throws when run', async () => {
    const bundle = await loadedWith({ [CODE]: '"use strict";\nthrow new Error("boom");\n' });
    expect(bundle.evaluate(ID, {})).toMatchObject({ ok: false, error: { code: 'evaluation_failed', message: `Guideline "${ID}" could not be loaded: ${CODE} failed when run: boom` } });
  });

  test('code that does not define its entry points, or defines them twice', async () => {
    const none = await loadedWith({ [CODE]: '"use strict";\n42;\n' });
    expect(none.evaluate(ID, {})).toMatchObject({
      ok: false,
      error: { message: `Guideline "${ID}" could not be loaded: ${CODE} does not define a guideline: it must call define() once with its entry points (it did 0 times).` },
    });
    const partial = await loadedWith({ [CODE]: 'define({ check() {}, applies() {} });\n' });
    expect(partial.evaluate(ID, {})).toMatchObject({ ok: false, error: { message: `Guideline "${ID}" could not be loaded: ${CODE} defines a guideline without a evaluate function.` } });
    const seed = await seedBundle();
    const twice = await loadedWith({ [CODE]: `${seed.files[CODE]}\n${seed.files[CODE]}` });
    expect(twice.evaluate(ID, {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('(it did 2 times)') } });
  });

  test('the code reaches nothing but define: no require, no import(), no module scope', async () => {
    for (const reach of ['require("node:fs")', 'module.exports', 'exports.x', '__filename']) {
      const bundle = await loadedWith({ [CODE]: `"use strict";\n${reach};\n` });
      expect(bundle.evaluate(ID, {}), reach).toMatchObject({ ok: false, error: { message: expect.stringMatching(/failed when run: .* is not defined$/) } });
    }
    // import() is refused (no dynamic-import callback), and define() after the script has run is not heard.
    const dynamic = await loadedWith({ [CODE]: '"use strict";\nimport("node:fs").then(() => define({}), (e) => { globalThis.rubricImportRefused = e.code; define({}); });\n' });
    expect(dynamic.evaluate(ID, {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('(it did 0 times)') } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((globalThis as { rubricImportRefused?: unknown }).rubricImportRefused).toBe('ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING');
    expect(dynamic.evaluate(ID, {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('(it did 0 times)') } });
  });

  test('a case schema that is not JSON is an error when the guideline is first evaluated', async () => {
    const bundle = await loadedWith({ [SCHEMA]: '{ not json' });
    expect(bundle.evaluate(ID, {})).toMatchObject({ ok: false, error: { message: `Guideline "${ID}" could not be loaded: ${SCHEMA} is not a case schema (a JSON object).` } });
  });
});
