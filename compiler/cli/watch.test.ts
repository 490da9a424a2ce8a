/**
 * `rubric check --watch` and `rubric test --watch`, as a person uses them: start the built command, edit a file,
 * see the command run again with the new result, stop it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { main, type CliIo } from '../cli.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'rubric.js');
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** A started command whose output can be waited on. */
function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [bin, ...args], { cwd });
  children.push(child);
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const poke = () => waiters.splice(0).forEach((w) => w());
  child.stdout.on('data', (chunk: Buffer) => ((out += chunk.toString()), poke()));
  child.stderr.on('data', (chunk: Buffer) => ((err += chunk.toString()), poke()));
  /** Resolves when standard output or error (as `where` says) matches `pattern`. */
  const until = (pattern: RegExp, where: 'out' | 'err' = 'out') =>
    new Promise<void>((done, fail) => {
      const check = () => {
        if (pattern.test(where === 'out' ? out : err)) done();
        else waiters.push(check);
      };
      child.on('exit', () => fail(new Error(`exited before ${String(pattern)}:\n${out}\n${err}`)));
      check();
    });
  /**
   * Makes a change and waits for its effect. Node 20 sets up a recursive watch on Linux in the background, so a change
   * made at once may come before the watch is complete: the change is made again each second until it is seen.
   */
  const afterChange = async (change: () => Promise<void>, pattern: RegExp) => {
    let seen = false;
    const waiting = until(pattern).then(() => (seen = true));
    for (let i = 0; i < 60 && !seen; i++) {
      await change();
      await Promise.race([waiting, new Promise((r) => setTimeout(r, 1000))]);
    }
    await waiting;
  };
  return { child, until, afterChange, output: () => out };
}

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rubric-watch-'));
  let out = '';
  const io: CliIo = { cwd: dir, out: (t) => (out += t), err: () => undefined, color: false };
  expect(await main(['init'], io)).toBe(0);
  return dir;
}

it('check --watch checks again when a guideline changes', async () => {
  const dir = await project();
  const watching = start(['check', 'guidelines', '--watch'], dir);
  await watching.until(/watching for changes/, 'err');
  expect(watching.output()).toBe('Checked 1 file: no problems found.\n');
  const file = join(dir, 'guidelines/example.rubric');
  const edited = (await readFile(file, 'utf8')).replace('cite example_source\n    reason "There is no', 'cite example_sourse\n    reason "There is no');
  await watching.afterChange(() => writeFile(file, edited), /1 error, 0 warnings/);
  expect(watching.output()).toContain("RUB1201 'example_sourse' is not a source this guideline lists under `sources`. Did you mean 'example_source'?");
  watching.child.kill();
}, 120_000);

it('test --watch runs the cases again when a cases file changes', async () => {
  const dir = await project();
  const watching = start(['test', 'guidelines', '--watch'], dir);
  await watching.until(/watching for changes/, 'err');
  expect(watching.output()).toBe('2 passed, 0 failed\n');
  const file = join(dir, 'guidelines/example.cases.yaml');
  const edited = (await readFile(file, 'utf8')).replace('outcome: medically_necessary', 'outcome: not_medically_necessary');
  await watching.afterChange(() => writeFile(file, edited), /1 passed, 1 failed/);
  expect(watching.output()).toContain('FAIL Two levels, no radiculopathy, a rehabilitation plan. — outcome: expected not_medically_necessary, got medically_necessary');
  watching.child.kill();
}, 120_000);
