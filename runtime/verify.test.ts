import { describe, expect, test } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { BUNDLE_FORMAT } from './contract.js';
import { isSafeRelativePath, verifyFile, verifyManifest } from './verify.js';

const body = {
  format: BUNDLE_FORMAT,
  compiler: { name: 'rubric', version: '1.0.0' },
  esbuild: { version: '0.28.2' },
  sources: [],
  files: [{ path: 'bundle.js', sha256: sha256Hex('export default {}') }],
  guidelines: [],
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

  test('refuses a manifest that does not list bundle.js, even when signed', () => {
    expect(verifyManifest(bytes(signed({ ...body, files: [] })))).toEqual({
      ok: false,
      error: { code: 'malformed', file: 'manifest.json', message: 'manifest.json does not list bundle.js.' },
    });
  });

  test('refuses a guideline whose schema file is not listed', () => {
    const withGuideline = { ...body, guidelines: [{ id: 'g', version: '1', schema: 'schemas/g.schema.json' }] };
    expect(verifyManifest(bytes(signed(withGuideline)))).toMatchObject({ ok: false, error: { code: 'malformed' } });
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
  const entry = { path: 'bundle.js', sha256: sha256Hex('abc') };
  test('passes the exact bytes, refuses others, and reports a missing file', () => {
    expect(verifyFile(entry, new TextEncoder().encode('abc')).ok).toBe(true);
    expect(verifyFile(entry, new TextEncoder().encode('abd'))).toMatchObject({ ok: false, error: { code: 'tampered', file: 'bundle.js' } });
    expect(verifyFile(entry, null)).toMatchObject({ ok: false, error: { code: 'incomplete', file: 'bundle.js' } });
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
