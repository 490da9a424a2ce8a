/**
 * Canonical JSON and sha256: the one implementation the compiler (to write `manifest.json` and schema files) and
 * the runtime (to verify them) share, so a hash means the same bytes on both sides.
 *
 * Canonical form: object keys sorted by UTF-16 code unit (JavaScript's default sort), recursively; 2-space
 * indent; `JSON.stringify` escaping; one final newline. Only JSON values are accepted: `undefined`, functions,
 * symbols, bigints, NaN, ±Infinity, array holes, cycles and non-plain objects (Date, Map, class instances) are
 * programmer errors and throw a `CanonicalJsonError` naming the path.
 */
import { createHash } from 'node:crypto';
import { pointerEscape } from './pointer.js';

export { pointerEscape } from './pointer.js';

export class CanonicalJsonError extends TypeError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Cannot write canonical JSON: the value at ${path === '' ? 'the top level' : path} ${reason}.`);
    this.name = 'CanonicalJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  // JSON.stringify writes exactly this form for a copy whose keys were inserted in sorted order: the usual case, at
  // native speed. Otherwise (integer-like keys, which objects always list first, or a value JSON cannot hold, or a
  // `toJSON` JSON.stringify would call) the writer below decides, and names what it cannot write.
  if (!toJsonInherited()) {
    const sorted = sortedCopy(value, new Set());
    if (sorted !== UNSORTABLE) return JSON.stringify(sorted, null, 2) + '\n';
  }
  return write(value, '', '', new Set()) + '\n';
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A `toJSON` that JSON.stringify would call on every object or list (a polluted prototype): never trusted. */
function toJsonInherited(): boolean {
  return 'toJSON' in Object.prototype || 'toJSON' in Array.prototype;
}

const UNSORTABLE = Symbol('unsortable');

/**
 * A copy of JSON data with every object's keys inserted in sorted order (objects without prototype, so "__proto__"
 * stays a plain key), or UNSORTABLE: a value JSON cannot hold, a cycle, a hole, an object that is not plain, or a
 * key starting with a digit (objects list integer-like keys first, whatever the insertion order).
 */
function sortedCopy(value: unknown, open: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : UNSORTABLE;
    case 'object':
      break;
    default:
      return UNSORTABLE;
  }
  if (value === null) return null;
  if (open.has(value)) return UNSORTABLE;
  open.add(value);
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) return UNSORTABLE;
        const item = sortedCopy(value[i], open);
        if (item === UNSORTABLE) return UNSORTABLE;
        out[i] = item;
      }
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return UNSORTABLE;
    const record = value as Record<string, unknown>;
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      const first = key.charCodeAt(0);
      if (first >= 48 && first <= 57) return UNSORTABLE;
      const member = sortedCopy(record[key], open);
      if (member === UNSORTABLE) return UNSORTABLE;
      out[key] = member;
    }
    return out;
  } finally {
    open.delete(value);
  }
}

function write(value: unknown, path: string, indent: string, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(path, `is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot hold`);
  }
  if (value === null) return 'null';
  if (open.has(value)) throw new CanonicalJsonError(path, 'refers to itself (a cycle)');
  const inner = indent + '  ';
  open.add(value);
  try {
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) throw new CanonicalJsonError(`${path}/${i}`, 'is an array hole, which JSON cannot hold');
        items.push(inner + write(value[i], `${path}/${i}`, inner, open));
      }
      return `[\n${items.join(',\n')}\n${indent}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError(path, 'is not a plain object');
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    if (keys.length === 0) return '{}';
    const members = keys.map((key) => `${inner}${JSON.stringify(key)}: ${write(record[key], `${path}/${pointerEscape(key)}`, inner, open)}`);
    return `{\n${members.join(',\n')}\n${indent}}`;
  } finally {
    open.delete(value);
  }
}

