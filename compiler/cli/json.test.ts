/**
 * One JSON shape for every command (reply.ts): `{ formatVersion: 1, command, exitCode, result, errors }`, errors in
 * JSON mode included, and `compile --format json` naming the bundle, its sha256 and the guidelines.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../runtime/canonical-json.js';
import { main, type CliIo } from '../cli.js';

const root = join(import.meta.dirname, '..', '..');

async function run(argv: string[], cwd = root): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, out: (t) => (out += t), err: (t) => (err += t), color: false };
  return { status: await main(argv, io), out, err };
}

interface Answer {
  formatVersion: number;
  command: string;
  exitCode: number;
  result: Record<string, unknown> | null;
  errors: { code: string; message: string }[];
}
const answer = (out: string) => JSON.parse(out) as Answer;

describe('--format json', () => {
  it('compile: the bundle path and sha256, the manifest digest and the guideline ids', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rubric-json-'));
    const result = await run(['compile', 'guidelines', '-o', out, '--format', 'json']);
    expect(result.status).toBe(0);
    expect(result.err).toBe('');
    const a = answer(result.out);
    expect(a).toMatchObject({ formatVersion: 1, command: 'compile', exitCode: 0, errors: [] });
    const r = a.result as { out: string; bundle: { path: string; sha256: string }; manifest: { digest: string }; guidelines: { id: string }[]; diagnostics: unknown[] };
    expect(r.out).toBe(out);
    expect(r.bundle.path).toBe(join(out, 'manifest.json'));
    expect(r.bundle.sha256).toBe(sha256Hex(await readFile(join(out, 'manifest.json'))));
    expect(r.manifest.digest).toBe((JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { digest: string }).digest);
    expect(r.guidelines.map((g) => g.id)).toContain('cervical_facet_therapeutic_injection');
    expect(r.diagnostics).toEqual([]);
  });

  it('errors are JSON too, with a code (a missing folder: RUB2101, exit 2)', async () => {
    const result = await run(['check', 'no-such-folder', '--format', 'json']);
    expect(result.status).toBe(2);
    expect(result.err).toBe('');
    expect(answer(result.out)).toEqual({
      formatVersion: 1,
      command: 'check',
      exitCode: 2,
      result: null,
      errors: [{ code: 'RUB2101', message: 'no-such-folder: no such file or folder.' }],
    });
  });

  it('compile: an output folder that cannot be written (RUB2115, exit 2), not a stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rubric-json-'));
    await writeFile(join(dir, 'a-file'), '');
    const result = await run(['compile', 'guidelines', '-o', join(dir, 'a-file', 'out'), '--format', 'json']);
    expect(result.status).toBe(2);
    expect(answer(result.out)).toMatchObject({ command: 'compile', exitCode: 2, result: { bundle: null }, errors: [{ code: 'RUB2115' }] });
  });

  it('a bad argument under --format json is a JSON answer (RUB2111)', async () => {
    const result = await run(['eval', '--format', 'json']);
    expect(result.status).toBe(2);
    expect(answer(result.out)).toMatchObject({ command: 'eval', exitCode: 2, result: null, errors: [{ code: 'RUB2111' }] });
  });

  it('eval: a missing case file (RUB2105)', async () => {
    const result = await run(['eval', '-c', 'nope.json', '--format', 'json']);
    expect(answer(result.out)).toMatchObject({ command: 'eval', exitCode: 2, errors: [{ code: 'RUB2105', message: 'nope.json: no such case file.' }] });
  });

  it('test: no cases files (RUB2104)', async () => {
    const result = await run(['test', 'examples/seed', '--format', 'json']);
    expect(answer(result.out)).toMatchObject({ command: 'test', exitCode: 2, errors: [{ code: 'RUB2104' }] });
  });
});
