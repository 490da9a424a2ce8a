import { describe, expect, test } from 'vitest';
import { dataLiteral, identifier, numberLiteral, propertyKey, stringLiteral } from './literal.js';

const evaluate = (expr: string): unknown => new Function(`return (${expr});`)();

describe('stringLiteral', () => {
  test.each([
    '"); process.exit(1); ("',
    '${process.exit(1)}',
    '`backticks`',
    '*/ end of comment',
    'line\u2028separator\u2029paragraph',
    '</script><script>alert(1)</script>',
    'back\\slash\nnew line\ttab',
    'lone surrogate \ud800 end',
  ])('round-trips %j as a string', (s) => {
    expect(evaluate(stringLiteral(s))).toBe(s);
  });

  test('escapes U+2028 and U+2029 so no raw line separator reaches the output', () => {
    expect(stringLiteral('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
  });
});

describe('numberLiteral', () => {
  test('prints finite numbers and rejects the rest', () => {
    expect([70, 0.5, -0, 1e21].map(numberLiteral)).toEqual(['70', '0.5', '0', '1e+21']);
    expect(() => numberLiteral(Number.NaN)).toThrow();
    expect(() => numberLiteral(Infinity)).toThrow();
  });
});

describe('identifier', () => {
  test('builds generated names from compiler prefixes and counters only', () => {
    expect(identifier('g0_c', 3)).toBe('g0_c3');
    expect(identifier('g', 1, 2)).toBe('g1_2');
    expect(() => identifier('x-y')).toThrow();
    expect(() => identifier('t', -1)).toThrow();
  });
});

describe('dataLiteral', () => {
  test('prints data that evaluates back to itself, with __proto__ kept as an own key', () => {
    const value = JSON.parse('{"a": [1, "two", null, true], "__proto__": {"x": "\\u2028"}, "b": {}}');
    const back = evaluate(dataLiteral(value)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['a', '__proto__', 'b']);
    expect(JSON.stringify(back)).toBe(JSON.stringify(value));
    expect(propertyKey('__proto__')).toBe('["__proto__"]');
  });
});
