/**
 * Guards the benchmark's peers: the hand-written evaluator and the JsonLogic rules must give the same determination
 * (outcome and each criterion's status) as the shipped guideline compiled and loaded through the runtime, on a few
 * thousand generated cases. Agreement only; nothing here is timed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkAgreement, cqlAnswer, handWrittenAnswer, jsonLogicAnswer, runtimeAnswer } from './agree.js';
import { createCqlEvaluator } from './cql/evaluate.js';
import { generateCases, mulberry32 } from './generate-cases.js';
import { compileShipped, ROOT } from './setup.js';

const shipped = await compileShipped();
afterAll(() => shipped.dispose());

describe('the generated cases', () => {
  test('are the same for the same seed', () => {
    expect(generateCases(50, 7)).toEqual(generateCases(50, 7));
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  test('have 10-15% of their fields missing and a small share broken on purpose', () => {
    const { stats } = generateCases(2_000);
    const missing = stats.missingFields / stats.fields;
    expect(missing).toBeGreaterThanOrEqual(0.1);
    expect(missing).toBeLessThanOrEqual(0.15);
    expect(stats.invalid).toBeGreaterThan(0);
    expect(stats.invalid / stats.cases).toBeLessThan(0.05);
  });
});

describe('the peers agree with the compiled bundle', () => {
  test('on the seed case', async () => {
    const seed: unknown = JSON.parse(readFileSync(join(ROOT, 'examples', 'seed', 'case.json'), 'utf8'));
    const reference = runtimeAnswer(shipped.loaded, seed);
    expect(reference.outcome).toBe('not_medically_necessary');
    expect(handWrittenAnswer(seed)).toEqual(reference);
    expect(jsonLogicAnswer(seed)).toEqual(reference);
    expect(await cqlAnswer(createCqlEvaluator(), seed)).toEqual(reference);
  });

  test('on 3,000 generated cases (runtime, raw compiled evaluate, hand-written, JsonLogic, cql-execution)', async () => {
    const { cases } = generateCases(3_000, 0xc0ffee);
    const agreement = await checkAgreement(shipped.loaded, shipped.guideline, cases);
    expect(agreement.compared.handWritten).toBe(3_000);
    expect(agreement.compared.cqlExecution).toBe(3_000);
    expect(agreement.invalid).toBeGreaterThan(0);
    expect(agreement.compared.jsonLogic).toBe(3_000 - agreement.invalid);
    // The cases reach every status each criterion can have, and both outcomes.
    expect(Object.keys(agreement.statuses['prior_block_success']!).sort()).toEqual(['met', 'not_applicable', 'not_documented', 'not_met']);
    for (const c of ['facet_pain', 'no_radicular_pain', 'rehabilitation']) {
      expect(Object.keys(agreement.statuses[c]!).sort()).toEqual(['met', 'not_documented', 'not_met']);
    }
    // The two limits count what is not stated as within them (`if not stated met`), so they are never not documented.
    for (const c of ['two_levels', 'one_block']) expect(Object.keys(agreement.statuses[c]!).sort()).toEqual(['met', 'not_met']);
    expect(agreement.outcomes['medically_necessary']).toBeGreaterThan(0);
    expect(agreement.outcomes['not_medically_necessary']).toBeGreaterThan(0);
  });
});
