/**
 * The stack-overflow guard of compiler/stages.ts: a model the checker did not build (the library API takes any
 * model) with a fact path of 2,000 segments — the checker refuses it as RUB1250 — makes a stage recurse past the
 * stack. That is RUB2060 at the fact, not an internal error without a place.
 */
import { describe, expect, test } from 'vitest';
import { compile } from './index.js';
import { seedGuideline } from './testdata/seed-model.js';

const deepPath = Array.from({ length: 2000 }, (_, i) => `p${i}`);

describe('a model nested too deeply for the stack', () => {
  test('a 2,000-segment fact path is RUB2060 at that fact, naming the stage and the depth', async () => {
    const fact = { ...seedGuideline.facts[0]!, path: deepPath, span: { start: 17, end: 42 } };
    const model = { guidelines: [{ ...seedGuideline, facts: [fact, ...seedGuideline.facts.slice(1)] }] };
    const r = await compile(model, []);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        code: 'RUB2060',
        stage: 'schema',
        guideline: seedGuideline.id,
        criterion: null,
        message: `the schema stage ran out of stack: fact "${fact.id}" has a path of 2000 segments; no case file nests that deep`,
        location: { uri: fact.uri, span: { start: 17, end: 42 } },
      },
    ]);
  });

  test('a stage that throws anything else is still RUB2099', async () => {
    const r = await compile({ guidelines: [{ ...seedGuideline, criteria: null as unknown as typeof seedGuideline.criteria }] }, []);
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'RUB2099', location: null }] });
  });
});
