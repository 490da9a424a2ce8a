/**
 * The compiled field readers (emit.ts `FieldReaders`) read a field of the case's copy by a plain load only while no
 * prototype of the copy holds a name the guideline reads. Here Object.prototype and Array.prototype are given every
 * such name (an accessor that counts its reads) before a case is evaluated, or after it is evaluated and before its
 * deferred text and evidence are read: every determination is the one an unpolluted run gives, and none is read.
 * (Readers that always load plainly fail it for four guidelines; a criterion re-run for its text that does not ask
 * again, for two: the thinned cases leave out of values copied whole the fields their criteria read.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { listCase } from '../bench/list-case.js';
import type { CompiledGuideline } from '../runtime/contract.js';
import { evaluateGuideline } from '../runtime/evaluate.js';
import { EAGER_ENTRIES } from '../runtime/logic.js';
import { compiledBundleOf } from '../runtime/testdata/compiled-bundle.js';
import { root, rubricSourcesUnder } from '../stress/shipped.js';
import { buildAndLoad, describeFailure } from './pipeline.js';

const built = await buildAndLoad(rubricSourcesUnder('guidelines'));
if (!built.ok) throw new Error(describeFailure(built.error));
const guidelines = Object.values(compiledBundleOf(built.value.built.files).guidelines);

const seed = JSON.parse(readFileSync(join(root, 'examples/seed/case.json'), 'utf8')) as Record<string, unknown>;
/** A case with every list entry down to its first field: the fields a criterion reads of it are left out. */
function thinned(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x: unknown) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).slice(0, 1)) : x));
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, thinned(x)]));
}

/**
 * Every shipped example case and the seed case with every list longer than a criterion keeps evidence for eagerly,
 * as written and `thinned`.
 */
const examples = readdirSync(join(root, 'guidelines'), { recursive: true, encoding: 'utf8' })
  .filter((p) => p.endsWith('.case.json'))
  .sort()
  .map((p) => JSON.parse(readFileSync(join(root, 'guidelines', p), 'utf8')) as unknown);
const cases: unknown[] = [...examples, ...examples.map(thinned), listCase(seed, EAGER_ENTRIES + 1), thinned(listCase(seed, EAGER_ENTRIES + 1))];

/** Every field name a guideline's criteria read (its requirement paths, and an entry's code and words). */
const namesRead = (g: CompiledGuideline): string[] => [
  ...new Set([...g.requirements.flatMap((r) => r.path.split(/[.[\]]+/).filter((n) => n !== '')), 'code', 'system', 'text']),
];

/**
 * `run` with each of `names` an accessor of Object.prototype and Array.prototype, and how often one was read. Setting
 * one on an object makes it the object's own field, as assigning a field does, so the case reader's copies are made
 * as without it.
 */
function polluted<T>(names: readonly string[], run: () => T): { value: T; reads: number } {
  let reads = 0;
  const added: [object, string][] = [];
  for (const prototype of [Object.prototype, Array.prototype]) {
    for (const name of names) {
      if (Object.prototype.hasOwnProperty.call(prototype, name)) continue;
      Object.defineProperty(prototype, name, {
        configurable: true,
        get: () => (reads++, 'present'),
        set(this: object, value: unknown) {
          Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
        },
      });
      added.push([prototype, name]);
    }
  }
  try {
    return { value: run(), reads };
  } finally {
    for (const [prototype, name] of added) delete (prototype as Record<string, unknown>)[name];
  }
}

/** The determination's JSON (its deferred text and evidence read). */
const json = (r: ReturnType<typeof evaluateGuideline>): string => JSON.stringify(r.ok ? r.value : r.error);

describe('a field a prototype holds is never read as the case\'s', () => {
  test.each(guidelines.map((g) => [g.meta.id, g] as const))('%s: polluted before the evaluation, or before its text is read', (_id, g) => {
    const names = namesRead(g);
    for (const data of cases) {
      const clean = json(evaluateGuideline(g, data));
      expect(polluted(names, () => json(evaluateGuideline(g, data)))).toEqual({ value: clean, reads: 0 });
      // Evaluated clean, read polluted: a criterion whose evidence was deferred is re-run now (`later`).
      const result = evaluateGuideline(g, data);
      expect(polluted(names, () => json(result))).toEqual({ value: clean, reads: 0 });
    }
  });
});
