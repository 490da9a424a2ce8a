import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CanonicalJsonError, canonicalJson, sha256Hex } from './canonical-json.js';

describe('canonicalJson', () => {
  test('sorts keys at every depth, indents by two spaces and ends with one newline', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe(
      '{\n  "a": {\n    "c": "x",\n    "d": [\n      true,\n      null\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  test('writes empty objects and lists on one line', () => {
    expect(canonicalJson({ list: [], object: {} })).toBe('{\n  "list": [],\n  "object": {}\n}\n');
  });

  test('gives the same text whatever order the keys were inserted in', () => {
    expect(canonicalJson({ z: 1, y: { b: 2, a: 1 } })).toBe(canonicalJson({ y: { a: 1, b: 2 }, z: 1 }));
  });

  test('sorts keys by UTF-16 code unit, so upper case comes before lower case', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3 })).toBe('{\n  "B": 2,\n  "a": 3,\n  "b": 1\n}\n');
  });

  test('escapes strings as JSON.stringify does, including U+2028', () => {
    expect(canonicalJson('say "hi"\n\u2028')).toBe('"say \\"hi\\"\\n\u2028"\n');
  });

  test('round-trips through JSON.parse to an equal value', () => {
    const value = { guidelines: [{ id: 'g', version: '1' }], digest: 'abc', n: -0.5 };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  test('keeps a "__proto__" key that JSON.parse made an own property', () => {
    const value: unknown = JSON.parse('{"__proto__":{"x":1}}');
    expect(canonicalJson(value)).toBe('{\n  "__proto__": {\n    "x": 1\n  }\n}\n');
  });

  test.each([
    ['undefined', { a: undefined }, '/a'],
    ['NaN', { a: [NaN] }, '/a/0'],
    ['Infinity', Infinity, ''],
    ['a function', { f: () => 1 }, '/f'],
    ['a bigint', { n: 1n }, '/n'],
    ['a symbol', { s: Symbol('s') }, '/s'],
    ['a Date', { d: new Date(0) }, '/d'],
    ['an array hole', { a: [1, , 3] }, '/a/1'],
  ])('rejects %s, naming where it is', (_name, value, path) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    try {
      canonicalJson(value);
    } catch (e) {
      expect((e as CanonicalJsonError).path).toBe(path);
    }
  });

  test('rejects a cycle', () => {
    const value: Record<string, unknown> = {};
    value['self'] = value;
    expect(() => canonicalJson(value)).toThrow(/cycle/);
  });

  test('sorts integer-like keys as text too, although objects list them first', () => {
    expect(canonicalJson({ a: 3, 9: 2, 10: 1 })).toBe('{\n  "10": 1,\n  "9": 2,\n  "a": 3\n}\n');
  });

  test('is the canonical form, whatever the keys (integer-like ones too) and their insertion order (fast-check)', () => {
    // The definition, written plainly: sorted keys, two-space indent, JSON.stringify for strings and numbers.
    const reference = (v: unknown, indent: string): string => {
      const inner = indent + '  ';
      if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => inner + reference(x, inner)).join(',\n')}\n${indent}]`;
      if (typeof v === 'object' && v !== null) {
        const keys = Object.keys(v).sort();
        const record = v as Record<string, unknown>;
        return keys.length === 0 ? '{}' : `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${reference(record[k], inner)}`).join(',\n')}\n${indent}}`;
      }
      return JSON.stringify(v);
    };
    const reversed = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(reversed);
      if (typeof v !== 'object' || v === null) return v;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).reverse()) {
        Object.defineProperty(out, key, { value: reversed((v as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
      }
      return out;
    };
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '9', '10', '1a', '__proto__', 'B', 'a'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.array(tie('value')), fc.dictionary(key, tie('value'))),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const expected = reference(value, '') + '\n';
        expect(canonicalJson(value)).toBe(expected);
        expect(canonicalJson(reversed(value))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  test('does not call a toJSON planted on Object.prototype', () => {
    const proto = Object.prototype as { toJSON?: unknown };
    proto.toJSON = () => 'polluted';
    try {
      expect(canonicalJson({ a: 1 })).toBe('{\n  "a": 1\n}\n');
    } finally {
      delete proto.toJSON;
    }
  });

  test('accepts the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(canonicalJson([shared, shared])).toBe('[\n  {\n    "a": 1\n  },\n  {\n    "a": 1\n  }\n]\n');
  });
});

describe('sha256Hex', () => {
  test('hashes text as UTF-8 and bytes as given, in lower-case hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(sha256Hex('abc'));
  });
});
