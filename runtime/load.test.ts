import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { BUNDLE_FORMAT } from './contract.js';
import { loadBundle } from './load.js';
import { seedBundle, writeBundle } from './testdata/write-bundle.js';

/** The bundle text with one edit, which must apply: a test that edits nothing would prove nothing. */
function changed(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the compiled bundle no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

const dirs: string[] = [];
async function seedDir(overrides: Record<string, unknown> = {}, text?: string): Promise<string> {
  const seed = await seedBundle();
  const dir = await writeBundle(text ?? seed.text, seed.guidelines, overrides);
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
  test('in bundle.js', async () => {
    const dir = await seedDir();
    await flipOneByte(join(dir, 'bundle.js'), (b) => b.indexOf('no more than 2 levels'));
    expect(await errorOf(dir)).toEqual({
      code: 'tampered',
      file: 'bundle.js',
      message: 'bundle.js does not match its hash in manifest.json: it was changed after compilation.',
    });
  });

  test('in a schema file', async () => {
    const dir = await seedDir();
    const schema = 'schemas/cervical_facet_therapeutic_injection.schema.json';
    await flipOneByte(join(dir, schema), (b) => b.indexOf('minimum'));
    expect(await errorOf(dir)).toMatchObject({ code: 'tampered', file: schema });
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

  test('a re-hashed bundle.js must still hold the guidelines the manifest lists', async () => {
    const seed = await seedBundle();
    const dir = await seedDir({}, changed(seed.text, '"cervical_facet_therapeutic_injection": { meta', '"renamed": { meta'));
    expect(await errorOf(dir)).toEqual({
      code: 'mismatch',
      file: 'bundle.js',
      message: 'bundle.js holds guideline "renamed", which manifest.json does not list.',
    });
  });

  test('a re-hashed bundle.js must still use the schema file beside it', async () => {
    const seed = await seedBundle();
    const dir = await seedDir({}, changed(seed.text, '"description": "duration of sustained relief",', '"description": "duration of sustained relief (edited)",'));
    expect(await errorOf(dir)).toMatchObject({ code: 'mismatch', file: 'schemas/cervical_facet_therapeutic_injection.schema.json' });
  });
});

describe('an incomplete or foreign bundle folder is refused', () => {
  test('a missing file', async () => {
    const dir = await seedDir();
    await rm(join(dir, 'schemas/cervical_facet_therapeutic_injection.schema.json'));
    expect(await errorOf(dir)).toEqual({
      code: 'incomplete',
      file: 'schemas/cervical_facet_therapeutic_injection.schema.json',
      message: 'schemas/cervical_facet_therapeutic_injection.schema.json is listed in manifest.json but missing from the bundle folder.',
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

  test('a manifest of another format', async () => {
    expect(await errorOf(await seedDir({ format: BUNDLE_FORMAT + 1 }))).toMatchObject({ code: 'unsupported_format', file: 'manifest.json' });
  });

  test('a manifest that is not JSON', async () => {
    const dir = await seedDir();
    await writeFile(join(dir, 'manifest.json'), '{ not json');
    expect(await errorOf(dir)).toMatchObject({ code: 'malformed', file: 'manifest.json', message: 'manifest.json is not valid JSON.' });
  });

  test('a manifest listing a file outside the bundle folder', async () => {
    const seed = await seedBundle();
    const dir = await writeBundle(seed.text, seed.guidelines);
    dirs.push(dir);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown> & { files: { path: string; sha256: string }[] };
    const { digest: _digest, ...body } = manifest;
    body.files = [...manifest.files, { path: '../../etc/passwd', sha256: sha256Hex('') }];
    await writeFile(join(dir, 'manifest.json'), canonicalJson({ ...body, digest: sha256Hex(canonicalJson(body)) }));
    expect(await errorOf(dir)).toMatchObject({ code: 'malformed', file: 'manifest.json' });
  });

  test('a bundle.js of another format', async () => {
    const seed = await seedBundle();
    expect(await errorOf(await seedDir({}, changed(seed.text, `var BUNDLE_FORMAT = ${BUNDLE_FORMAT};`, 'var BUNDLE_FORMAT = 99;')))).toMatchObject({
      code: 'unsupported_format',
      file: 'bundle.js',
    });
  });

  test('a bundle.js that does not export a bundle', async () => {
    expect(await errorOf(await seedDir({}, 'export default 42;\n'))).toMatchObject({ code: 'not_a_bundle', file: 'bundle.js' });
  });

  test('a bundle.js that throws when imported', async () => {
    expect(await errorOf(await seedDir({}, 'throw new Error("boom");\n'))).toMatchObject({
      code: 'import_failed',
      file: 'bundle.js',
      message: 'bundle.js could not be imported: boom',
    });
  });
});
