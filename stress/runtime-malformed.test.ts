/**
 * Stress part 2 at the bounded size CI runs: malformed and non-JSON cases never make `evaluate` throw or fail,
 * never pollute a prototype, and are refused or decided exactly as the oracle says (`npm run stress -- --full`
 * runs 1,000,000 per guideline).
 */
import { describe, expect, it } from 'vitest';
import { printFigures } from './figures.js';
import { runtimeMalformed, runtimeMalformedSizes } from './runtime-malformed.js';

describe('runtime malformed cases', () => {
  it('answers every malformed case, without exception or pollution, as the schema oracle decides', async () => {
    const figure = await runtimeMalformed(runtimeMalformedSizes.bounded);
    const lines: string[] = [];
    printFigures([figure], (line) => lines.push(line));
    expect(figure.inputs).toBeGreaterThan(runtimeMalformedSizes.bounded.cases * Number(figure.figures['guidelines']));
    expect(figure.failures, lines.join('\n')).toBe(0);
  }, 900_000);
});
