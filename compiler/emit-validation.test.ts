/**
 * Compiled case reading (emit-validation.ts) decides every case as the copy-then-ajv validator does
 * (runtime/validate-case.ts over the guideline's case schema): the same cases valid, the same fields named, in the
 * same words. Each `describe` below is a class of case on which an earlier compiled reader disagreed (stress part 2,
 * stress/runtime-malformed.ts): it read only the paths its schema names, so what lay elsewhere went unchecked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { CaseCheck, CompiledGuideline } from '../runtime/contract.js';
import { readPathsSchema } from '../runtime/case-file-paths.js';
import { compileCaseSchema } from '../runtime/validate-case.js';
import { compiledBundleOf } from '../runtime/testdata/compiled-bundle.js';
import { buildAndLoad, describeFailure } from './pipeline.js';

const files = [
  'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric',
  'guidelines/mtus/opioids/opioids-postoperative.rubric',
  'guidelines/mtus/opioids/opioids-chronic-pain.rubric',
  ...['imaging', 'low-back', 'musculoskeletal', 'odg-physical-therapy', 'pain', 'spine'].map((v) => `guidelines/valuesets/${v}.rubric`),
];
const built = await buildAndLoad(files.map((uri) => ({ uri, text: readFileSync(new URL(`../${uri}`, import.meta.url), 'utf8') })));
if (!built.ok) throw new Error(describeFailure(built.error));
const compiled = compiledBundleOf(built.value.built.files).guidelines;

const FACET = compiled['cervical_facet_therapeutic_injection']!;
const OPIOIDS = compiled['opioids_postoperative']!;
/** Shows its prior treatments whole as evidence. */
const CHRONIC = compiled['opioids_chronic_pain']!;
const facetCase = JSON.parse(readFileSync(new URL('../examples/seed/case.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const opioidsCase = JSON.parse(readFileSync(new URL('../guidelines/mtus/opioids/opioids-postoperative.case.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** The copy-then-ajv validator of a guideline: its case schema and the case-file schema along the paths it reads. */
function ajvCheck(g: CompiledGuideline): (data: unknown) => CaseCheck {
  const validator = compileCaseSchema(g.caseSchema, readPathsSchema(g.requirements));
  if (!validator.ok) throw new Error(validator.error);
  return (data) => validator.value(data);
}
const oracles = new Map([FACET, OPIOIDS, CHRONIC].map((g) => [g, ajvCheck(g)]));

const errorsOf = (r: CaseCheck): string[] => (r.ok ? [] : r.error.map((e) => `${e.path}: ${e.message}`).sort());

/** The compiled check of `g` on `data`, which must answer as the copy and ajv do; its field errors. */
function check(g: CompiledGuideline, data: () => unknown): string[] {
  const compiled = g.check!(data());
  expect(errorsOf(compiled)).toEqual(errorsOf(oracles.get(g)!(data())));
  return errorsOf(compiled);
}

const nest = (depth: number, leaf: unknown, list: boolean): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = list ? [v] : { a: v };
  return v;
};

describe('the example cases', () => {
  test('are valid, and the data read is what the guideline reads', () => {
    expect(check(FACET, () => facetCase)).toEqual([]);
    expect(check(OPIOIDS, () => opioidsCase)).toEqual([]);
    const read = FACET.check!(facetCase);
    expect(read.ok && Object.keys(read.value as object).sort()).toEqual(['diagnoses', 'documentation', 'prior_treatments', 'request']);
  });

  test('have one shape whatever the case: every field the schema names, undefined where the case leaves it out', () => {
    const { documentation: _documentation, ...rest } = facetCase as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(rest).reverse());
    const shapes = [facetCase, reordered].map((data) => {
      const read = FACET.check!(data);
      if (!read.ok) throw new Error('the example case must be valid');
      const value = read.value as Record<string, unknown>;
      return { top: Object.keys(value), request: Object.keys(value['request'] as object), documentation: value['documentation'] };
    });
    expect(shapes[1]!.top).toEqual(shapes[0]!.top);
    expect(shapes[1]!.request).toEqual(shapes[0]!.request);
    expect(shapes[0]!.documentation).toBeTypeOf('object');
    expect(shapes[1]!.documentation).toBeUndefined();
  });
});

describe('a value that is not JSON data is named wherever it is, also in fields the guideline does not read', () => {
  test.each([
    ['a function', () => 1, 'must be JSON data, not a function'],
    ['a symbol', Symbol('s'), 'must be JSON data, not a symbol'],
    ['a bigint', 10n, 'must be JSON data, not a bigint'],
    ['NaN', NaN, 'must be a finite number, not NaN'],
    ['-Infinity', -Infinity, 'must be a finite number, not -Infinity'],
    ['a Date', new Date(0), 'must be JSON data, not Date'],
    ['a Map', new Map(), 'must be JSON data, not Map'],
  ])('%s in the patient (not read by the guideline) or in a diagnosis (read)', (_what, bad, message) => {
    expect(check(FACET, () => ({ ...facetCase, patient: { age: bad } }))).toEqual([`/patient/age: ${message}`]);
    expect(check(FACET, () => ({ ...facetCase, diagnoses: [{ code: 'M54.2', system: bad }] }))).toEqual([`/diagnoses/0/system: ${message}`]);
  });

  test('a cycle, through a field the guideline does not read', () => {
    const data = () => {
      const c: Record<string, unknown> = { ...facetCase };
      c['zz_self'] = { back: c };
      return c;
    };
    expect(check(FACET, data)).toEqual(['/zz_self/back: refers to itself (a cycle)']);
  });

  test('a getter that throws is named at its key; one that answers is read once', () => {
    const throwing = () => ({
      ...facetCase,
      patient: Object.defineProperty({}, 'age', {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
      }),
    });
    expect(check(FACET, throwing)).toEqual(['/patient/age: could not be read']);
    let reads = 0;
    const counting = { ...facetCase, request: Object.defineProperty({}, 'levels', { enumerable: true, get: () => (reads++, ['C4-C5']) }) };
    expect(FACET.check!(counting).ok).toBe(true);
    expect(reads).toBe(1);
  });

  test('a Proxy is read through its traps once per field; a revoked one is named', () => {
    const traps: string[] = [];
    const request = new Proxy({ levels: ['C4-C5'] }, { get: (t, k, r) => (typeof k === 'string' && traps.push(`get ${k}`), Reflect.get(t, k, r)) });
    expect(FACET.check!({ ...facetCase, request }).ok).toBe(true);
    expect(traps).toEqual(['get levels']);
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return { ...facetCase, patient: proxy };
    };
    expect(check(FACET, revoked)).toEqual(['/patient: could not be read']);
  });

  test('a "__proto__" or "constructor" key is data, never a prototype', () => {
    const data = () => JSON.parse('{"request": {"__proto__": {"polluted": true}, "levels": ["C4-C5"]}, "constructor": {"prototype": {"polluted": true}}}') as unknown;
    expect(check(FACET, data)).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('size limits are checked before the schema, and alone', () => {
  test('a list of 15,000 entries where a code belongs is named as too long, not as "must be text"', () => {
    const data = () => ({ ...facetCase, diagnoses: [{ code: Array.from({ length: 15_000 }, () => 1) }] });
    expect(check(FACET, data)).toEqual(['/diagnoses/0/code: has 15000 entries; at most 10000 are accepted']);
  });

  test('a text of 150,000 characters in a field the guideline does not read', () => {
    expect(check(FACET, () => ({ ...facetCase, case_id: 'x'.repeat(150_000) }))).toEqual(['/case_id: is too long (more than 100000 characters)']);
  });

  test('a case with every list at its 10,000 entries is read (about 310,000 values); one of more than 1,000,000 values is refused', () => {
    const rep = <T>(f: (i: number) => T): T[] => Array.from({ length: 10_000 }, (_, i) => f(i));
    const everyList = () => ({
      ...facetCase,
      diagnoses: rep((i) => ({ code: i % 2 === 0 ? 'M54.2' : 'M79.1', system: 'ICD-10-CM', text: 'neck pain' })),
      request: { ...(facetCase['request'] as object), levels: rep(() => 'C4-C5'), codes: rep(() => ({ system: 'CPT', code: '64490' })) },
      prior_treatments: rep((i) => ({ type: i % 3 === 0 ? 'facet_intra_articular_block' : 'physical_therapy', date: '2016-05-01', response: { initial_relief_percent: 80, sustained_relief_percent: 60, sustained_relief_weeks: 8 } })),
      findings: { exam: rep(() => ({ finding: 'decreased_reflex', location: 'C6', laterality: 'left' })), imaging: rep(() => ({ modality: 'MRI', body_region: 'cervical', date: '2016-06-01' })) },
    });
    expect(check(FACET, everyList)).toEqual([]);
    const huge = () => ({ ...facetCase, patient: { notes: Array.from({ length: 101 }, () => new Array<number>(10_000).fill(1)) } });
    // Named at the value past the limit (the case's other fields are counted first), as the copy names it.
    expect(check(FACET, huge)).toEqual([expect.stringMatching(/^\/patient\/notes\/99\/\d+: makes the case file too large \(more than 1000000 values\)$/)]);
  });

  test('only the size errors are reported when there are any', () => {
    const data = () => ({ ...facetCase, request: { levels: ['not a level'] }, case_id: 'x'.repeat(150_000) });
    expect(check(FACET, data)).toEqual(['/case_id: is too long (more than 100000 characters)']);
  });
});

describe('nesting depth is counted from the case, not from the field', () => {
  test.each([
    ['objects', false],
    ['lists', true],
  ])('%s nested 40 deep under a documentation item are named at the 32nd level', (_what, list) => {
    const errors = check(FACET, () => ({ ...facetCase, documentation: { facet_joint_pain_signs: nest(40, 1, list) } }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.split(':')[0]!.split('/').length - 1).toBe(32);
  });

  test('under a list entry the guideline shows whole as evidence', () => {
    const data = () => ({ ...facetCase, prior_treatments: [{ type: 'physical_therapy', response: { initial_relief_percent: nest(40, 1, false) } }] });
    expect(check(FACET, data)).toHaveLength(1);
  });
});

describe('a range is checked whatever order the case gives its ends in', () => {
  test('max before min, and max below min', () => {
    const range = (text: string) => JSON.parse(text) as unknown;
    expect(check(OPIOIDS, () => ({ ...opioidsCase, request: { ...(opioidsCase['request'] as object), quantity: range('{"max": 5, "min": 10}') } }))).toEqual([
      '/request/quantity/max: must not be less than min (10)',
    ]);
    expect(check(OPIOIDS, () => ({ ...opioidsCase, request: { ...(opioidsCase['request'] as object), quantity: range('{"max": 20, "min": 10}') } }))).toEqual([]);
    expect(check(OPIOIDS, () => ({ ...opioidsCase, request: { ...(opioidsCase['request'] as object), quantity: { min: 'ten', max: 20 } } }))).toEqual([
      '/request/quantity/max: must not be less than min (ten)',
      '/request/quantity/min: must be a number, not text ("ten")',
    ]);
  });

  test('a minimum that is not JSON data is named where it is, not refused as unreadable (its text is never asked of it)', () => {
    const request = (quantity: unknown) => () => ({ ...opioidsCase, request: { ...(opioidsCase['request'] as object), quantity } });
    expect(check(OPIOIDS, request({ min: [[Symbol('s')]], max: 11 }))).toEqual(['/request/quantity/min/0/0: must be JSON data, not a symbol']);
    expect(check(OPIOIDS, request({ max: 11, min: Object.create(null) as object }))).toEqual([
      '/request/quantity/max: must not be less than min ([object Object])',
      '/request/quantity/min: must be a number, not a group of fields',
    ]);
  });

  test('a field a range does not have is named, unless it is null (not stated)', () => {
    const request = (quantity: unknown) => () => ({ ...opioidsCase, request: { ...(opioidsCase['request'] as object), quantity } });
    expect(check(OPIOIDS, request({ min: 1, max: 2, zz: 3 }))).toEqual(['/request/quantity/zz: is not a field this guideline accepts']);
    expect(check(OPIOIDS, request({ min: 1, max: 2, zz: null }))).toEqual([]);
  });
});

describe('a value shown whole as evidence is copied as the case states it', () => {
  test('fields the schema does not name are kept, in the case order, null fields dropped', () => {
    const treatments = [{ text: 'Naproxen', zz_note: 'kept', type: 'medication', response: null, date: '2016-07-05' }];
    expect(check(CHRONIC, () => ({ request: {}, prior_treatments: treatments }))).toEqual([]);
    const read = CHRONIC.check!({ request: {}, prior_treatments: treatments });
    const kept = (read.ok ? (read.value as { prior_treatments: unknown }).prior_treatments : null) as object[];
    expect(JSON.stringify(kept)).toBe('[{"text":"Naproxen","zz_note":"kept","type":"medication","date":"2016-07-05"}]');
    expect(Object.isFrozen(kept[0])).toBe(true);
  });
});

describe('the entries of a long list (their fields listed by for...in) are read as the copy reads them', () => {
  /** 40 entries (more than MANY): the odd one at 20, plain entries around it. */
  const long = (plain: () => object, odd: () => unknown) => Array.from({ length: 40 }, (_, i) => (i === 20 ? odd() : plain()));
  const dx = () => ({ code: 'M54.2', system: 'ICD-10-CM', text: 'neck pain' });
  const exam = () => ({ finding: 'decreased_reflex', location: 'C6' });
  const block = () => ({ type: 'facet_intra_articular_block', date: '2016-05-01', response: { initial_relief_percent: 80, sustained_relief_weeks: 8 } });
  const cases = (odd: (plain: () => object) => () => unknown) => [
    () => ({ ...facetCase, diagnoses: long(dx, odd(dx)) }),
    () => ({ ...facetCase, findings: { exam: long(exam, odd(exam)) } }),
    () => ({ ...facetCase, prior_treatments: long(block, odd(block)) }),
    () => ({ ...facetCase, prior_treatments: long(block, () => ({ ...block(), response: (odd(() => ({ initial_relief_percent: 80 })) as () => unknown)() })) }),
  ];
  const throwing = () => {
    throw new Error('trap');
  };

  test.each([
    ['a transparent Proxy', (plain: () => object) => () => new Proxy(plain(), {})],
    ['a Proxy whose getPrototypeOf throws', (plain: () => object) => () => new Proxy(plain(), { getPrototypeOf: throwing })],
    ['a Proxy whose ownKeys throws', (plain: () => object) => () => new Proxy(plain(), { ownKeys: throwing })],
    ['a Proxy whose getOwnPropertyDescriptor throws', (plain: () => object) => () => new Proxy(plain(), { getOwnPropertyDescriptor: throwing })],
    ['a Proxy whose every trap throws', (plain: () => object) => () => new Proxy(plain(), { get: throwing, ownKeys: throwing, getPrototypeOf: throwing, getOwnPropertyDescriptor: throwing })],
    ['an object without a prototype', (plain: () => object) => () => Object.assign(Object.create(null) as object, plain())],
    ['an object inheriting fields', (plain: () => object) => () => Object.assign(Object.create({ zz_inherited: Symbol('s'), code: 1 }) as object, plain())],
    ['an object whose prototype is a Proxy', (plain: () => object) => () => Object.assign(Object.create(new Proxy({ zz: 1 }, { ownKeys: throwing })) as object, plain())],
    ['a "__proto__" key', (plain: () => object) => () => Object.assign(JSON.parse('{"__proto__": {"code": 1}}') as object, plain())],
    ['a throwing getter', (plain: () => object) => () => Object.defineProperty(plain(), 'zz', { enumerable: true, get: throwing })],
    ['a field not enumerable', (plain: () => object) => () => Object.defineProperty(plain(), 'zz', { enumerable: false, value: Symbol('s') })],
    ['fields named by numbers', (plain: () => object) => () => ({ 2: Symbol('s'), ...plain(), 1: NaN })],
    ['a Date', () => () => new Date(0)],
    ['a list', (plain: () => object) => () => [plain()]],
  ])('%s among them', (_what, odd) => {
    for (const data of cases(odd)) check(FACET, data);
  });

  test('a getter run once; a field Object.prototype gains from a getter while the case is read is not the case\'s', () => {
    let reads = 0;
    const counting = () => ({ ...facetCase, diagnoses: long(dx, () => Object.defineProperty(dx(), 'zz', { enumerable: true, get: () => (reads++, 1) })) });
    expect(FACET.check!(counting()).ok).toBe(true);
    expect(reads).toBe(1);
    const polluting = () => ({
      ...facetCase,
      diagnoses: long(dx, () =>
        Object.defineProperty(dx(), 'zz', {
          enumerable: true,
          get: () => (Object.defineProperty(Object.prototype, 'zz_polluted', { value: Symbol('s'), enumerable: true, writable: true, configurable: true }), 1),
        }),
      ),
    });
    let read: CaseCheck;
    try {
      read = FACET.check!(polluting());
    } finally {
      delete (Object.prototype as Record<string, unknown>)['zz_polluted'];
    }
    expect(errorsOf(read)).toEqual([]);
    expect(JSON.stringify(read.ok && read.value)).not.toContain('zz_polluted');
  });
});

describe('a pattern remembers its answers (runtime/case-reader.ts matcher)', () => {
  test('the same answers as the expression, over more distinct texts than it keeps, each asked twice', () => {
    // 600 distinct codes a case, each twice, some not in the expected form; three cases: what it keeps is cleared on the way.
    const code = (i: number) => (i % 97 === 0 ? `m${i}` : `M${String(i % 100).padStart(2, '0')}.${i}`);
    const diagnoses = (from: number) => Array.from({ length: 1_200 }, (_, i) => ({ code: code(from + (i % 600)) }));
    const first = check(FACET, () => ({ ...facetCase, diagnoses: diagnoses(0) }));
    expect(first).toHaveLength(14);
    check(FACET, () => ({ ...facetCase, diagnoses: diagnoses(1_000) }));
    expect(check(FACET, () => ({ ...facetCase, diagnoses: diagnoses(0) }))).toEqual(first);
  });
  test('a text longer than it keeps is tested each time, with the expression\'s answer', () => {
    const long = (c: string) => c + '1'.repeat(70);
    const data = () => ({ ...facetCase, diagnoses: [{ code: long('M54.') }, { code: long('M54.') }, { code: 'M54.2' }] });
    // Twice: the second reading must not take an answer kept for the first.
    for (let round = 0; round < 2; round++) {
      expect(check(FACET, data)).toEqual([
        '/diagnoses/0/code: is not in the expected form (ICD-10-CM code, for example M54.12 (the dot may be left out, as claims often do: M5412).)',
        '/diagnoses/1/code: is not in the expected form (ICD-10-CM code, for example M54.12 (the dot may be left out, as claims often do: M5412).)',
      ]);
    }
  });
});
