import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { jsonWalk } from './json-walk.js';

describe('json-walk, the floor under the case reader', () => {
  test('visits every value once: the case, each field, each list entry', () => {
    expect(jsonWalk({ a: 1, b: [true, null, 'x'], c: { d: {} } })).toBe(8);
    const seed = JSON.parse(readFileSync(new URL('../examples/seed/case.json', import.meta.url), 'utf8')) as unknown;
    const count = (x: unknown): number => (typeof x === 'object' && x !== null ? 1 + Object.values(x).reduce((n: number, v) => n + count(v), 0) : 1);
    expect(jsonWalk(seed)).toBe(count(seed));
    const long = Array.from({ length: 40 }, (_, i) => ({ i, inner: { a: [i] } }));
    expect(jsonWalk(long)).toBe(1 + 40 * 5);
  });

  test('counts nothing for a value that is not JSON data', () => {
    expect([jsonWalk(() => 1), jsonWalk(Symbol('s')), jsonWalk(10n), jsonWalk(NaN), jsonWalk(undefined)]).toEqual([0, 0, 0, 0, 0]);
  });
});
