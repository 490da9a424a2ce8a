/**
 * The runtime as a service sees it: built JavaScript imported as `rubric/runtime` by plain Node, no TypeScript
 * loader, evaluating a bundle the CLI compiled. vitest's globalSetup rebuilds a stale `dist/` first, so the test always runs today's runtime.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../compiler/cli.js';

const root = join(import.meta.dirname, '..', '..');
const script = join(import.meta.dirname, 'evaluate.mjs');
let bundle: string;

const node = (args: string[]) => {
  try {
    return { status: 0, stdout: execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
};

beforeAll(async () => {
  bundle = await mkdtemp(join(tmpdir(), 'rubric-service-'));
  const quiet = { cwd: root, out: () => {}, err: () => {}, color: false };
  expect(await main(['compile', 'guidelines', '-o', bundle], quiet)).toBe(0);
}, 120_000);

describe('a service importing rubric/runtime', () => {
  it('evaluates the seed case to the expected determination', async () => {
    const result = node([script, bundle, 'cervical_facet_therapeutic_injection', 'examples/seed/case.json']);
    expect(result.stderr).toBe('');
    const expected = JSON.parse(await readFile(join(root, 'examples/seed/expected-determination.json'), 'utf8')) as unknown;
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });

  it('is refused a bundle changed after compilation, naming the file', async () => {
    const file = join(bundle, 'guidelines/cervical_facet_therapeutic_injection.js');
    const original = await readFile(file);
    const tampered = Buffer.from(original);
    tampered[tampered.length - 2] = (tampered[tampered.length - 2] ?? 0) ^ 1;
    await writeFile(file, tampered);
    try {
      const result = node([script, bundle, 'cervical_facet_therapeutic_injection', 'examples/seed/case.json']);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^bundle refused \(tampered\): guidelines\/cervical_facet_therapeutic_injection\.js /);
    } finally {
      await writeFile(file, original);
    }
  });
});
