import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LIMITS } from './json-data.js';
import { compileCaseSchema, isIsoDate, validateCaseFile, type CaseValidator } from './validate-case.js';

/** A case schema like the compiler writes for a guideline: only the fields it reads, unknown fields allowed. */
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    diagnoses: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] } },
    request: {
      type: 'object',
      properties: {
        levels: { type: 'array', items: { type: 'string' }, description: 'levels requested' },
        sessions: { type: 'integer', minimum: 0 },
        date_requested: { type: 'string', format: 'date' },
      },
    },
    documentation: {
      type: 'object',
      properties: { formal_rehabilitation_plan: { enum: ['present', 'absent', 'not_stated', null] } },
    },
  },
};

function validator(): CaseValidator {
  const compiled = compileCaseSchema(schema);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.value;
}
const validate = validator();

function errorsOf(data: unknown) {
  const result = validate(data);
  return result.ok ? [] : result.error;
}

describe('a well-formed case', () => {
  test('passes, and the evaluator gets a frozen copy', () => {
    const data = { request: { levels: ['C3-C4'] }, documentation: { formal_rehabilitation_plan: 'present' } };
    const result = validate(data);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual(data);
    expect(result.value).not.toBe(data);
    expect(Object.isFrozen(result.value)).toBe(true);
  });

  test('an empty object is valid: nothing is stated', () => {
    expect(validate({})).toEqual({ ok: true, value: {} });
  });

  test('null means not stated, so null fields are dropped rather than rejected', () => {
    const result = validate({ request: { levels: null, sessions: null }, documentation: null });
    expect(result).toEqual({ ok: true, value: { request: {} } });
  });

  test('unknown fields are allowed', () => {
    expect(validate({ notes: 'free text', request: { provider: 'x' } }).ok).toBe(true);
  });
});

describe('wrong types are field errors in plain words', () => {
  test('a string where a list of levels belongs', () => {
    expect(errorsOf({ request: { levels: 'C3-C4, C4-C5' } })).toEqual([
      { path: '/request/levels', message: 'must be a list, not text ("C3-C4, C4-C5")' },
    ]);
  });

  test('a string for a number', () => {
    expect(errorsOf({ request: { sessions: '2' } })).toEqual([{ path: '/request/sessions', message: 'must be a whole number, not text ("2")' }]);
  });

  test('a value outside the allowed words', () => {
    expect(errorsOf({ documentation: { formal_rehabilitation_plan: 'yes' } })).toEqual([
      {
        path: '/documentation/formal_rehabilitation_plan',
        message: 'must be one of "present", "absent", "not_stated", not text ("yes")',
      },
    ]);
  });

  test('a required field left out of a list entry', () => {
    expect(errorsOf({ diagnoses: [{ text: 'radiculopathy' }] })).toEqual([{ path: '/diagnoses/0/code', message: 'is required' }]);
  });

  test('a date that is not a calendar date', () => {
    expect(errorsOf({ request: { date_requested: '2014-02-30' } })).toEqual([
      { path: '/request/date_requested', message: 'must be a date written YYYY-MM-DD' },
    ]);
  });

  test('every error is reported at once', () => {
    expect(errorsOf({ request: { levels: 3, sessions: -1 } }).map((e) => e.path)).toEqual(['/request/levels', '/request/sessions']);
  });
});

describe('input that is not a case file at all is refused, never thrown', () => {
  test.each([
    ['null', null, 'must be a group of fields (a JSON object), not null'],
    ['undefined', undefined, 'must be a group of fields (a JSON object), not null'],
    ['a list', [], 'must be a group of fields (a JSON object), not a list'],
    ['text', 'case', 'must be a group of fields (a JSON object), not text ("case")'],
    ['a number', 42, 'must be a group of fields (a JSON object), not the number 42'],
  ])('%s', (_name, data, message) => {
    expect(errorsOf(data)).toEqual([{ path: '', message }]);
  });
});

