/**
 * Lowering, data requirements: what a requester must send for a guideline (`DataRequirement`: case-file path, label,
 * kind, unit), in declaration order; what `missing` in a determination and the case schema are built from.
 */
import type { CheckedFact, CheckedGuideline } from '../language/model.js';
import type { DataRequirement } from '../runtime/contract.js';

/** What a requester must send, in declaration order: every fact, and every field of every records fact. */
export function dataRequirements(g: CheckedGuideline): DataRequirement[] {
  const out: DataRequirement[] = [];
  const add = (requirement: DataRequirement) => {
    if (!out.some((r) => r.path === requirement.path)) out.push(requirement);
  };
  /** What a fact reads, under `prefix` (a records path) for fields. */
  const reads = (f: CheckedFact, prefix: string): void => {
    const path = prefix + f.path.join('.');
    switch (f.kind) {
      case 'total':
        return; // reads the field of its records, which that records fact already lists
      case 'elapsed':
        // A `latest` / `earliest` date is a field of records, which that records fact already lists.
        if (f.fromPick === null) add({ path, label: `${f.label}: from this date`, kind: 'date', unit: null });
        if (f.toPick === null) add({ path: prefix + (f.to ?? []).join('.'), label: `${f.label}: to this date`, kind: 'date', unit: null });
        return;
      default:
        add({ path, label: f.label, kind: f.kind, unit: f.unit });
        for (const field of f.fields) reads(field, `${path}[].`);
    }
  };
  for (const f of g.facts) reads(f, '');
  return out;
}
