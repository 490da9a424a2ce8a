/**
 * cql-execution over the hand-written ELM of the seed guideline's criteria (seed-criteria.elm.json; its CQL text is
 * seed-criteria.cql): the library is loaded once, then each case is one `Executor.exec` over a one-case source
 * (case-source.ts), and the decoder reads the named results back.
 *
 * The decoder adds nothing: the ELM computes every status word and the outcome itself (`facet_pain` …
 * `one_block` are Strings, `Outcome` is one of Rubric's four outcome words). It only reads them, in the order the
 * peers use (bench/hand-written.ts CRITERIA), and gives no statuses for `invalid_case`, as the runtime does.
 *
 * cql-execution is asynchronous throughout (every expression is awaited, so a data source may fetch), so this
 * evaluator answers a Promise; the benchmark awaits it per case.
 */
import { readFileSync } from 'node:fs';
import { DateTime, Executor, Library } from 'cql-execution';
import { CRITERIA, type Outcome, type Status } from '../hand-written.js';
import { CaseSource } from './case-source.js';

export const ELM_FILE = new URL('./seed-criteria.elm.json', import.meta.url);

export interface CqlDetermination {
  readonly outcome: Outcome;
  /** In CRITERIA order; null for `invalid_case`. */
  readonly statuses: readonly Status[] | null;
}

const OUTCOMES: ReadonlySet<string> = new Set(['medically_necessary', 'not_medically_necessary', 'insufficient_information', 'invalid_case']);
const STATUSES: ReadonlySet<string> = new Set(['met', 'not_met', 'not_documented', 'not_applicable']);

/** Loads the ELM once; the evaluator runs it on one case at a time. */
export function createCqlEvaluator(): (data: unknown) => Promise<CqlDetermination> {
  const library = new Library(JSON.parse(readFileSync(ELM_FILE, 'utf8')) as unknown);
  const executor = new Executor(library);
  // The criteria read no dates; one fixed evaluation time saves cql-execution building one per case.
  const now = DateTime.fromJSDate(new Date(Date.UTC(2014, 5, 1)), 0);
  return async (data) => {
    const results = await executor.exec(new CaseSource(data), now);
    return decode(results.patientResults['case']);
  };
}

/** The named results of one case → outcome and statuses; a result of another shape is a defect of the ELM. */
export function decode(results: Record<string, unknown> | undefined): CqlDetermination {
  const outcome = results?.['Outcome'];
  if (typeof outcome !== 'string' || !OUTCOMES.has(outcome)) throw new Error(`The ELM's Outcome is ${JSON.stringify(outcome)}.`);
  if (outcome === 'invalid_case') return { outcome: 'invalid_case', statuses: null };
  const statuses = CRITERIA.map((id) => {
    const status = results![id];
    if (typeof status !== 'string' || !STATUSES.has(status)) throw new Error(`The ELM's ${id} is ${JSON.stringify(status)}.`);
    return status as Status;
  });
  return { outcome: outcome as Outcome, statuses };
}
