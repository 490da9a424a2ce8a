/**
 * The evaluators `npm run bench` compares, each a function from one case to an outcome, built from what the
 * benchmark compiled (the bundle folder) and the peers' encodings of the seed guideline's criteria:
 *
 * - `rubric`: Rubric's service path, `LoadedBundle.evaluate` (compiled case reading + compiled criteria + the full
 *   Determination with reasons, evidence and citations);
 * - `rubric+json`: the same, then `JSON.stringify` of the Determination, as a service answering over HTTP does: a
 *   criterion may build its reason text and evidence only when they are first read (runtime/logic.ts `later`), and
 *   this figure reads every one, so that such laziness cannot hide a cost (no target of its own);
 * - `hand-written`: hand-written.ts (decision, statuses and reason strings, its own type checks);
 * - `json-logic-engine`: the JsonLogic rules of json-logic.ts compiled by json-logic-engine's `build()`;
 * - `json-logic-js`: the same rules interpreted by json-logic-js;
 * - `json-walk`: not an evaluator but the floor under Rubric's case reader (json-walk.ts): every value of the case
 *   visited once with its type tested, its fields listed as the reader lists them, nothing else;
 * - `cql-execution`: the ELM of the same criteria (bench/cql/seed-criteria.elm.json) run by cql-execution, one
 *   `Executor.exec` per case over a one-case data source (bench/cql/case-source.ts). cql-execution is asynchronous
 *   (every expression is awaited), so this engine is an `async` evaluator and its rounds await each case.
 */
import { LogicEngine } from 'json-logic-engine';
import type { RulesLogic } from 'json-logic-js';
import type { LoadedBundle } from '../runtime/evaluate.js';
import { loadBundle } from '../runtime/load.js';
import { createCqlEvaluator } from './cql/evaluate.js';
import { evaluateHandWritten } from './hand-written.js';
import { CRITERIA_RULES, evaluateJsonLogic, OUTCOME_RULE } from './json-logic.js';
import { jsonWalk } from './json-walk.js';
import { SEED_GUIDELINE } from './setup.js';

export const ENGINES = ['rubric', 'rubric+json', 'hand-written', 'json-logic-engine', 'json-logic-js', 'json-walk', 'cql-execution'] as const;
export type EngineName = (typeof ENGINES)[number];

/** One case → its outcome, as the engine words it: synchronously, or (cql-execution) as a Promise. */
export type Evaluator =
  | { readonly kind: 'sync'; readonly evaluate: (data: unknown) => string }
  | { readonly kind: 'async'; readonly evaluate: (data: unknown) => Promise<string> };

export async function buildEngine(name: EngineName, bundleDir: string): Promise<Evaluator> {
  if (name === 'cql-execution') {
    const cql = createCqlEvaluator();
    return { kind: 'async', evaluate: async (data) => (await cql(data)).outcome };
  }
  return { kind: 'sync', evaluate: await buildSyncEngine(name, bundleDir) };
}

async function buildSyncEngine(name: Exclude<EngineName, 'cql-execution'>, bundleDir: string): Promise<(data: unknown) => string> {
  switch (name) {
    case 'rubric': {
      const bundle = await loadedBundle(bundleDir);
      return (data) => {
        const r = bundle.evaluate(SEED_GUIDELINE, data);
        return r.ok ? r.value.outcome : 'error';
      };
    }
    case 'rubric+json': {
      const bundle = await loadedBundle(bundleDir);
      return (data) => {
        const r = bundle.evaluate(SEED_GUIDELINE, data);
        if (!r.ok) return 'error';
        serialised += JSON.stringify(r.value).length;
        return r.value.outcome;
      };
    }
    case 'hand-written':
      return (data) => evaluateHandWritten(data).outcome;
    case 'json-logic-engine': {
      const { statuses, outcome } = jsonLogicEngineRules();
      // It throws on some malformed cases (`some` over a text); a service would have to catch that, so the timing does.
      return (data) => {
        try {
          return outcome({ s: statuses(data) }) as string;
        } catch {
          return 'error';
        }
      };
    }
    case 'json-logic-js':
      return (data) => evaluateJsonLogic(data).outcome;
    case 'json-walk':
      return (data) => (jsonWalk(data) > 0 ? 'walked' : 'not JSON');
  }
}

/** The benchmark's bundle, loaded as a service loads it; a bundle that does not load ends the run. */
async function loadedBundle(dir: string): Promise<LoadedBundle> {
  const loaded = await loadBundle(dir);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

/** Characters of JSON written by `rubric+json` (kept, so the serialisation is not optimised away). */
export let serialised = 0;

/**
 * The JsonLogic rules compiled once by json-logic-engine (`build()`): the criteria, then the outcome over their
 * statuses. One adaptation: json-logic-engine throws on loose `==` / `!=` between a list and null, and answers null
 * for a missing `var`, so the not-stated tests `{"==": [x, null]}` are written `{"===": [x, null]}` for it (the same
 * answer on every case; the agreement check holds it to that).
 */
export function jsonLogicEngineRules(): { statuses: (data: unknown) => string[]; outcome: (data: unknown) => unknown } {
  const engine = new LogicEngine();
  const statuses = engine.build(strictNullTests(CRITERIA_RULES) as RulesLogic) as (data: unknown) => string[];
  const outcome = engine.build(strictNullTests(OUTCOME_RULE) as RulesLogic) as (data: unknown) => unknown;
  return { statuses, outcome };
}

/** `{"==": [x, null]}` → `{"===": [x, null]}` and `!=` → `!==`, everywhere in a rule. */
function strictNullTests(rule: unknown): unknown {
  if (Array.isArray(rule)) return rule.map(strictNullTests);
  if (rule === null || typeof rule !== 'object') return rule;
  const out: Record<string, unknown> = {};
  for (const [op, args] of Object.entries(rule)) {
    const nullTest = (op === '==' || op === '!=') && Array.isArray(args) && args.some((a) => a === null);
    out[nullTest ? `${op}=` : op] = strictNullTests(args);
  }
  return out;
}
