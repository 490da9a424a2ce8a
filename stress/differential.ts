/**
 * Stress part 3, differential testing (as Cedar tests its engine against a model): for every shipped guideline,
 * generated cases (stress/reference/cases.ts) are decided by the compiled bundle through `loadBundle` /
 * `evaluate` and by the reference interpreter over the checked model (stress/reference/interpret.ts). They must
 * agree on whether the case is valid (the oracle in stress/reference/oracle.ts), the outcome, the scope, every
 * route, every criterion's status, reason text and evidence, and the documents needed. A disagreement is printed
 * as fast-check's shrunk minimal case with the first difference.
 */
import fc from 'fast-check';
import type { Determination } from '../runtime/determination.js';
import type { LoadedBundle } from '../runtime/evaluate.js';
import type { Figure } from './figures.js';
import { casesFor } from './reference/cases.js';
import { ReferenceInterpreter, type ReferenceDetermination } from './reference/interpret.js';
import { caseOracle, type Oracle } from './reference/oracle.js';
import { coverageGuidelines, shippedGuidelines } from './reference/shipped.js';

export interface DifferentialOptions {
  /** Cases per guideline. */
  readonly cases: number;
  readonly seed: number;
}

/** A few hundred cases per guideline in CI (differential.test.ts), 1,000,000 with `npm run stress -- --full`. */
export const differentialSizes = {
  bounded: { cases: 300, seed: 3 },
  full: { cases: 1_000_000, seed: 3 },
} as const satisfies Record<string, DifferentialOptions>;

export type DifferentialFigure = Figure;

export async function differential(options: DifferentialOptions): Promise<DifferentialFigure> {
  const shipped = await shippedGuidelines();
  const covering = await coverageGuidelines();
  const runs = [...shipped.guidelines.map((g) => ({ bundle: shipped.bundle, g })), ...covering.guidelines.map((g) => ({ bundle: covering.bundle, g }))];
  let failures = 0;
  const examples: string[] = [];
  const outcomes = new Map<string, number>();
  const statuses = new Map<string, number>();
  let inputs = 0;
  for (const [gi, { bundle, g }] of runs.entries()) {
    const { model, schema, example } = g;
    const reference = new ReferenceInterpreter(model);
    const oracle = caseOracle(schema);
    const cases = casesFor(model, example);
    const differs = (c: Record<string, unknown>) => difference(bundle, model.id, reference, oracle, c);
    let disagreements = 0;
    const seed = options.seed + gi;
    fc.check(
      fc.property(cases, (c) => {
        inputs++;
        const found = differs(c);
        if (found === null) {
          const d = bundle.evaluate(model.id, c);
          const outcome = d.ok ? d.value.outcome : 'evaluation error';
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          if (d.ok) for (const r of d.value.reasons) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        } else disagreements++;
        return true;
      }),
      { numRuns: options.cases, seed },
    );
    if (disagreements === 0) continue;
    // Shrink the first disagreement to a minimal case (same seed, so the same cases in the same order).
    const acceptable = (found: string | null) => found === null;
    const shrunk = fc.check(fc.property(cases, (c) => acceptable(differs(c))), { numRuns: options.cases, seed });
    const counterexample = shrunk.counterexample?.[0];
    // fast-check shrinks what it generated; the example case a generated one started from is cut down here.
    const minimal = counterexample === undefined ? undefined : minimise(counterexample, (c) => !acceptable(differs(c)));
    const total = disagreements;
    const what = minimal === undefined ? 'disagreed (not reproduced)' : (differs(minimal) ?? 'disagreed (not reproduced after shrinking)');
    const json = JSON.stringify(minimal ?? null);
    failures += total;
    if (examples.length < 5) {
      examples.push(`${model.id}: ${what} (${total} cases disagreed)\n      shrunk case: ${json.length > 2000 ? `${json.slice(0, 2000)}…` : json}`);
    }
  }
  const count = (m: Map<string, number>) => [...m].sort().map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ');
  return {
    part: 'differential (reference interpreter vs compiled bundle)',
    inputs,
    failures,
    figures: {
      guidelines: `${runs.length} (${shipped.guidelines.length} shipped, and stress/reference/testdata/coverage.rubric for the constructs they use rarely)`,
      'cases per guideline': options.cases.toLocaleString('en-US'),
      'outcomes (agreeing cases)': count(outcomes),
      'criterion statuses compared': count(statuses),
      compared: 'validity, outcome, scope (status, text, citations, evidence), routes and the route, each criterion (status, text, citations, evidence), documents needed',
    },
    examples,
  };
}


