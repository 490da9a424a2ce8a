import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import type { CheckedGuideline, Model } from '../language/model.js';
import { compileAndLoad } from './testdata/load.js';
import { fact, seedGuideline, text, valueSet } from './testdata/seed-model.js';

/** Everything that has broken a code generator somewhere: quotes, template holes, backticks, comment ends, line separators. */
const EVIL = '"); process.exit(1); ("' + " ${process.exit(1)} `whoami` */ /* \u2028 \u2029 </script> \\ ' end";
const evil = (tag: string) => `${tag}${EVIL}`;

const guideline: CheckedGuideline = {
  ...seedGuideline,
  id: 'injection_test',
  title: evil('title'),
  version: evil('version'),
  edition: evil('edition'),
  jurisdiction: evil('jurisdiction'),
  service: { label: evil('service'), codes: [{ system: 'cpt', code: evil('code') }], region: evil('region') },
  recommendation: { status: 'recommended', criteriaIfUsedAnyway: false, citations: [evil('source')] },
  sources: [{ ...seedGuideline.sources[0]!, id: evil('source'), citation: evil('citation'), quote: evil('quote') }],
  facts: [
    fact(evil('diagnoses'), evil('diagnoses label'), 'codes', 'x', { path: [evil('diagnoses path')], system: 'icd10' }),
    fact(evil('plan'), evil('plan label'), 'documented', 'x', { path: [evil('docs'), '__proto__'] }),
    fact(evil('records'), evil('records label'), 'records', 'x', {
      path: [evil('records path')],
      where: { kind: 'is', fact: { scope: 'record', id: evil('kind') }, values: [evil('value')], negated: false },
      fields: [fact(evil('kind'), evil('kind label'), 'text', 'x', { path: [evil('kind path')] })],
    }),
  ],
  valueSets: [valueSet(evil('vs'), evil('vs label'), [`Q${EVIL}*`, 'Z00.0'])],
  criteria: [
    {
      ...seedGuideline.criteria[0]!,
      id: evil('exclude'),
      description: evil('description'),
      citations: [evil('source')],
      test: { kind: 'exclude', conditions: [{ kind: 'value_set', valueSet: evil('vs'), codesFact: evil('diagnoses') }] },
      reason: { parts: [{ kind: 'text', text: evil('reason') }, { kind: 'matched' }] },
      missingReason: text(evil('missing')),
    },
    {
      ...seedGuideline.criteria[0]!,
      id: evil('documented'),
      description: null,
      citations: [evil('source')],
      test: { kind: 'require', condition: { kind: 'documented', fact: { scope: 'case', id: evil('plan') } } },
      reason: { parts: [{ kind: 'text', text: evil('plan reason') }, { kind: 'fact', fact: evil('plan') }] },
      missingReason: null,
    },
    {
      ...seedGuideline.criteria[0]!,
      id: evil('count'),
      description: evil('count description'),
      citations: [evil('source')],
      test: {
        kind: 'require',
        condition: { kind: 'count', records: evil('records'), where: null, operator: '>=', count: 1, countingThisRequest: false },
      },
      reason: text(evil('count reason')),
      missingReason: null,
    },
  ],
};
const model: Model = { guidelines: [guideline] };

describe('user text reaches the bundle only as data', async () => {
  const { bundle } = await compileAndLoad(model);
  const g = bundle.guidelines['injection_test']!;

  test('the bundle imports (nothing ran) and its metadata holds every string verbatim', () => {
    expect(g.meta.title).toBe(evil('title'));
    expect(g.meta.version).toBe(evil('version'));
    expect(g.meta.service).toEqual({ label: evil('service'), codes: [{ system: 'cpt', code: evil('code') }], region: evil('region') });
    expect(g.meta.sources[0]).toMatchObject({ id: evil('source'), citation: evil('citation'), quote: evil('quote') });
    expect(g.meta.criteria.map((c) => c.id)).toEqual([evil('exclude'), evil('documented'), evil('count')]);
    expect(g.requirements.map((r) => [r.path, r.label])).toEqual([
      [evil('diagnoses path'), evil('diagnoses label')],
      [`${evil('docs')}.__proto__`, evil('plan label')],
      [evil('records path'), evil('records label')],
      [`${evil('records path')}[].${evil('kind path')}`, evil('kind label')],
    ]);
  });

  test('results carry ids, reasons, citations, matched codes and paths verbatim', () => {
    const caseData: Record<string, unknown> = {
      [evil('diagnoses path')]: [{ code: `q${EVIL}12`, text: evil('entry') }],
      [evil('records path')]: [{ [evil('kind path')]: evil('value') }],
      [evil('docs')]: JSON.parse('{"__proto__": "absent"}'), // as JSON.parse gives it: an own property
    };
    const [excluded, documented, counted] = g.evaluate(caseData);
    expect(excluded).toMatchObject({
      criterion: evil('exclude'),
      status: 'not_met',
      text: `${evil('reason')}${evil('entry')} (Q${EVIL.toUpperCase()}12)`,
      citations: [evil('source')],
      evidence: [{ path: `${evil('diagnoses path')}[0].code`, value: `q${EVIL}12` }],
    });
    expect(documented).toMatchObject({
      criterion: evil('documented'),
      status: 'not_met',
      text: `${evil('plan reason')}absent`,
      evidence: [{ path: `${evil('docs')}.__proto__`, value: 'absent' }],
    });
    expect(counted).toMatchObject({ criterion: evil('count'), status: 'met', text: evil('count description') });
    expect(g.evaluate({})[1]).toMatchObject({ status: 'not_documented', missing: [`${evil('docs')}.__proto__`] });
  });

  test('the case schema keeps every label and path, and compiles', () => {
    const props = (g.caseSchema['properties'] ?? {}) as Record<string, { description?: string; properties?: Record<string, unknown> }>;
    expect(props[evil('diagnoses path')]?.description).toBe(evil('diagnoses label'));
    expect(Object.keys(props[evil('docs')]?.properties ?? {})).toEqual(['__proto__']);
    expect(g.caseSchema['title']).toBe(evil('title'));
    expect(() => new Ajv({ strict: true }).compile(g.caseSchema)).not.toThrow();
  });
});
