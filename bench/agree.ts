/**
 * Before anything is timed: every evaluator must give the same determination (outcome and each criterion's status)
 * for every generated case. Throws on the first disagreement, printing the case and every evaluator's answer.
 *
 * - the runtime (`LoadedBundle.evaluate`) is the reference, on every case;
 * - the generator's own "invalid" mark must match the runtime's `invalid_case`, both ways;
 * - the raw compiled `evaluate` (+ the runtime's outcome rule `decide`) on the cases the runtime accepts (the
 *   runtime never calls it with others);
 * - the hand-written evaluator on every case, `invalid_case` included;
 * - the JsonLogic rules, by json-logic-js and by json-logic-engine's `build()`, on the cases the runtime accepts
 *   (JsonLogic cannot check types);
 * - cql-execution over the ELM of the same criteria (bench/cql/) on every case, `invalid_case` included (the ELM
 *   checks the types of the fields it reads, as the hand-written evaluator does).
 */
import type { CompiledGuideline } from '../runtime/contract.js';
import { decide } from '../runtime/determination.js';
import type { LoadedBundle } from '../runtime/evaluate.js';
import type { GeneratedCase } from './generate-cases.js';
import { CRITERIA, evaluateHandWritten } from './hand-written.js';
import { createCqlEvaluator, type CqlDetermination } from './cql/evaluate.js';
import { jsonLogicEngineRules } from './engines.js';
import { evaluateJsonLogic } from './json-logic.js';
import { SEED_GUIDELINE } from './setup.js';

export interface Answer {
  readonly outcome: string;
  readonly statuses: readonly string[] | null;
}

export interface Agreement {
  readonly cases: number;
  readonly invalid: number;
  /** Cases each evaluator was compared on. */
  readonly compared: { readonly runtime: number; readonly compiled: number; readonly handWritten: number; readonly jsonLogic: number; readonly jsonLogicEngine: number; readonly cqlExecution: number };
  readonly outcomes: Readonly<Record<string, number>>;
  /** criterion → status → cases (valid cases only). */
  readonly statuses: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export class Disagreement extends Error {}

const same = (a: Answer, b: Answer): boolean =>
  a.outcome === b.outcome &&
  (a.statuses === null || b.statuses === null
    ? a.statuses === b.statuses
    : a.statuses.length === b.statuses.length && a.statuses.every((s, i) => s === b.statuses![i]));

export function runtimeAnswer(loaded: LoadedBundle, data: unknown): Answer {
  const result = loaded.evaluate(SEED_GUIDELINE, data);
  if (!result.ok) throw new Disagreement(`The runtime failed to evaluate a case: ${JSON.stringify(result.error)}`);
  const d = result.value;
  return { outcome: d.outcome, statuses: d.outcome === 'invalid_case' ? null : d.reasons.map((r) => r.status) };
}

/** The compiled guideline's own functions: its case reading, then its criteria, then the runtime's outcome rule. */
export function compiledAnswer(guideline: CompiledGuideline, data: unknown): Answer {
  const checked = guideline.check === undefined ? { ok: true as const, value: data } : guideline.check(data);
  if (!checked.ok) return { outcome: 'invalid_case', statuses: null };
  const results = guideline.evaluate(checked.value);
  return { outcome: decide(guideline.meta, results), statuses: results.map((r) => r.status) };
}

export function handWrittenAnswer(data: unknown): Answer {
  const d = evaluateHandWritten(data);
  return { outcome: d.outcome, statuses: d.criteria === null ? null : CRITERIA.map((c) => d.criteria![c]) };
}

export function jsonLogicAnswer(data: unknown): Answer {
  return evaluateJsonLogic(data);
}

/** cql-execution's answer (an `exec` of the ELM on one case). */
export async function cqlAnswer(evaluate: (data: unknown) => Promise<CqlDetermination>, data: unknown): Promise<Answer> {
  return evaluate(data);
}

export async function checkAgreement(loaded: LoadedBundle, guideline: CompiledGuideline, cases: readonly GeneratedCase[]): Promise<Agreement> {
  const criteriaIds = guideline.meta.criteria.map((c) => c.id);
  if (criteriaIds.join() !== CRITERIA.join()) {
    throw new Disagreement(`The compiled guideline's criteria are ${criteriaIds.join(', ')}; the peers encode ${CRITERIA.join(', ')}.`);
  }
  const outcomes: Record<string, number> = {};
  const statuses: Record<string, Record<string, number>> = Object.fromEntries(CRITERIA.map((c) => [c, {}]));
  const compared = { runtime: 0, compiled: 0, handWritten: 0, jsonLogic: 0, jsonLogicEngine: 0, cqlExecution: 0 };
  const engine = jsonLogicEngineRules();
  const cql = createCqlEvaluator();
  let invalid = 0;

  for (let i = 0; i < cases.length; i++) {
    const generated = cases[i]!;
    const { data } = generated;
    const answers: Record<string, Answer> = {};
    const fail = (what: string): never => {
      throw new Disagreement(
        [
          `Evaluators disagree on generated case #${i}: ${what}.`,
          `Generator: ${generated.invalid ? `broken on purpose (${generated.breakage})` : 'valid'}.`,
          ...Object.entries(answers).map(([name, a]) => `  ${name.padEnd(12)} ${a.outcome} ${a.statuses === null ? '' : CRITERIA.map((c, k) => `${c}=${a.statuses![k]}`).join(' ')}`),
          `Case: ${JSON.stringify(data, null, 2)}`,
        ].join('\n'),
      );
    };

    const reference = (answers['runtime'] = runtimeAnswer(loaded, data));
    compared.runtime++;
    outcomes[reference.outcome] = (outcomes[reference.outcome] ?? 0) + 1;
    const isInvalid = reference.outcome === 'invalid_case';
    if (isInvalid !== generated.invalid) {
      fail(generated.invalid ? 'the generator broke this case but the runtime accepted it' : 'the runtime rejected a case the generator meant to be valid');
    }

    const hand = (answers['hand-written'] = handWrittenAnswer(data));
    compared.handWritten++;
    if (!same(reference, hand)) fail('hand-written differs from the runtime');

    try {
      answers['cql-execution'] = await cqlAnswer(cql, data);
    } catch (e) {
      fail(`cql-execution failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    compared.cqlExecution++;
    if (!same(reference, answers['cql-execution']!)) fail('cql-execution (the ELM of the same criteria) differs from the runtime');

    if (isInvalid) {
      invalid++;
      continue;
    }
    reference.statuses!.forEach((s, k) => {
      const bucket = statuses[CRITERIA[k]!]!;
      bucket[s] = (bucket[s] ?? 0) + 1;
    });

    const compiled = (answers['compiled'] = compiledAnswer(guideline, data));
    compared.compiled++;
    if (!same(reference, compiled)) fail('the raw compiled evaluate differs from the runtime');

    const logic = (answers['json-logic'] = jsonLogicAnswer(data));
    compared.jsonLogic++;
    if (!same(reference, logic)) fail('the JsonLogic rules differ from the runtime');

    const built = engine.statuses(data);
    const viaEngine = (answers['json-logic-engine'] = { outcome: String(engine.outcome({ s: built })), statuses: built });
    compared.jsonLogicEngine++;
    if (!same(reference, viaEngine)) fail('json-logic-engine build() differs from the runtime');
  }
  return { cases: cases.length, invalid, compared, outcomes, statuses };
}
