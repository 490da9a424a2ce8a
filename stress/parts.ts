/**
 * The stress parts, each at a bounded size (CI), a full size (`--full`), or a count of its own (`--count N`: the
 * part's main count — inputs, cases per guideline, evaluations, operations, changed positions per file — with the
 * bounded size's other settings), for a run larger than CI's that is not the full size.
 */
import type { Figure } from './figures.js';
import { differential, differentialSizes, type DifferentialOptions } from './differential.js';
import { formatter, formatterSizes, type FormatterOptions } from './formatter.js';
import { injection } from './injection.js';
import { languageFuzz, type LanguageFuzzOptions } from './language-fuzz.js';
import { languageServer, languageServerSizes, type LanguageServerOptions } from './language-server.js';
import { load, loadSizes, type LoadOptions } from './load.js';
import { runtimeMalformed, runtimeMalformedSizes, type MalformedOptions } from './runtime-malformed.js';
import { tamper, type TamperOptions } from './tamper.js';

export type Size = 'bounded' | 'full' | { readonly count: number };

/** The sizes of a part at `size`: the bounded or full ones, or the bounded ones with the main count replaced. */
function sized<T extends object>(sizes: { readonly bounded: T; readonly full: T }, key: keyof T, size: Size): T {
  return typeof size === 'string' ? sizes[size] : { ...sizes.bounded, [key]: size.count };
}

export interface StressPart {
  readonly name: string;
  readonly run: (size: Size) => Figure | Promise<Figure>;
}

export const stressParts: readonly StressPart[] = [
  {
    name: 'language fuzz',
    run: (size) => languageFuzz(sized<LanguageFuzzOptions>({ full: { inputs: 1_000_000, seed: 1, longLine: 1_000_000 }, bounded: { inputs: 400, seed: 1, longLine: 100_000 } }, 'inputs', size)),
  },
  { name: 'injection', run: (size) => injection(sized<{ inputs: number; seed: number }>({ full: { inputs: 100_000, seed: 5 }, bounded: { inputs: 60, seed: 5 } }, 'inputs', size)) },
  { name: 'tamper', run: (size) => tamper(sized<TamperOptions>({ full: { positionsPerFile: Infinity }, bounded: { positionsPerFile: 40 } }, 'positionsPerFile', size)) },
  { name: 'runtime malformed cases', run: (size) => runtimeMalformed(sized<MalformedOptions>(runtimeMalformedSizes, 'cases', size)) },
  { name: 'differential', run: (size) => differential(sized<DifferentialOptions>(differentialSizes, 'cases', size)) },
  { name: 'load', run: (size) => load(sized<LoadOptions>(loadSizes, 'evaluations', size)) },
  { name: 'language server', run: (size) => languageServer(sized<LanguageServerOptions>(languageServerSizes, 'operations', size)) },
  { name: 'formatter', run: (size) => formatter(sized<FormatterOptions>(formatterSizes, 'inputs', size)) },
];
