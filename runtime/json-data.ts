/**
 * Case data as a caller hands it over is any JavaScript value. Before a schema sees it, this file turns it into
 * plain JSON data the evaluator can trust, or says in plain words which fields are not JSON:
 *
 * - NaN, ±Infinity, functions, symbols, bigints, Dates, Maps and other non-plain objects are field errors;
 * - cycles, getters or proxies that throw, and more than the size limits below are field errors;
 * - a property that is null or undefined is dropped: null means "not stated", exactly like leaving it out;
 * - the copy is made of null-prototype objects and frozen, so a `__proto__` or `constructor` key is only data
 *   (no prototype pollution) and a getter cannot answer differently when the evaluator reads it again.
 *
 * It never throws.
 */
import { pointerEscape } from './canonical-json.js';
import { err, ok, type Result } from './result.js';

export interface FieldError {
  /** JSON Pointer into the case data: `/request/levels/0`; `` is the case file itself. */
  readonly path: string;
  readonly message: string;
}

export const LIMITS = {
  /** Entries in any one list. */
  maxListLength: 10_000,
  /** Values in the whole case file. */
  maxValues: 200_000,
  /** Nesting depth. */
  maxDepth: 32,
  /** Characters in any one text value. */
  maxTextLength: 100_000,
  /** Field errors reported before stopping. */
  maxErrors: 50,
} as const;

export function toJsonData(input: unknown): Result<unknown, readonly FieldError[]> {
  const state: State = { errors: [], values: 0, open: new Set() };
  let value: unknown;
  try {
    value = copy(input, '', 0, state);
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
  readonly open: Set<object>;
}

/** Marks a value that could not be copied; never escapes this file. */
const INVALID = Symbol('invalid');

function copy(value: unknown, path: string, depth: number, state: State): unknown {
  const fail = (message: string): typeof INVALID => {
    if (state.errors.length < LIMITS.maxErrors) state.errors.push({ path, message });
    return INVALID;
  };
  if (++state.values > LIMITS.maxValues) {
    return state.values === LIMITS.maxValues + 1 ? fail(`makes the case file too large (more than ${LIMITS.maxValues} values)`) : INVALID;
  }
  switch (typeof value) {
    case 'string':
      return value.length > LIMITS.maxTextLength ? fail(`is too long (more than ${LIMITS.maxTextLength} characters)`) : value;
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : fail(`must be a finite number, not ${String(value)}`);
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return fail(`must be JSON data, not a ${typeof value}`);
  }
  if (value === null) return null;
  if (depth >= LIMITS.maxDepth) return fail(`is nested too deeply (more than ${LIMITS.maxDepth} levels)`);
  if (state.open.has(value)) return fail('refers to itself (a cycle)');

  let isArray: boolean;
  let kind: string;
  try {
    isArray = Array.isArray(value);
    kind = Object.prototype.toString.call(value);
  } catch {
    return fail('could not be read');
  }
  if (!isArray && kind !== '[object Object]') return fail(`must be JSON data, not ${kind.slice(8, -1)}`);

  state.open.add(value);
  try {
    return isArray ? copyList(value as readonly unknown[], path, depth, state, fail) : copyObject(value, path, depth, state, fail);
  } finally {
    state.open.delete(value);
  }
}

function copyList(
  list: readonly unknown[],
  path: string,
  depth: number,
  state: State,
  fail: (message: string) => typeof INVALID,
): unknown {
  let length: number;
  try {
    length = list.length;
  } catch {
    return fail('could not be read');
  }
  if (length > LIMITS.maxListLength) return fail(`has ${length} entries; at most ${LIMITS.maxListLength} are accepted`);
  const out: unknown[] = [];
  let invalid = false;
  for (let i = 0; i < length; i++) {
    const itemPath = `${path}/${i}`;
    let item: unknown;
    try {
      item = list[i];
    } catch {
      if (state.errors.length < LIMITS.maxErrors) state.errors.push({ path: itemPath, message: 'could not be read' });
      invalid = true;
      continue;
    }
    const copied = copy(item, itemPath, depth + 1, state);
    if (copied === INVALID) invalid = true;
    else out.push(copied);
  }
  return invalid ? INVALID : Object.freeze(out);
}

function copyObject(
  object: object,
  path: string,
  depth: number,
  state: State,
  fail: (message: string) => typeof INVALID,
): unknown {
  let keys: string[];
  try {
    keys = Object.keys(object);
  } catch {
    return fail('could not be read');
  }
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let invalid = false;
  for (const key of keys) {
    const fieldPath = `${path}/${pointerEscape(key)}`;
    let field: unknown;
    try {
      field = (object as Record<string, unknown>)[key];
    } catch {
      if (state.errors.length < LIMITS.maxErrors) state.errors.push({ path: fieldPath, message: 'could not be read' });
      invalid = true;
      continue;
    }
    const copied = copy(field, fieldPath, depth + 1, state);
    if (copied === INVALID) invalid = true;
    else if (copied !== null) Object.defineProperty(out, key, { value: copied, enumerable: true, writable: false, configurable: false });
  }
  return invalid ? INVALID : Object.freeze(out);
}
