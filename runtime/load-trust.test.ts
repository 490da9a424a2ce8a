/**
 * loadBundle with a trust policy, and the bundle folder as an attacker might leave it (issue 12, findings 1 and 6):
 * an unsigned, re-signed, changed or rolled-back bundle is refused; extra files and special files are refused,
 * without blocking; the error names the file.
 */
import { execFileSync } from 'node:child_process';
import { readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { generateSigningKeys, signManifest } from '../compiler/sign.js';
import { loadBundle } from './load.js';
import { seedBundle, writeBundle } from './testdata/write-bundle.js';

const CODE = 'guidelines/cervical_facet_therapeutic_injection.js';
const dirs: string[] = [];
async function seedDir(): Promise<string> {
  const seed = await seedBundle();
  const dir = await writeBundle(seed.files, seed.guidelines, {});
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const signer = generateSigningKeys();
const stranger = generateSigningKeys();

async function sign(dir: string, privateKeyPem: string, release: number): Promise<void> {
  const signed = signManifest(await readFile(join(dir, 'manifest.json')), privateKeyPem, release);
  if (!signed.ok) throw new Error(signed.error);
  await writeFile(join(dir, 'signature.json'), signed.value);
}

const errorCode = async (dir: string, options: Parameters<typeof loadBundle>[1] = {}) => {
  const loaded = await loadBundle(dir, options);
  return loaded.ok ? 'loaded' : loaded.error.code;
};

describe('a service that trusts one key', () => {
  const trust = { trustedKeys: [signer.publicKeyPem] };

  test('loads a bundle that key signed', async () => {
    const dir = await seedDir();
    await sign(dir, signer.privateKeyPem, 3);
    expect(await errorCode(dir, trust)).toBe('loaded');
  });

  test('refuses the same bundle unsigned, though its hashes are intact', async () => {
    const dir = await seedDir();
    expect(await errorCode(dir)).toBe('loaded');
    expect(await errorCode(dir, trust)).toBe('unsigned');
  });

  test('refuses a bundle whose code was replaced and manifest rehashed, then re-signed by another key', async () => {
    const dir = await seedDir();
    await sign(dir, stranger.privateKeyPem, 3);
    expect(await errorCode(dir, trust)).toBe('untrusted_key');
  });

  test('refuses a manifest changed after signing', async () => {
    const dir = await seedDir();
    await sign(dir, signer.privateKeyPem, 3);
    const manifest = await readFile(join(dir, 'manifest.json'), 'utf8');
    await writeFile(join(dir, 'manifest.json'), manifest.replace('"rubric"', '"rubric" '));
    expect(await errorCode(dir, trust)).not.toBe('loaded');
  });

  test('given the release last accepted, refuses an older complete bundle (rollback)', async () => {
    const dir = await seedDir();
    await sign(dir, signer.privateKeyPem, 3);
    expect(await errorCode(dir, { ...trust, minimumRelease: 4 })).toBe('rollback');
    expect(await errorCode(dir, { ...trust, minimumRelease: 3 })).toBe('loaded');
  });

  test('a minimum release without trusted keys is refused: an unsigned number proves nothing', async () => {
    expect(await errorCode(await seedDir(), { minimumRelease: 1 })).toBe('untrusted_key');
  });
});

describe('the bundle folder holds only what the compiler wrote', () => {
  test('an extra file is refused, naming it', async () => {
    const dir = await seedDir();
    await writeFile(join(dir, 'schemas', 'extra.js'), 'export default 1;');
    const loaded = await loadBundle(dir);
    expect(loaded.ok || loaded.error).toMatchObject({ code: 'unexpected_file', file: 'schemas/extra.js' });
  });

  test("a guideline's code replaced by a FIFO is refused at once instead of blocking", async () => {
    const dir = await seedDir();
    await unlink(join(dir, CODE));
    execFileSync('mkfifo', [join(dir, CODE)]);
    const loaded = await loadBundle(dir);
    expect(loaded.ok || loaded.error).toMatchObject({ code: 'unreadable', file: CODE, message: expect.stringContaining('named pipe') });
  });

  test("a guideline's code as a symlink to /dev/zero is refused without reading it", async () => {
    const dir = await seedDir();
    await unlink(join(dir, CODE));
    await symlink('/dev/zero', join(dir, CODE));
    const loaded = await loadBundle(dir);
    expect(loaded.ok || loaded.error).toMatchObject({ code: 'unreadable', file: CODE, message: expect.stringContaining('device') });
  });

  test('a folder that does not exist, or a file given as the folder, says so', async () => {
    expect(await errorCode('/nonexistent/rubric-bundle')).toBe('incomplete');
    const dir = await seedDir();
    expect(await errorCode(join(dir, CODE))).not.toBe('loaded');
  });
});
