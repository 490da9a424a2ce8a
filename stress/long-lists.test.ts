/**
 * Over a list longer than runtime/logic.ts EAGER_ENTRIES a compiled criterion decides without building its evidence and
 * reason text, and builds them when first read (`later`). The determination must still be the one the reference
 * interpreter gives (stress part 3's comparison: statuses, texts, citations, evidence, documents needed), and its
 * JSON must be the same however often and in whatever order its parts are read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EAGER_ENTRIES } from '../runtime/logic.js';
import { compareDeterminations } from './differential.js';
import { ReferenceInterpreter } from './reference/interpret.js';
import { coverageGuidelines, shippedGuidelines } from './reference/shipped.js';

const shipped = await shippedGuidelines();
const covering = await coverageGuidelines();
const seedCase = JSON.parse(readFileSync(new URL('../examples/seed/case.json', import.meta.url), 'utf8')) as unknown;
const runs = [...shipped.guidelines.map((g) => ({ bundle: shipped.bundle, g })), ...covering.guidelines.map((g) => ({ bundle: covering.bundle, g }))];

/** Every list in `value` (at any depth) with its entries repeated to `n` entries; an empty list stays empty. */
function stretched(value: unknown, n: number): unknown {
  if (Array.isArray(value)) {
    const entries = value.map((v) => stretched(v, n));
    return entries.length === 0 ? entries : Array.from({ length: n }, (_, i) => entries[i % entries.length]);
  }
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stretched(v, n)]));
}

describe('a case whose lists are longer than EAGER_ENTRIES', () => {
  test.each(runs.map(({ bundle, g }) => [g.model.id, bundle, g] as const))('%s: decided as the reference interpreter decides it, its JSON stable', (id, bundle, g) => {
    // A guideline's example case (the seed case for the seed guideline, which has none of its own).
    const data = stretched(g.example ?? seedCase, EAGER_ENTRIES + 44) as Record<string, unknown>;
    const first = bundle.evaluate(id, data);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.outcome).not.toBe('invalid_case');
    // Read in another order than the JSON's: the evidence of the last reason first.
    const last = first.value.reasons.at(-1);
    const evidenceFirst = last?.evidence;
    const json = JSON.stringify(first.value);
    expect(JSON.stringify(first.value)).toBe(json);
    expect(last?.evidence).toBe(evidenceFirst);
    const again = bundle.evaluate(id, data);
    expect(again.ok && JSON.stringify(again.value)).toBe(json);
    expect(compareDeterminations(first.value, new ReferenceInterpreter(g.model).determine(data))).toBeNull();
    // The seed guideline's criteria over its lists (diagnoses, prior treatments) left their evidence for later.
    const deferred = first.value.reasons.filter((r) => Object.getOwnPropertyDescriptor(r, 'evidence')?.get !== undefined);
    if (id === 'cervical_facet_therapeutic_injection') expect(deferred.map((r) => r.criterion)).toEqual(['no_radicular_pain', 'prior_block_success', 'one_block']);
  });
});
