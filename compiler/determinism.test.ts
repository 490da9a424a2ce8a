import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { sha256Hex } from '../runtime/canonical-json.js';
import { PACKAGE_ROOT } from './bundle.js';
import { BUNDLED_RUNTIME_FILES } from './emit.js';
import { compile, type CompileResult } from './index.js';
import { SEED_URI, SPINE_URI, seedModel } from './testdata/seed-model.js';

const SOURCES = [
  { path: SPINE_URI, text: 'library spine\n' },
  { path: SEED_URI, text: 'guideline cervical_facet_therapeutic_injection\n' },
];

/** Every output file's sha256, by path: what "byte-identical" means here. */
function fingerprint(r: CompileResult): Record<string, string> {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return Object.fromEntries([...r.files].map(([path, data]) => [path, sha256Hex(data)]));
}

describe('determinism: same model and sources give the same bytes', () => {
  test('compiling twice in one process', async () => {
    const a = fingerprint(await compile(seedModel, SOURCES));
    const b = fingerprint(await compile(seedModel, [...SOURCES].reverse()));
    expect(Object.keys(a)).toEqual(['guidelines.json', 'guidelines/cervical_facet_therapeutic_injection.js', 'manifest.json', 'schemas/cervical_facet_therapeutic_injection.schema.json']);
    expect(b).toEqual(a);
  });

  test("a guideline's script depends on that guideline alone, not on the others compiled with it", async () => {
    const seed = seedModel.guidelines[0]!;
    const alone = await compile(seedModel, SOURCES);
    const together = await compile({ ...seedModel, guidelines: [{ ...seed, id: 'a_copy' }, seed] }, SOURCES);
    if (!alone.ok || !together.ok) throw new Error('the seed did not compile');
    const code = `guidelines/${seed.id}.js`;
    expect(together.files.get(code)).toEqual(alone.files.get(code));
    expect(together.files.get('guidelines/a_copy.js')).toEqual(alone.files.get(code));
  });

  test('compiling in a child process whose working directory is elsewhere', async () => {
    const here = fingerprint(await compile(seedModel, SOURCES));
    const dir = await mkdtemp(join(tmpdir(), 'rubric-cwd-'));
    const script = join(dir, 'compile.mts');
    const url = (p: string) => JSON.stringify(pathToFileURL(join(PACKAGE_ROOT, p)).href);
    await writeFile(
      script,
      [
        `import { compile } from ${url('compiler/index.ts')};`,
        `import { seedModel } from ${url('compiler/testdata/seed-model.ts')};`,
        `import { sha256Hex } from ${url('runtime/canonical-json.ts')};`,
        `const r = await compile(seedModel, ${JSON.stringify(SOURCES)});`,
        `if (!r.ok) throw new Error(JSON.stringify(r.errors));`,
        `console.log(JSON.stringify(Object.fromEntries([...r.files].map(([p, d]) => [p, sha256Hex(d)]))));`,
      ].join('\n'),
    );
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const stdout = execFileSync(process.execPath, ['--import', tsx, script], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(stdout)).toEqual(here);
  });

  test('compiling against a copy of the runtime in another folder', async () => {
    const here = fingerprint(await compile(seedModel, SOURCES));
    const root = await mkdtemp(join(tmpdir(), 'rubric-root-'));
    await mkdir(join(root, 'runtime'));
    for (const f of BUNDLED_RUNTIME_FILES) await copyFile(join(PACKAGE_ROOT, 'runtime', f), join(root, 'runtime', f));
    expect(fingerprint(await compile(seedModel, SOURCES, { root }))).toEqual(here);
  });
});
