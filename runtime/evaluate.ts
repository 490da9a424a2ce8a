/**
 * A verified bundle, ready to evaluate cases. `evaluate` is synchronous and never throws:
 *
 * - case data that fails the guideline's schema → ok, a Determination with outcome `invalid_case` and field errors
 *   (an answer for the requester: "fix these fields");
 * - an unknown guideline id, or a compiled guideline that throws or returns malformed results → an
 *   `EvaluationError` (a failure of the caller or of the bundle, not a determination about the case).
 */
import type { BUNDLE_FORMAT, CompiledBundle, CompiledGuideline, CriterionResult, DataRequirement, GuidelineCode, GuidelineMeta, Manifest, ScopeResult } from './contract.js';
import { determineChecked, invalidCase, type Determination } from './determination.js';
import { evaluateRequest, type RequestEvaluation } from './evaluate-request.js';
import { describeThrown, err, ok, type Result } from './result.js';
import type { FieldError } from './json-data.js';
import { caseValidator } from './validate-case.js';
import { isRecord } from './verify.js';

export interface EvaluationError {
  readonly code: 'unknown_guideline' | 'evaluation_failed';
  readonly guideline: string;
  readonly message: string;
}

export interface LoadedBundle {
  readonly manifest: Manifest;
  /** Guideline ids, sorted. */
  guidelineIds(): readonly string[];
  /** A guideline's metadata (title, recommendation, sources, criteria), or undefined for an unknown id. */
  guideline(id: string): GuidelineMeta | undefined;
  /** The documents a guideline reads, with their case-file paths, or undefined for an unknown id. */
  requirements(id: string): readonly DataRequirement[] | undefined;
  evaluate(id: string, caseData: unknown): Result<Determination, EvaluationError>;
  /**
   * One result per requested item (`request`, or each of `requests[]`), each decided by the guideline that applies
   * to it, chosen from the item's codes, body region, service wording and the guidelines' scope (evaluate-request.ts).
   * Never throws; "no guideline applies" and malformed items are results.
   */
  evaluateRequest(caseData: unknown): RequestEvaluation;
}

/**
 * A guideline as the loader hands it over (bundle format 4): its data read and checked at load, its code compiled
 * from its verified bytes when the guideline is first evaluated (load.ts, guideline-code.ts).
 */
export interface DeferredGuideline {
  readonly meta: GuidelineMeta;
  readonly requirements: readonly DataRequirement[];
  /** The guideline's entry points and case schema, or why they cannot be used; called at most once. */
  readonly compile: () => Result<GuidelineCode & Pick<CompiledGuideline, 'caseSchema'>, { readonly message: string }>;
}

/** A verified bundle whose guidelines' code is compiled on first use. */
export interface DeferredBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly deferred: ReadonlyMap<string, DeferredGuideline>;
}

/** A guideline's place in a loaded bundle: its data at once, the whole guideline once its code is compiled. */
interface Slot {
  readonly meta: GuidelineMeta;
  readonly requirements: readonly DataRequirement[];
  readonly materialise: () => Result<CompiledGuideline, string>;
  frozen: boolean;
  guideline: Result<CompiledGuideline, string> | undefined;
}

/**
 * Wrap a bundle that has already been verified and checked (load.ts), or one put together in memory (tests). A
 * deferred guideline's code is compiled the first time it is evaluated, and the outcome kept: a guideline whose
 * code does not compile, or does not define its entry points, answers every evaluation with an `evaluation_failed`
 * error naming its file (its metadata and requirements are still there); the other guidelines are not affected.
 */
export function createLoadedBundle(bundle: CompiledBundle | DeferredBundle, manifest: Manifest): LoadedBundle {
  // A Map, so ids such as "__proto__" or "constructor" cannot reach Object.prototype.
  const slots = new Map<string, Slot>();
  if ('deferred' in bundle) {
    for (const [id, d] of bundle.deferred) {
      const materialise = (): Result<CompiledGuideline, string> => {
        const code = d.compile();
        if (!code.ok) return err(code.error.message);
        const { caseSchema, check, applies, evaluate } = code.value;
        const guideline: CompiledGuideline = { meta: d.meta, caseSchema, requirements: d.requirements, check, applies, evaluate };
        deepFreeze(guideline); // its schema too, and its functions (frozen, not entered), as a hand-made guideline's
        return ok(guideline);
      };
      slots.set(id, { meta: d.meta, requirements: d.requirements, materialise, frozen: false, guideline: undefined });
    }
  } else {
    for (const [id, g] of Object.entries(bundle.guidelines)) {
      const materialise = (): Result<CompiledGuideline, string> => (deepFreeze(g), ok(g));
      slots.set(id, { meta: g.meta, requirements: g.requirements, materialise, frozen: false, guideline: undefined });
    }
  }
  // Determinations share the bundle's citation and requirement objects; frozen, no caller can change them for the next.
  // Each guideline is frozen when first reached (not all at load): nothing of it leaves this closure before.
  const get = (id: string): Slot | undefined => {
    const slot = slots.get(id);
    if (slot !== undefined && !slot.frozen) {
      deepFreeze(slot.meta);
      deepFreeze(slot.requirements);
      slot.frozen = true;
    }
    return slot;
  };
  const ids = Object.freeze([...slots.keys()].sort());
  const loaded: LoadedBundle = Object.freeze({
    manifest,
    guidelineIds: () => ids,
    guideline: (id: string) => get(id)?.meta,
    requirements: (id: string) => get(id)?.requirements,
    evaluate: (id: string, caseData: unknown) => {
      const slot = typeof id === 'string' ? get(id) : undefined;
      if (slot === undefined) {
        return err({
          code: 'unknown_guideline' as const,
          guideline: idText(id),
          message: `The bundle has no guideline "${idText(id)}". It has: ${ids.map((i) => `"${i}"`).join(', ')}.`,
        });
      }
      slot.guideline ??= slot.materialise();
      if (!slot.guideline.ok) return failed(id, `Guideline "${id}" could not be loaded: ${slot.guideline.error}`);
      return evaluateGuideline(slot.guideline.value, caseData);
    },
    evaluateRequest: (caseData: unknown) => evaluateRequest(loaded, caseData),
  });
  return loaded;
}

