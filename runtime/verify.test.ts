import { describe, expect, test } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { BUNDLE_FORMAT } from './contract.js';
import { isSafeRelativePath, verifyFile, verifyManifest } from './verify.js';

const body = {
  format: BUNDLE_FORMAT,
  compiler: { name: 'rubric', version: '1.0.0' },
  esbuild: { version: '0.28.2' },
  sources: [],
  files: [
    { path: 'guidelines.json', sha256: sha256Hex('{"g":{}}') },
    { path: 'guidelines/g.js', sha256: sha256Hex('define({})') },
    { path: 'schemas/g.schema.json', sha256: sha256Hex('{}') },
  ],
  guidelines: [{ id: 'g', version: '1', code: 'guidelines/g.js', schema: 'schemas/g.schema.json' }],
};
const bytes = (value: unknown) => new TextEncoder().encode(canonicalJson(value));
const signed = (b: Record<string, unknown>) => ({ ...b, digest: sha256Hex(canonicalJson(b)) });

describe('verifyManifest', () => {
  test('accepts a canonical manifest whose digest matches', () => {
    expect(verifyManifest(bytes(signed(body)))).toMatchObject({ ok: true, value: { format: BUNDLE_FORMAT } });
  });

  test('refuses a manifest whose digest was not recomputed after an edit', () => {
    const edited = { ...signed(body), compiler: { name: 'rubric', version: '9.9.9' } };
    expect(verifyManifest(bytes(edited))).toMatchObject({ ok: false, error: { code: 'tampered', file: 'manifest.json' } });
  });

  test("refuses a manifest that does not list the guidelines' metadata, even when signed", () => {
    expect(verifyManifest(bytes(signed({ ...body, files: body.files.filter((f) => f.path !== 'guidelines.json') })))).toEqual({
      ok: false,
      error: { code: 'malformed', file: 'manifest.json', message: 'manifest.json does not list guidelines.json.' },
    });
  });

  test('refuses a guideline whose code or schema file is not listed, or is not named', () => {
    const without = (path: string) => ({ ...body, files: body.files.filter((f) => f.path !== path) });
    expect(verifyManifest(bytes(signed(without('schemas/g.schema.json'))))).toMatchObject({
      ok: false,
      error: { code: 'malformed', message: 'manifest.json names schema file schemas/g.schema.json for guideline "g" but does not list that file.' },
    });
    expect(verifyManifest(bytes(signed(without('guidelines/g.js'))))).toMatchObject({ ok: false, error: { code: 'malformed' } });
    const noCode = { ...body, guidelines: [{ id: 'g', version: '1', schema: 'schemas/g.schema.json' }] };
    expect(verifyManifest(bytes(signed(noCode)))).toMatchObject({ ok: false, error: { code: 'malformed', message: 'manifest.json has no code file for guideline "g".' } });
  });

  test('refuses two guidelines sharing a file', () => {
    const shared = { ...body, guidelines: [...body.guidelines, { id: 'h', version: '1', code: 'guidelines/g.js', schema: 'schemas/g.schema.json' }] };
    expect(verifyManifest(bytes(signed(shared)))).toMatchObject({ ok: false, error: { code: 'malformed', message: 'manifest.json names file guidelines/g.js twice.' } });
  });

  test('refuses a manifest prefixed with a byte-order mark (issue 12, finding 1)', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(signed(body))]);
    expect(verifyManifest(withBom)).toEqual({
      ok: false,
      error: { code: 'malformed', file: 'manifest.json', message: 'manifest.json starts with a byte-order mark: it was re-saved after compilation.' },
    });
  });

  test('refuses bytes that are not UTF-8', () => {
    expect(verifyManifest(new Uint8Array([0xff, 0xfe, 0x7b]))).toMatchObject({ ok: false, error: { code: 'malformed' } });
  });
});

describe('verifyFile', () => {
  const entry = { path: 'guidelines/g.js', sha256: sha256Hex('abc') };
  test('passes the exact bytes, refuses others, and reports a missing file', () => {
    expect(verifyFile(entry, new TextEncoder().encode('abc')).ok).toBe(true);
    expect(verifyFile(entry, new TextEncoder().encode('abd'))).toMatchObject({ ok: false, error: { code: 'tampered', file: 'guidelines/g.js' } });
    expect(verifyFile(entry, null)).toMatchObject({ ok: false, error: { code: 'incomplete', file: 'guidelines/g.js' } });
  });
});

describe('isSafeRelativePath: manifest paths stay inside the bundle folder', () => {
  test.each([
    ['bundle.js', true],
    ['schemas/g.schema.json', true],
    ['../bundle.js', false],
    ['schemas/../../x', false],
    ['/etc/passwd', false],
    ['C:/x', false],
    ['schemas\\g.json', false],
    ['schemas//g.json', false],
    ['', false],
  ])('%s → %s', (path, safe) => {
    expect(isSafeRelativePath(path)).toBe(safe);
  });
});
