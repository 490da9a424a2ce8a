/**
 * Stress part 3 at the bounded size CI runs: the compiled bundle and the reference interpreter agree on every
 * generated case of every shipped guideline (`npm run stress -- --full` runs 1,000,000 per guideline).
 */
import { describe, expect, it } from 'vitest';
import { differential, differentialSizes } from './differential.js';
import { printFigures } from './figures.js';

describe('differential testing against the reference interpreter', () => {
  it('agrees with the compiled bundle on validity, outcome, scope, routes, statuses, reason texts, evidence and documents needed', async () => {
    const figure = await differential(differentialSizes.bounded);
    const lines: string[] = [];
    printFigures([figure], (line) => lines.push(line));
    expect(figure.inputs).toBe(differentialSizes.bounded.cases * Number.parseInt(figure.figures['guidelines'] ?? '0'));
    expect(figure.failures, lines.join('\n')).toBe(0);
  }, 900_000);
});