/**
 * Read (and check), evaluate and build the Determination for one guideline. Never throws.
 *
 * A compiled guideline reads the case itself (`check`, compiled case reading: one walk over the caller's object,
 * each value read once, held to the JSON rules, the size limits and the guideline's case schema, deciding every case
 * as the copy and ajv do; stress part 2 holds it to ajv over the schema). Only a guideline object made by hand,
 * without `check`, has the case copied (json-data.ts) and checked with ajv (validate-case.ts, compiled on first use).
 * The bundle's shape was checked once, at load; per call only what decides the answer is checked: one result per
 * criterion, in order, with a status (`determineChecked`, as it builds the Determination).
 */
export function evaluateGuideline(guideline: CompiledGuideline, caseData: unknown): Result<Determination, EvaluationError> {
  const id = guideline.meta.id;
  try {
    let data: Result<unknown, readonly FieldError[]>;
    if (guideline.check !== undefined) {
      data = guideline.check(caseData);
    } else {
      const validator = caseValidator(guideline);
      if (!validator.ok) return failed(id, `The case schema of guideline "${id}" cannot be compiled: ${validator.error}`);
      data = validator.value(caseData);
    }
    if (!data.ok) return ok(invalidCase(guideline.meta, data.error));

    // The scope first: a case outside the guideline is not evaluated against its criteria.
    let scope: ScopeResult;
    try {
      scope = guideline.applies(data.value);
    } catch (e) {
      return failed(id, `Guideline "${id}" failed while deciding whether it applies to the case: ${describeThrown(e)}`);
    }
    const scopeProblem = scopeResultProblem(scope);
    if (scopeProblem !== null) return failed(id, `Guideline "${id}" returned a malformed scope: ${scopeProblem}`);
    let results: unknown = NO_RESULTS;
    if (scope.status !== 'not_met') {
      try {
        results = guideline.evaluate(data.value);
      } catch (e) {
        return failed(id, `Guideline "${id}" failed while evaluating the case: ${describeThrown(e)}`);
      }
    }
    // The results are checked as the Determination is built from them (one pass, each field read once).
    const determination = determineChecked(guideline, results, scope);
    if (determination.ok) return determination;
    const { malformed, message } = determination.error;
    return failed(id, malformed ? `Guideline "${id}" returned malformed results: ${message}` : message);
  } catch (e) {
    return failed(id, `Guideline "${id}" could not be evaluated: ${describeThrown(e)}`);
  }
}

function failed(guideline: string, message: string): Result<never, EvaluationError> {
  return err({ code: 'evaluation_failed', guideline, message });
}

/**
 * Whether a value is a scope's status: compared with each (compiled code's statuses are literals, so each comparison
 * is of two interned strings), not looked up in a `Set` (which hashes the value on every call).
 */
function isScopeStatus(s: unknown): boolean {
  return s === 'met' || s === 'not_met' || s === 'not_documented';
}

const NO_RESULTS: readonly CriterionResult[] = Object.freeze([]);

/**
 * What is wrong with a scope result, or null. Only its top level: the bundle is hash-verified and its shape checked
 * at load, so compiled code is trusted for the parts (evidence entries, citation ids are checked by `determineChecked`).
 */
export function scopeResultProblem(raw: unknown): string | null {
  if (!isRecord(raw)) return 'expected a scope result';
  if (!isScopeStatus(raw['status'])) return `the scope has status ${JSON.stringify(raw['status'])}`;
  if (typeof raw['text'] !== 'string') return 'the scope has no text';
  if (!Array.isArray(raw['citations'])) return 'the scope has no list of citations';
  if (!Array.isArray(raw['missing'])) return 'the scope has no list of missing documents';
  if (!Array.isArray(raw['evidence'])) return 'the scope has no list of evidence';
  return null;
}

/** Freeze plain data reachable from `value` (functions are frozen, not entered). */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'function') Object.freeze(child);
    else deepFreeze(child);
  }
}

/**
 * A guideline id as the caller gave it, for an error message. Never runs caller code: an object with a throwing
 * `toString`, `Object.create(null)` or a revoked Proxy is named by its type, not converted.
 */
function idText(id: unknown): string {
  if (typeof id === 'string') return id;
  if (typeof id === 'number' || typeof id === 'boolean' || typeof id === 'bigint' || id === undefined || id === null) return `${id}`;
  return `(${typeof id}, not a guideline id)`;
}