/**
 * Remove fields and list entries one at a time while the case still fails, until none can go: a minimal case in
 * the sense that every field left is needed for the failure.
 */
export function minimise<T>(value: T, fails: (candidate: T) => boolean): T {
  let current = JSON.parse(JSON.stringify(value)) as T;
  for (let changed = true; changed; ) {
    changed = false;
    for (const path of fieldPaths(current)) {
      const candidate = JSON.parse(JSON.stringify(current)) as T;
      const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], candidate) as Record<string, unknown> | unknown[];
      const key = path[path.length - 1]!;
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      if (fails(candidate)) {
        current = candidate;
        changed = true;
        break;
      }
    }
  }
  return current;
}

/** Every field and list entry of a JSON value, outermost first. */
function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  const own = keys.map((k) => [...prefix, k]);
  return [...own, ...keys.flatMap((k) => fieldPaths((value as Record<string, unknown>)[k], [...prefix, k]))];
}

/** The first difference between the bundle's determination and the reference's, or null when they agree. */
export function difference(bundle: LoadedBundle, id: string, reference: ReferenceInterpreter, oracle: Oracle, caseData: unknown): string | null {
  let result;
  try {
    result = bundle.evaluate(id, caseData);
  } catch (e) {
    return `evaluate threw: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!result.ok) return `evaluate failed: ${result.error.message}`;
  const got = result.value;
  const verdict = oracle(caseData);
  if (!verdict.valid) {
    return got.outcome === 'invalid_case' ? null : `the oracle finds ${verdict.paths.join(', ')} invalid, the runtime decided ${got.outcome}`;
  }
  if (got.outcome === 'invalid_case') {
    return `the oracle finds the case valid, the runtime answered invalid_case: ${got.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`;
  }
  return compareDeterminations(got, reference.determine(caseData));
}

export function compareDeterminations(got: Determination, want: ReferenceDetermination): string | null {
  const differ = (what: string, g: unknown, w: unknown): string | null => (stable(g) === stable(w) ? null : `${what}: bundle ${stable(g)}, reference ${stable(w)}`);
  const scope = (d: { status: string; text: string; evidence: unknown; citations: readonly unknown[] }) => ({
    status: d.status,
    text: d.text,
    citations: d.citations.map((c) => (typeof c === 'string' ? c : (c as { id: string }).id)),
    evidence: d.evidence,
  });
  const checks: (string | null)[] = [
    differ('outcome', got.outcome, want.outcome),
    differ('scope', scope(got.scope), scope(want.scope)),
    differ('routes', got.routes.map((r) => ({ id: r.id, status: r.status })), want.routes),
    differ('route', got.route, want.route),
    differ('criteria', got.reasons.map((r) => r.criterion), want.reasons.map((r) => r.criterion)),
  ];
  got.reasons.forEach((r, i) => {
    const w = want.reasons[i];
    if (w === undefined) return;
    checks.push(differ(`${r.criterion} status`, r.status, w.status));
    checks.push(differ(`${r.criterion} route`, r.route, w.route));
    checks.push(differ(`${r.criterion} text`, r.text, w.text));
    checks.push(differ(`${r.criterion} citations`, r.citations.map((c) => c.id), w.citations));
    checks.push(differ(`${r.criterion} evidence`, r.evidence, w.evidence));
  });
  checks.push(differ('documents needed', got.missing, want.missing));
  return checks.find((c) => c !== null) ?? null;
}

/** JSON with sorted keys (null-valued properties dropped: null and absent both mean not stated). */
function stable(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) => {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) {
      const value = (x as Record<string, unknown>)[k];
      if (value !== null && value !== undefined) Object.defineProperty(out, k, { value, enumerable: true });
    }
    return out;
  }) ?? 'undefined';
}
