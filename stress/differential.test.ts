/**
 * Stress part 3 at the bounded size CI runs: the compiled bundle and the reference interpreter agree on every
 * generated case of every shipped guideline and of the coverage guideline (`npm run stress -- --full` runs
 * 1,000,000 per guideline).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { differential, differentialSizes, type DifferentialFigure } from './differential.js';
import { printFigures } from './figures.js';

let figure: DifferentialFigure;
let printed: string;

beforeAll(async () => {
  figure = await differential(differentialSizes.bounded);
  const lines: string[] = [];
  printFigures([figure], (line) => lines.push(line));
  printed = lines.join('\n');
}, 900_000);

describe('differential testing against the reference interpreter', () => {
  it('runs the bounded size over every guideline', () => {
    expect(figure.inputs).toBe(differentialSizes.bounded.cases * Number.parseInt(figure.figures['guidelines'] ?? '0'));
  });

  it('agrees with the compiled bundle on validity, outcome, scope, routes, statuses, reason texts, evidence and documents needed', () => {
    // Dates in the years 0000-0099, refused until this part found it, are read as written now (runtime/logic.ts dayOf).
    expect(figure.failures, printed).toBe(0);
  });
});
