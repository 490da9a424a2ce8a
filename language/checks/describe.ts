/** Words for kinds of facts, units and code systems, shared by the messages of several checks. */
import type { CodeSystem, Unit } from '../ast.js';
import type { FactKind } from '../model.js';

export const systemName = (system: CodeSystem | string): string =>
  system === 'icd10' ? 'ICD-10-CM' : system === 'cpt' ? 'CPT' : system === 'hcpcs' ? 'HCPCS' : system;

export function describeKind(kind: FactKind): string {
  switch (kind) {
    case 'documented':
      return 'documented or not';
    case 'number':
      return 'a number';
    case 'count':
      return 'a count';
    case 'total':
      return 'a total';
    case 'elapsed':
      return 'a time between two dates';
    case 'codes':
      return 'a list of codes';
    case 'text':
      return 'text';
    case 'date':
      return 'a date';
    case 'records':
      return 'a list of records';
  }
}

export const timeUnits: readonly Unit[] = ['hours', 'days', 'weeks', 'months', 'years'];
export const countedUnits: readonly Unit[] = ['levels', 'visits', 'sessions'];
