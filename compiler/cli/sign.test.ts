/**
 * Signed bundles from the command line (issue 12): `keygen`, `compile --sign --release`, `eval --bundle
 * --trusted-key [--minimum-release]`; and the files a command reads or writes when someone else placed them
 * (a FIFO as the case, a case saved with a byte-order mark, a symlink planted in the output folder, a stale file
 * of an earlier bundle).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../cli.js';

async function run(argv: string[], cwd: string): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, out: (t) => (out += t), err: (t) => (err += t), color: false };
  return { status: await main(argv, io), out, err };
}

const GUIDELINE = 'example_facet_injection';
const CASE = 'guidelines/example.case.json';
let project: string;

beforeAll(async () => {
  project = join(await mkdtemp(join(tmpdir(), 'rubric-sign-')), 'project');
  expect((await run(['init', project], tmpdir())).status).toBe(0);
  expect((await run(['keygen', '-o', 'keys'], project)).status).toBe(0);
  expect((await run(['keygen', '-o', 'other-keys'], project)).status).toBe(0);
});

describe('keygen', () => {
  it('writes a private key only its owner can read, and a public key', async () => {
    expect((await stat(join(project, 'keys/rubric-signing.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(project, 'keys/rubric-signing.pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('never overwrites a key (exit 2)', async () => {
    const before = await readFile(join(project, 'keys/rubric-signing.key'), 'utf8');
    const again = await run(['keygen', '-o', 'keys'], project);
    expect(again.status).toBe(2);
    expect(again.err).toContain('keygen never overwrites a key');
    expect(await readFile(join(project, 'keys/rubric-signing.key'), 'utf8')).toBe(before);
  });
});

describe('a signed bundle', () => {
  beforeAll(async () => {
    const compiled = await run(['compile', 'guidelines', '-o', 'out', '--sign', 'keys/rubric-signing.key', '--release', '5'], project);
    expect(compiled).toMatchObject({ status: 0, err: '' });
    expect(compiled.out).toContain('signed as release 5 (signature.json)');
  });

  it('is evaluated by a service that trusts its key', async () => {
    const evaluated = await run(['eval', '-g', GUIDELINE, '-c', CASE, '--bundle', 'out', '--trusted-key', 'keys/rubric-signing.pub'], project);
    expect(evaluated.status).toBe(0);
    expect(evaluated.err).toContain('Verified');
    expect(evaluated.err).toContain('and its signature');
    expect(evaluated.out).toContain('Decision: medically necessary.');
  });

  it('is refused by a service that trusts another key, and as a rollback below the release last accepted', async () => {
    const untrusted = await run(['eval', '-g', GUIDELINE, '-c', CASE, '--bundle', 'out', '--trusted-key', 'other-keys/rubric-signing.pub'], project);
    expect(untrusted).toMatchObject({ status: 2, out: '' });
    expect(untrusted.err).toContain('not one of the keys this service trusts');
    const rollback = await run(['eval', '-g', GUIDELINE, '-c', CASE, '--bundle', 'out', '--trusted-key', 'keys/rubric-signing.pub', '--minimum-release', '6'], project);
    expect(rollback.status).toBe(2);
    expect(rollback.err).toContain('older than release 6');
  });

  it('an unsigned bundle is refused where a key is required', async () => {
    expect((await run(['compile', 'guidelines', '-o', 'unsigned'], project)).status).toBe(0);
    const refused = await run(['eval', '-g', GUIDELINE, '-c', CASE, '--bundle', 'unsigned', '--trusted-key', 'keys/rubric-signing.pub'], project);
    expect(refused.status).toBe(2);
    expect(refused.err).toContain('not signed');
  });

  it('--sign needs --release, and a release is a whole number', async () => {
    const noRelease = await run(['compile', 'guidelines', '-o', 'x', '--sign', 'keys/rubric-signing.key'], project);
    expect(noRelease.status).toBe(2);
    expect(noRelease.err).toContain('--sign and --release go together');
    const badRelease = await run(['compile', 'guidelines', '-o', 'x', '--sign', 'keys/rubric-signing.key', '--release', 'two'], project);
    expect(badRelease.status).toBe(2);
    expect(badRelease.err).toContain('a whole number');
  });

  it('signing with the public key fails and writes nothing', async () => {
    const failed = await run(['compile', 'guidelines', '-o', 'not-written', '--sign', 'keys/rubric-signing.pub', '--release', '1'], project);
    expect(failed.status).toBe(2);
    expect(failed.err).toContain('The signing key is not a private key');
    await expect(stat(join(project, 'not-written'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('files someone else placed', () => {
  it('a FIFO as the case file is refused at once (RUB2150), not waited on', async () => {
    execFileSync('mkfifo', [join(project, 'pipe.json')]);
    const result = await run(['eval', '-g', GUIDELINE, '-c', 'pipe.json'], project);
    expect(result.status).toBe(2);
    expect(result.err).toContain('named pipe');
    const json = await run(['eval', '-g', GUIDELINE, '-c', 'pipe.json', '--format', 'json'], project);
    expect(JSON.parse(json.out)).toMatchObject({ exitCode: 2, errors: [{ code: 'RUB2150' }] });
  });

  it('a folder as the case file says so, rather than "no such case file"', async () => {
    const result = await run(['eval', '-g', GUIDELINE, '-c', 'guidelines'], project);
    expect(result.status).toBe(2);
    expect(result.err).toContain('is a folder');
  });

  it('a case file saved with a byte-order mark is read', async () => {
    const text = await readFile(join(project, CASE), 'utf8');
    await writeFile(join(project, 'bom.case.json'), '\uFEFF' + text);
    const result = await run(['eval', '-g', GUIDELINE, '-c', 'bom.case.json'], project);
    expect(result.status).toBe(0);
    expect(result.out).toContain('Decision: medically necessary.');
  });

  it('compile -o replaces a symlink planted in the output folder instead of writing through it', async () => {
    const out = join(project, 'planted');
    expect((await run(['compile', 'guidelines', '-o', out], project)).status).toBe(0);
    const victim = join(project, 'victim.txt');
    await writeFile(victim, 'precious');
    const { rm } = await import('node:fs/promises');
    await rm(join(out, 'guidelines.json'));
    await symlink(victim, join(out, 'guidelines.json'));
    expect((await run(['compile', 'guidelines', '-o', out], project)).status).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await run(['eval', '-g', GUIDELINE, '-c', CASE, '--bundle', out], project)).status).toBe(0);
  });

  it('compiling again into a folder drops the files of the earlier bundle that the new one does not have', async () => {
    const out = join(project, 'recompiled');
    expect((await run(['compile', 'guidelines', '-o', out, '--sign', 'keys/rubric-signing.key', '--release', '1'], project)).status).toBe(0);
    expect(await readdir(out)).toContain('signature.json');
    expect((await run(['compile', 'guidelines', '-o', out], project)).status).toBe(0);
    expect(await readdir(out)).not.toContain('signature.json');
    expect((await run(['eval', '-g', GUIDELINE, '-c', CASE, '--bundle', out], project)).status).toBe(0);
  });
});
