/**
 * Every shipped guideline, on the example cases mutated at random (fast-check): wrong types, NaN, empty lists, text
 * for numbers, values removed. `evaluate` always answers with a determination (or invalid_case naming the fields),
 * never an evaluation failure and never an exception.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { main } from '../compiler/cli.js';
import { loadBundle } from './index.js';
import type { LoadedBundle } from './evaluate.js';

const root = join(import.meta.dirname, '..');
let bundle: LoadedBundle;
const examples: unknown[] = [];

beforeAll(async () => {
  const out = await mkdtemp(join(tmpdir(), 'rubric-property-'));
  expect(await main(['compile', 'guidelines', '-o', out], { cwd: root, out: () => {}, err: () => {}, color: false })).toBe(0);
  const loaded = await loadBundle(out);
  if (!loaded.ok) throw new Error(loaded.error.message);
  bundle = loaded.value;
  const entries = await readdir(join(root, 'guidelines'), { withFileTypes: true, recursive: true });
  for (const e of entries.filter((e) => e.name.endsWith('.case.json'))) examples.push(JSON.parse(await readFile(join(e.parentPath, e.name), 'utf8')));
  examples.push(JSON.parse(await readFile(join(root, 'examples/seed/case.json'), 'utf8')));
}, 60_000);

/** Every path to a value in a case, as key lists. */
const pathsOf = (value: unknown, prefix: readonly string[] = []): string[][] =>
  value !== null && typeof value === 'object'
    ? Object.entries(value).flatMap(([key, inner]) => [[...prefix, key], ...pathsOf(inner, [...prefix, key])])
    : [];

function replace(target: unknown, path: readonly string[], value: unknown): void {
  let node = target as Record<string, unknown> | undefined;
  for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
  if (node !== null && typeof node === 'object') node[path[path.length - 1]!] = value;
}

const strangeValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, [], {}, '', 'not_stated', '2016-02-30', -1, 1e9),
  fc.string({ maxLength: 8 }),
);

it('answers every mutated example case for every guideline', () => {
  expect(examples.length).toBeGreaterThan(10);
  fc.assert(
    fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), strangeValue), { maxLength: 5 }), (pick, mutations) => {
      const data = structuredClone(examples[pick % examples.length]);
      const paths = pathsOf(data);
      for (const [at, value] of mutations) if (paths.length > 0) replace(data, paths[at % paths.length]!, value);
      for (const id of bundle.guidelineIds()) {
        const result = bundle.evaluate(id, data);
        if (!result.ok) throw new Error(`${id} failed: ${result.error.message}\n${JSON.stringify(data)}`);
        if (result.value.outcome === 'invalid_case') expect(result.value.errors.length).toBeGreaterThan(0);
        // Outside the guideline's scope: no criterion is evaluated, and the scope says why.
        else if (result.value.outcome === 'does_not_apply') expect([result.value.reasons, result.value.scope.status]).toEqual([[], 'not_met']);
        else expect(result.value.reasons).toHaveLength(bundle.guideline(id)!.criteria.length);
      }
    }),
    { numRuns: 400, seed: 20261126 },
  );
});
