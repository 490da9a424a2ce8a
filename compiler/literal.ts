/**
 * The only way text reaches generated code (esbuild `helpers/quote.go`). User strings — ids, labels,
 * citations, reasons, paths, codes — become JSON string literals; generated names never come from user
 * text; data (metadata, schemas) is printed as literals, never concatenated into code.
 */

/** A JavaScript string literal for `s`: JSON quoting plus U+2028/U+2029, which old parsers treat as newlines. */
export function stringLiteral(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A JavaScript number literal; throws (a compiler bug, the checker rejects these) on NaN and infinities. */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`numberLiteral: not a finite number: ${String(n)}`);
  return Object.is(n, -0) ? '0' : String(n);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A generated name (`c0`, `g1_vs2`): `prefix` is compiler text, never user text; `index` a counter. */
export function identifier(prefix: string, ...indexes: number[]): string {
  const name = prefix + indexes.map((i) => String(i)).join('_');
  if (!IDENTIFIER.test(name) || !indexes.every((i) => Number.isInteger(i) && i >= 0)) {
    throw new Error(`identifier: not a generated name: ${JSON.stringify(name)}`);
  }
  return name;
}

/** A property key: a quoted string, except `__proto__`, which must be computed to stay an own property. */
export function propertyKey(key: string): string {
  return key === '__proto__' ? `[${stringLiteral(key)}]` : stringLiteral(key);
}

/** JSON-like data (null, booleans, finite numbers, strings, arrays, plain objects) as an expression. */
export type Data = null | boolean | number | string | readonly Data[] | { readonly [key: string]: Data };

/**
 * Prints data as a JavaScript expression, one property per line from `indent` onwards. Keys keep their
 * insertion order (callers build them deterministically); every string goes through `stringLiteral`.
 */
export function dataLiteral(value: Data, indent = ''): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return numberLiteral(value);
    case 'string':
      return stringLiteral(value);
  }
  const inner = indent + '  ';
  if (isDataArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + dataLiteral(v, inner)).join(',\n')},\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${propertyKey(k)}: ${dataLiteral(value[k]!, inner)}`).join(',\n')},\n${indent}}`;
}

function isDataArray(v: Data): v is readonly Data[] {
  return Array.isArray(v);
}
