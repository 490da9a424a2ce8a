/**
 * Files someone else placed (issue 12, finding 6): a reader never blocks on a FIFO, never reads a device without
 * end, says what the path is instead of "no such file", and a writer replaces a planted symlink instead of
 * writing through it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readRegularFile, readRegularFileSync, replaceFile } from './read-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rubric-read-file-'));
});

// The two readers (awaited, for case files; synchronous, for a bundle's many files at load) drive one read loop and
// must answer alike: each case below runs against both, in a folder of its own.
const READERS = [
  ['readRegularFile', readRegularFile],
  ['readRegularFileSync', (path: string, what: string, maxBytes?: number) => Promise.resolve(readRegularFileSync(path, what, maxBytes))],
] as const;

describe.each(READERS)('%s', (name, read) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `rubric-${name}-`));
  });

  test('reads a regular file', async () => {
    await writeFile(join(dir, 'case.json'), '{}');
    const result = await read(join(dir, 'case.json'), 'the case file');
    // The bytes, whatever Uint8Array they come in (the synchronous reader's is a Buffer).
    expect(result.ok && [...result.value]).toEqual([...new TextEncoder().encode('{}')]);
  });

  test('a missing file is not_found', async () => {
    const result = await read(join(dir, 'nothing.json'), 'the case file');
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: `Nothing exists at ${join(dir, 'nothing.json')}, where the case file should be.` } });
  });

  test('a folder is not_a_file, not "missing"', async () => {
    const result = await read(dir, 'the case file');
    expect(result.ok || result.error).toMatchObject({ code: 'not_a_file', message: expect.stringContaining('is a folder') });
  });

  test('a FIFO with no writer is refused at once instead of blocking', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const result = await read(fifo, 'the case file');
    expect(result.ok || result.error).toMatchObject({ code: 'not_a_file', message: expect.stringContaining('a named pipe') });
  });

  test('/dev/zero, directly or through a symlink, is refused without reading it', async () => {
    await symlink('/dev/zero', join(dir, 'zero.json'));
    for (const path of ['/dev/zero', join(dir, 'zero.json')]) {
      const result = await read(path, 'bundle.js');
      expect(result.ok || result.error).toMatchObject({ code: 'not_a_file', message: expect.stringContaining('a device') });
    }
  });

  test('a file over the limit is too_large and is not read', async () => {
    await writeFile(join(dir, 'big.json'), 'x'.repeat(2048));
    const result = await read(join(dir, 'big.json'), 'the case file', 1024);
    expect(result.ok || result.error.code).toBe('too_large');
    expect((await read(join(dir, 'big.json'), 'the case file', 2048)).ok).toBe(true);
  });
});

describe('replaceFile', () => {
  test('replaces a symlink planted at the path and leaves the file it pointed to alone', async () => {
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious');
    const out = join(dir, 'bundle.js');
    await symlink(victim, out);
    await replaceFile(out, 'export default {};');
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect(await readFile(out, 'utf8')).toBe('export default {};');
    await expect(readlink(out)).rejects.toMatchObject({ code: 'EINVAL' });
  });

  test('overwrites a regular file', async () => {
    const out = join(dir, 'manifest.json');
    await writeFile(out, 'old');
    await replaceFile(out, new TextEncoder().encode('new'));
    expect(await readFile(out, 'utf8')).toBe('new');
  });
});
