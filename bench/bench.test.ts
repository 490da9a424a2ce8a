/**
 * `npm run bench` at a tiny size, in CI: it runs end to end and the engines agree on every case (runBenchmark throws
 * on the first disagreement). No timing is asserted: figures from a shared CI machine mean nothing.
 */
import { expect, test } from 'vitest';
import { ENGINES } from './engines.js';
import { runBenchmark, TINY } from './run.js';

test('the benchmark runs at a tiny size, every engine agreeing on every case, and reports every figure', async () => {
  const lines: string[] = [];
  const results = await runBenchmark({ ...TINY, resultsDir: null, log: (line) => lines.push(line) });
  expect(results.agreement.compared.runtime).toBe(TINY.cases);
  expect(results.agreement.compared.jsonLogicEngine).toBe(results.agreement.compared.jsonLogic);
  // cql-execution over the ELM of the same criteria agrees on every case, invalid_case included, and is timed.
  expect(results.agreement.compared.cqlExecution).toBe(TINY.cases);
  expect(results.engines.map((e) => e.engine)).toEqual([...ENGINES]);
  // Every engine decided every case in every round (the checksum sums the outcome words of the last round).
  for (const e of results.engines) expect([e.cases, e.roundsMs.length, e.checksum > 0]).toEqual([TINY.cases, TINY.rounds, true]);
  expect(results.targets.map((t) => t.target)).toEqual(['Rubric service path vs hand-written', 'Rubric service path vs json-logic-engine build()']);
  expect(results.shipped.every((r) => r.cases === TINY.shippedCases && !('evaluation_failed' in r.outcomes))).toBe(true);
  expect(results.lists.map((r) => r.entries)).toEqual([...TINY.listSizes]);
  expect(results.guidelines.map((r) => r.guidelines)).toEqual([...TINY.bundleSizes]);
  expect(results.load.map((r) => [r.guidelines, r.ok, r.firstMs >= r.ms])).toEqual(TINY.loadSizes.map((n) => [n, true, true]));
  expect(lines.some((l) => l.startsWith('Target: '))).toBe(true);
}, 300_000);
