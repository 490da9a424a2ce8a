/**
 * Stress part 2 at the bounded size CI runs: malformed and non-JSON cases never make `evaluate` throw or fail,
 * never pollute a prototype, and are refused or decided exactly as the schema oracle says (`npm run stress --
 * --full` runs 1,000,000 per guideline).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { printFigures } from './figures.js';
import { runtimeMalformed, runtimeMalformedSizes, type MalformedFigure } from './runtime-malformed.js';

let figure: MalformedFigure;
let printed: string;

beforeAll(async () => {
  figure = await runtimeMalformed(runtimeMalformedSizes.bounded);
  const lines: string[] = [];
  printFigures([figure], (line) => lines.push(line));
  printed = lines.join('\n');
}, 900_000);

describe('runtime malformed cases', () => {
  it('runs the bounded size over every guideline', () => {
    expect(figure.inputs).toBeGreaterThan(runtimeMalformedSizes.bounded.cases * Number(figure.figures['guidelines']));
  });

  it('answers every malformed case, without exception or pollution, as the schema oracle decides', () => {
    // Dates in the years 0000-0099, refused until this part found it, are read as written now (runtime/logic.ts dayOf).
    expect(figure.failures, printed).toBe(0);
  });
});
