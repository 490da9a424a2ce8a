/**
 * The pipeline every caller uses: sources → checked model → bundle files in memory → loaded bundle, with no folder
 * in between; the files loaded from memory are verified exactly as a folder is.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundle, loadBundleFiles } from '../runtime/load.js';
import { buildAndLoad, buildBundle, describeFailure, writeBundle } from './pipeline.js';

const GUIDELINE = `guideline tiny
  title "Tiny"
  version "1"
  recommendation recommended cite src
sources
  source src "A source"
facts
  fact plan "formal plan of rehabilitation" documented from documentation.formal_rehabilitation_plan
criteria
  criterion rehabilitation "A formal plan of rehabilitation."
    require plan
    cite src
    reason "There is no formal plan of rehabilitation."
`;

describe('buildAndLoad', () => {
  it('checks, compiles and loads in memory, ready to evaluate', async () => {
    const built = await buildAndLoad([{ uri: 'tiny.rubric', text: GUIDELINE }]);
    if (!built.ok) throw new Error(describeFailure(built.error));
    expect([...built.value.built.files.keys()]).toEqual(['guidelines.json', 'guidelines/tiny.js', 'manifest.json', 'schemas/tiny.schema.json']);
    const result = built.value.bundle.evaluate('tiny', { request: {}, documentation: { formal_rehabilitation_plan: 'absent' } });
    expect(result.ok && result.value.outcome).toBe('not_medically_necessary');
  });

  it('stops at the check when the guidelines have errors, with the diagnostics', async () => {
    const built = await buildAndLoad([{ uri: 'tiny.rubric', text: GUIDELINE.replace('cite src\n    reason', 'cite srx\n    reason') }]);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.error.stage).toBe('check');
    expect(describeFailure(built.error)).toBe("tiny.rubric RUB1201 'srx' is not a source this guideline lists under `sources`. Did you mean 'src'?");
  });
});

describe('loadBundleFiles', () => {
  it('loads what writeBundle writes the same as loadBundle reads it back', async () => {
    const built = await buildBundle([{ uri: 'tiny.rubric', text: GUIDELINE }]);
    if (!built.ok) throw new Error(describeFailure(built.error));
    const dir = await mkdtemp(join(tmpdir(), 'rubric-pipeline-'));
    await writeBundle(dir, built.value.files);
    for (const [path, bytes] of built.value.files) expect(new Uint8Array(await readFile(join(dir, path))), path).toEqual(bytes);
    const fromFolder = await loadBundle(dir);
    const fromMemory = await loadBundleFiles(built.value.files);
    expect(fromFolder.ok && fromMemory.ok).toBe(true);
    if (fromFolder.ok && fromMemory.ok) expect(fromMemory.value.manifest).toEqual(fromFolder.value.manifest);
  });

  it('keeps the bytes it verified: a buffer changed after loading changes nothing', async () => {
    const built = await buildBundle([{ uri: 'tiny.rubric', text: GUIDELINE }]);
    if (!built.ok) throw new Error(describeFailure(built.error));
    const loaded = await loadBundleFiles(built.value.files);
    if (!loaded.ok) throw new Error(loaded.error.message);
    built.value.files.get('guidelines/tiny.js')!.fill(0x20);
    expect(loaded.value.evaluate('tiny', { request: {}, documentation: { formal_rehabilitation_plan: 'absent' } })).toMatchObject({ ok: true });
  });

  it('refuses a changed byte or a missing file, naming it, as a folder would be', async () => {
    const built = await buildBundle([{ uri: 'tiny.rubric', text: GUIDELINE }]);
    if (!built.ok) throw new Error(describeFailure(built.error));
    const code = new Uint8Array(built.value.files.get('guidelines/tiny.js')!);
    code[code.length - 2] = (code[code.length - 2] ?? 0) ^ 1;
    const tampered = await loadBundleFiles(new Map([...built.value.files, ['guidelines/tiny.js', code]]));
    expect(tampered).toMatchObject({ ok: false, error: { code: 'tampered', file: 'guidelines/tiny.js' } });
    const withoutSchema = new Map(built.value.files);
    withoutSchema.delete('schemas/tiny.schema.json');
    expect(await loadBundleFiles(withoutSchema)).toMatchObject({ ok: false, error: { code: 'incomplete', file: 'schemas/tiny.schema.json' } });
    expect(await loadBundleFiles(new Map())).toMatchObject({ ok: false, error: { code: 'incomplete', message: 'There is no manifest.json in the files given: it is not a compiled bundle folder.' } });
  });
});
