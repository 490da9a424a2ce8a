/** The stress parts, each at a bounded size (CI) and a full size (`--full`). */
import type { Figure } from './figures.js';
import { differential, differentialSizes } from './differential.js';
import { languageFuzz } from './language-fuzz.js';
import { injection } from './injection.js';
import { tamper } from './tamper.js';
import { formatter, formatterSizes } from './formatter.js';
import { languageServer, languageServerSizes } from './language-server.js';
import { load, loadSizes } from './load.js';
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
  { name: 'injection', run: (size) => injection({ inputs: size === 'full' ? 100_000 : 60, seed: 5 }) },
  { name: 'tamper', run: (size) => tamper({ positionsPerFile: size === 'full' ? Infinity : 40 }) },
  { name: 'runtime malformed cases', run: (size) => runtimeMalformed(runtimeMalformedSizes[size]) },
  { name: 'differential', run: (size) => differential(differentialSizes[size]) },
  { name: 'load', run: (size) => load(loadSizes[size]) },
  { name: 'language server', run: (size) => languageServer(languageServerSizes[size]) },
  { name: 'formatter', run: (size) => formatter(formatterSizes[size]) },
];
