/**
 * Case data as a caller hands it over is any JavaScript value. Before a schema sees it, this file turns it into
 * plain JSON data the evaluator can trust, or says in plain words which fields are not JSON:
 *
 * - NaN, ±Infinity, functions, symbols, bigints, Dates, Maps and other non-plain objects are field errors;
 * - cycles, getters or proxies that throw, and more than the size limits below are field errors;
 * - a property that is null or undefined is dropped: null means "not stated", exactly like leaving it out;
 * - the copy is frozen and a `__proto__` key is stored as an own data property, so such keys are only data (no
 *   prototype pollution) and a getter cannot answer differently when the evaluator reads it again.
 *
 * It never throws.
 */
import { pointerEscape } from './pointer.js';
import { err, ok, type Result } from './result.js';

export interface FieldError {
  /** JSON Pointer into the case data: `/request/levels/0`; `` is the case file itself. */
  readonly path: string;
  readonly message: string;
}

export const LIMITS = {
  /** Entries in any one list. */
  maxListLength: 10_000,
  /**
   * Values in the whole case file: a bound on the work and memory one case can ask for, above every case whose lists
   * are each within `maxListLength` as the case file describes them (a seed-like case with every list at 10,000
   * entries holds about 310,000 values).
   */
  maxValues: 1_000_000,
  /** Nesting depth. */
  maxDepth: 32,
  /** Characters in any one text value. */
  maxTextLength: 100_000,
  /** Field errors reported before stopping. */
  maxErrors: 50,
} as const;

export function toJsonData(input: unknown): Result<unknown, readonly FieldError[]> {
  const state: State = { errors: [], values: 0 };
  let value: unknown;
  try {
    value = copy(input, null, '', 0, state);
  } catch {
    // copy() guards every read; this is a last line of defence against an exotic object.
    state.errors.push({ path: '', message: 'could not be read as JSON data' });
  }
  if (state.errors.length > 0) return err(state.errors.slice(0, LIMITS.maxErrors));
  return ok(value);
}

interface State {
  readonly errors: FieldError[];
  values: number;
}

/**
 * Where a value sits: its container's place and its key in that container. Paths are spelled out only when a
 * field is reported, so the common case (valid data) builds no strings; the container is kept to tell a cycle
 * from merely deep nesting.
 */
interface Place {
  readonly parent: Place | null;
  readonly container: object;
  readonly key: string;
}

function pathOf(parent: Place | null, key: string): string {
  let path = parent === null && key === '' ? '' : `/${pointerEscape(key)}`;
  for (let p = parent; p !== null && p.parent !== null; p = p.parent) path = `/${pointerEscape(p.key)}${path}`;
  return path;
}

function fail(state: State, parent: Place | null, key: string, message: string): typeof INVALID {
  if (state.errors.length < LIMITS.maxErrors) state.errors.push({ path: pathOf(parent, key), message });
  return INVALID;
}

/** Marks a value that could not be copied; never escapes this file. */
const INVALID = Symbol('invalid');

/** `parent` is the place of the container holding `value` under `key` (null for the case file itself). */
function copy(value: unknown, parent: Place | null, key: string, depth: number, state: State): unknown {
  if (++state.values > LIMITS.maxValues) {
    return state.values === LIMITS.maxValues + 1 ? fail(state, parent, key, `makes the case file too large (more than ${LIMITS.maxValues} values)`) : INVALID;
  }
  switch (typeof value) {
    case 'string':
      return value.length > LIMITS.maxTextLength ? fail(state, parent, key, `is too long (more than ${LIMITS.maxTextLength} characters)`) : value;
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : fail(state, parent, key, `must be a finite number, not ${String(value)}`);
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return fail(state, parent, key, `must be JSON data, not a ${typeof value}`);
  }
  if (value === null) return null;
  if (depth >= LIMITS.maxDepth) {
    for (let p = parent; p !== null; p = p.parent) if (p.container === value) return fail(state, parent, key, 'refers to itself (a cycle)');
    return fail(state, parent, key, `is nested too deeply (more than ${LIMITS.maxDepth} levels)`);
  }

  let isArray: boolean;
  let kind: string;
  try {
    isArray = Array.isArray(value);
    kind = isArray ? '[object Array]' : Object.prototype.toString.call(value);
  } catch {
    return fail(state, parent, key, 'could not be read');
  }
  if (!isArray && kind !== '[object Object]') return fail(state, parent, key, `must be JSON data, not ${kind.slice(8, -1)}`);
  // A cycle is found where it closes: an ancestor met again. Checking each container against its own ancestors
  // costs the depth; checking only at the depth limit would report a cycle as "nested too deeply".
  for (let p = parent; p !== null; p = p.parent) if (p.container === value) return fail(state, parent, key, 'refers to itself (a cycle)');
  const place: Place = { parent, container: value, key };
  return isArray ? copyList(value as readonly unknown[], place, depth, state) : copyObject(value, place, depth, state);
}

function copyList(list: readonly unknown[], place: Place, depth: number, state: State): unknown {
  let length: number;
  try {
    length = list.length;
  } catch {
    return fail(state, place.parent, place.key, 'could not be read');
  }
  if (length > LIMITS.maxListLength) return fail(state, place.parent, place.key, `has ${length} entries; at most ${LIMITS.maxListLength} are accepted`);
  const out: unknown[] = [];
  let invalid = false;
  for (let i = 0; i < length; i++) {
    let item: unknown;
    try {
      item = list[i];
    } catch {
      fail(state, place, String(i), 'could not be read');
      invalid = true;
      continue;
    }
    const copied = copy(item, place, String(i), depth + 1, state);
    if (copied === INVALID) invalid = true;
    else out.push(copied);
  }
  return invalid ? INVALID : Object.freeze(out);
}

function copyObject(object: object, place: Place, depth: number, state: State): unknown {
  let keys: string[];
  try {
    keys = Object.keys(object);
  } catch {
    return fail(state, place.parent, place.key, 'could not be read');
  }
  // An ordinary object (fast to read), filled by assignment; `__proto__` is the one key assignment would not
  // store as data, so it alone is defined. Evaluators read own properties only, so inherited names are never data.
  const out: Record<string, unknown> = {};
  let invalid = false;
  for (const key of keys) {
    let field: unknown;
    try {
      field = (object as Record<string, unknown>)[key];
    } catch {
      fail(state, place, key, 'could not be read');
      invalid = true;
      continue;
    }
    const copied = copy(field, place, key, depth + 1, state);
    if (copied === INVALID) invalid = true;
    else if (copied !== null) {
      if (key === '__proto__') Object.defineProperty(out, key, { value: copied, enumerable: true, writable: false, configurable: false });
      else out[key] = copied;
    }
  }
  return invalid ? INVALID : Object.freeze(out);
}
