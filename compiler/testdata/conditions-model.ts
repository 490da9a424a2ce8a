/** A guideline exercising every condition kind: one `require` criterion per condition (conditions.test.ts). */
import type { CheckedGuideline, Cond, Model } from '../../language/model.js';
import { fact, seedGuideline, valueSet } from './seed-model.js';

/** A guideline with one `require` criterion per condition, over a small set of facts. */
export function guidelineWith(conditions: Record<string, Cond>): CheckedGuideline {
  return {
    ...seedGuideline,
    id: 'conditions',
    facts: [
      fact('blocks', 'prior blocks', 'records', 'treatments', {
        where: { kind: 'is', fact: { scope: 'record', id: 'type' }, values: ['block'], negated: false },
        fields: [
          fact('type', 'type', 'text', 'type'),
          fact('side', 'side', 'text', 'side'),
          fact('relief', 'relief', 'number', 'relief.percent', { unit: 'percent', lasting: 'weeks' }),
          fact('weeks', 'weeks', 'number', 'relief.weeks', { unit: 'weeks' }),
        ],
      }),
      fact('plan', 'plan', 'documented', 'docs.plan'),
      fact('exam', 'exam', 'documented', 'docs.exam'),
      fact('age', 'age', 'number', 'patient.age'),
      fact('dx', 'diagnoses', 'codes', 'diagnoses'),
    ],
    valueSets: [valueSet('radiculopathy', 'radiculopathy', ['M54.1*'])],
    criteria: Object.entries(conditions).map(([id, condition]) => ({
      ...seedGuideline.criteria[0]!,
      id,
      description: null,
      test: { kind: 'require', condition },
      // Every kind of placeholder: records (a count), number, documented, codes; printed when not documented too.
      missingReason: placeholders(id),
      reason: placeholders(id),
    })),
  };
}

function placeholders(id: string): CheckedGuideline['criteria'][number]['reason'] {
  return {
    parts: [
      { kind: 'text', text: `${id}: ` },
      { kind: 'fact', fact: 'blocks' },
      { kind: 'text', text: ' blocks; age ' },
      { kind: 'fact', fact: 'age' },
      { kind: 'text', text: '; plan ' },
      { kind: 'fact', fact: 'plan' },
      { kind: 'text', text: '; diagnoses ' },
      { kind: 'fact', fact: 'dx' },
    ],
  };
}

const rec = (id: string) => ({ scope: 'record', id }) as const;
const cas = (id: string) => ({ scope: 'case', id }) as const;
const isLeft: Cond = { kind: 'is', fact: rec('side'), values: ['left'], negated: false };
const count = (operator: '>=' | '<=', n: number, where: Cond | null = isLeft, countingThisRequest = false): Cond => ({
  kind: 'count',
  records: 'blocks',
  where,
  operator,
  count: n,
  countingThisRequest,
});

export const conditionsModel: Model = {
  guidelines: [
    guidelineWith({
      atLeast1: count('>=', 1),
      atLeast2: count('>=', 2),
      atLeast3: count('>=', 3),
      atMost0: count('<=', 0),
      atMost1: count('<=', 1),
      atMost2: count('<=', 2),
      atMost2WithThis: count('<=', 2, isLeft, true),
      every: {
        kind: 'every',
        records: 'blocks',
        where: isLeft,
        has: {
          kind: 'compare',
          plus: [],
          ends: [null],
          fact: rec('relief'),
          operator: '>=',
          value: 50,
          duration: { fact: rec('weeks'), operator: '>=', value: 6 },
        },
      },
      or: {
        kind: 'or',
        operands: [
          { kind: 'documented', fact: cas('plan') },
          { kind: 'documented', fact: cas('exam') },
        ],
      },
      not: { kind: 'not', operand: { kind: 'documented', fact: cas('plan') } },
      atLeastOf: {
        kind: 'at_least',
        count: 2,
        items: [
          { kind: 'documented', fact: cas('plan') },
          { kind: 'documented', fact: cas('exam') },
          { kind: 'compare', plus: [], ends: [null], fact: cas('age'), operator: '>', value: 17, duration: null },
        ],
      },
      inSet: { kind: 'in_value_set', fact: cas('dx'), valueSet: 'radiculopathy' },
      codeIs: { kind: 'is', fact: cas('dx'), values: ['m54.2'], negated: true },
      ageIs: { kind: 'is', fact: cas('age'), values: [54, 55], negated: false },
    }),
  ],
};