describe('values JSON cannot hold are field errors', () => {
  test.each([
    ['NaN', { request: { sessions: NaN } }, '/request/sessions', 'must be a finite number, not NaN'],
    ['Infinity', { request: { sessions: Infinity } }, '/request/sessions', 'must be a finite number, not Infinity'],
    ['a function', { request: () => 1 }, '/request', 'must be JSON data, not a function'],
    ['a bigint', { request: { sessions: 2n } }, '/request/sessions', 'must be JSON data, not a bigint'],
    ['a Date', { request: { date_requested: new Date(0) } }, '/request/date_requested', 'must be JSON data, not Date'],
    ['a Map', { documentation: new Map() }, '/documentation', 'must be JSON data, not Map'],
  ])('%s', (_name, data, path, message) => {
    expect(errorsOf(data)).toEqual([{ path, message }]);
  });

  test('a cycle', () => {
    const request: Record<string, unknown> = {};
    request['self'] = request;
    expect(errorsOf({ request })).toEqual([{ path: '/request/self', message: 'refers to itself (a cycle)' }]);
  });

  test('a getter that throws', () => {
    const request = {
      get levels(): never {
        throw new Error('boom');
      },
    };
    expect(errorsOf({ request })).toEqual([{ path: '/request/levels', message: 'could not be read' }]);
  });

  test('a proxy whose keys cannot be listed', () => {
    const request = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(errorsOf({ request })).toEqual([{ path: '/request', message: 'could not be read' }]);
  });

  test('a huge list is refused without being read', () => {
    const levels = new Array<string>(LIMITS.maxListLength + 1).fill('C3-C4');
    expect(errorsOf({ request: { levels } })).toEqual([
      { path: '/request/levels', message: `has ${LIMITS.maxListLength + 1} entries; at most ${LIMITS.maxListLength} are accepted` },
    ]);
  });

  test('very deep nesting is refused', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < LIMITS.maxDepth + 5; i++) deep = { deep };
    const errors = errorsOf({ notes: deep });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/nested too deeply/);
  });
});

describe('prototype keys are plain data', () => {
  test('a "__proto__" key from JSON.parse pollutes nothing', () => {
    const result = validate(JSON.parse('{"__proto__":{"polluted":1},"request":{"__proto__":{"polluted":2}}}'));
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    if (!result.ok) return;
    expect(Object.keys(result.value as object)).toEqual(['__proto__', 'request']);
  });

  test('a "constructor" key is data, and missing keys read as not stated', () => {
    const result = validate({ documentation: { constructor: 'present' } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const documentation = (result.value as { documentation: Record<string, unknown> }).documentation;
    expect(documentation['constructor']).toBe('present');
    expect(Object.hasOwn(documentation, 'toString')).toBe(false);
  });

  test('an inherited name is never data: a field called toString or constructor is not stated unless the case states it', () => {
    const documented = { enum: ['present', 'absent', 'not_stated'] };
    const compiled = compileCaseSchema({
      type: 'object',
      properties: { documentation: { type: 'object', properties: { toString: documented, constructor: documented } } },
    });
    if (!compiled.ok) throw new Error(compiled.error);
    const result = compiled.value({ documentation: {} });
    expect(result.ok).toBe(true);
    const stated = compiled.value({ documentation: { toString: 'absent', constructor: 'x' } });
    expect(stated.ok ? [] : stated.error).toEqual([{ path: '/documentation/constructor', message: expect.stringContaining('must be one of') }]);
  });
});

describe('schemas', () => {
  test('an unusable schema is reported, not thrown', () => {
    const compiled = compileCaseSchema({ type: 'object', properties: { a: { type: 'no-such-type' } } });
    expect(compiled.ok).toBe(false);
  });

  test('isIsoDate accepts calendar dates only', () => {
    expect([isIsoDate('2007-10-22'), isIsoDate('2016-02-29'), isIsoDate('2015-02-29'), isIsoDate('10/22/07')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('the general case-file schema', () => {
  test('accepts the seed case', () => {
    const seed: unknown = JSON.parse(readFileSync(new URL('../examples/seed/case.json', import.meta.url), 'utf8'));
    expect(validateCaseFile(seed)).toMatchObject({ ok: true });
  });

  test('names each wrong field', () => {
    const result = validateCaseFile({
      patient: { age: '54', sex: 'f' },
      request: { levels: ['C3-4'], laterality: 'both' },
      documentation: { home_exercise_program: true },
    });
    expect(result.ok ? [] : result.error).toEqual([
      { path: '/patient/age', message: 'must be a whole number, not text ("54")' },
      { path: '/patient/sex', message: 'must be one of "female", "male", "other", "unknown", not text ("f")' },
      {
        path: '/request/levels/0',
        message:
          'is not in the expected form (A spinal motion segment written as two adjacent vertebrae, for example C3-C4, C7-T1 or L5-S1.)',
      },
      { path: '/request/laterality', message: 'must be one of "left", "right", "bilateral", not text ("both")' },
      { path: '/documentation/home_exercise_program', message: 'must be one of "present", "absent", "not_stated", not true' },
    ]);
  });
});
