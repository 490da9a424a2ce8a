/** The stress parts, each at a bounded size (CI) and a full size (`--full`). */
import type { Figure } from './figures.js';
import { differential, differentialSizes } from './differential.js';
import { languageFuzz } from './language-fuzz.js';
import { runtimeMalformed, runtimeMalformedSizes } from './runtime-malformed.js';

export type Size = 'bounded' | 'full';

export interface StressPart {
  readonly name: string;
  readonly run: (size: Size) => Figure | Promise<Figure>;
}

export const stressParts: readonly StressPart[] = [
  {
    name: 'language fuzz',
    run: (size) => languageFuzz(size === 'full' ? { inputs: 1_000_000, seed: 1, longLine: 1_000_000 } : { inputs: 400, seed: 1, longLine: 100_000 }),
  },
  { name: 'runtime malformed cases', run: (size) => runtimeMalformed(runtimeMalformedSizes[size]) },
  { name: 'differential', run: (size) => differential(differentialSizes[size]) },
];
